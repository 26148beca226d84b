package org.mlops4j.tribuo;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mlops4j.core.ArtifactIntegrityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.protos.core.ModelProto;

/**
 * Checks a parsed Tribuo {@link ModelProto} before Tribuo deserializes it, walking the whole tree
 * including every {@code google.protobuf.Any} payload:
 *
 * <ul>
 *   <li>every class named by a Tribuo envelope (a message with {@code class_name} and an
 *       {@code Any serialized_data}, which Tribuo's {@code ProtoUtil.deserialize} hands to
 *       {@code Class.forName}, running its static initialiser) is in the allow-list;</li>
 *   <li>every provenance class (and enum class of a provenance value) named in the model's
 *       provenance, which OLCUT also hands to {@code Class.forName}, is in the allow-list
 *       extended by OLCUT's own classes;</li>
 *   <li>every dense tensor holds exactly as many values as its shape declares (computed in
 *       {@code long}, with overflow refused; Tribuo multiplies in {@code int}, so 65,536 x 65,536
 *       became 0 and passed its own check), and no tensor declares more than the cap;</li>
 *   <li>every {@code Any} payload is a message type known on the classpath, so nothing is left
 *       unchecked; and the nesting is at most {@value #MAX_DEPTH} levels.</li>
 * </ul>
 *
 * <p>Payload types are resolved from the descriptors of Tribuo's generated classes, found through
 * the {@code protos/*.proto} files Tribuo's jars carry (their {@code java_package} must be under
 * {@code org.tribuo}) and the files {@link ModelProto} imports.
 */
final class ProtoModelCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ProtoModelCheck.class);

    static final int MAX_DEPTH = 200;

    private static final String ANY = "google.protobuf.Any";
    private static final String TYPE_PREFIX = "type.googleapis.com/";
    private static final String DENSE = "tribuo.math.impl.DenseTensorProto";
    private static final String SPARSE = "tribuo.math.impl.SparseTensorProto";
    private static final String ENUM_PROVENANCE = "com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance";

    private static final Pattern JAVA_PACKAGE = Pattern.compile("option\\s+java_package\\s*=\\s*\"([\\w.]+)\"");
    private static final Pattern OUTER_CLASS = Pattern.compile("option\\s+java_outer_classname\\s*=\\s*\"(\\w+)\"");

    private static volatile Map<String, Descriptor> types;

    private static final Map<Descriptor, List<FieldDescriptor>> MESSAGE_FIELDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final long fileBytes;
    private final TribuoLoadConfig config;
    private final Map<String, Descriptor> known;

    ProtoModelCheck(Path file, long fileBytes, TribuoLoadConfig config) {
        this(file, fileBytes, config, knownTypes());
    }

    /** With the given payload types instead of those found on the classpath; for tests. */
    ProtoModelCheck(Path file, long fileBytes, TribuoLoadConfig config, Map<String, Descriptor> known) {
        this.file = file;
        this.fileBytes = fileBytes;
        this.config = config;
        this.known = known;
    }

    /**
     * Checks the whole model.
     *
     * @throws ArtifactIntegrityException naming the file and what is wrong
     */
    void check(ModelProto model) {
        walk(model, "ModelProto", 0);
    }

    /** Checks a message of any type, named {@code where}; for tests of types no model has. */
    void check(Message message, String where) {
        walk(message, where, 0);
    }

    private void walk(Message message, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw refuse("nests messages deeper than " + MAX_DEPTH + " levels (at " + where + ")");
        }
        Descriptor type = message.getDescriptorForType();
        String name = type.getFullName();
        if (name.equals(ANY)) {
            Message payload = unpack(message, where);
            if (payload != null) {
                walk(payload, where, depth + 1);
            }
            return;
        }
        if (name.equals(DENSE)) {
            checkDense(message, where);
            return;
        }
        if (name.equals(SPARSE)) {
            checkSparse(message, where);
            return;
        }
        FieldDescriptor className = type.findFieldByName("class_name");
        FieldDescriptor data = type.findFieldByName("serialized_data");
        if (className != null && className.getType() == FieldDescriptor.Type.STRING && !className.isRepeated()
                && data != null && data.getType() == FieldDescriptor.Type.MESSAGE
                && data.getMessageType().getFullName().equals(ANY)) {
            String named = (String) message.getField(className);
            if (!config.allows(named)) {
                throw refuse("names class '" + TribuoModels.abbreviate(named) + "' (at " + where + "."
                        + className.getName() + "), which is not in the allow-list of Tribuo's classes "
                        + "(org.tribuo.*) and TribuoLoadConfig.allowedClasses " + config.allowedClasses()
                        + "; it was not loaded");
            }
            where = where + "<" + named.substring(named.lastIndexOf('.') + 1) + ">";
        }
        checkProvenance(message, type, where);
        for (FieldDescriptor fd : messageFields(type)) {
            String at = where + "." + fd.getName();
            if (fd.isRepeated()) {
                int n = message.getRepeatedFieldCount(fd);
                for (int i = 0; i < n; i++) {
                    walk((Message) message.getRepeatedField(fd, i), at, depth + 1);
                }
            } else if (message.hasField(fd)) {
                walk((Message) message.getField(fd), at, depth + 1);
            }
        }
    }

    /**
     * The message-typed fields of a type through which something checked can be reached: an
     * {@code Any}, a tensor, or a field naming a class. Fields of types that reach none (plain
     * numbers and strings all the way down) are not walked.
     */
    static List<FieldDescriptor> messageFields(Descriptor type) {
        List<FieldDescriptor> fields = MESSAGE_FIELDS.get(type);
        if (fields == null) {
            fields = fieldsToWalk(type);
            MESSAGE_FIELDS.putIfAbsent(type, fields);
        }
        return fields;
    }

    /**
     * What {@link #messageFields} caches per type, computed afresh: tests compare the two, since
     * the cache of a JVM that has checked a model already holds Tribuo's types.
     */
    static List<FieldDescriptor> fieldsToWalk(Descriptor type) {
        return type.getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && reachesChecked(f.getMessageType(), new java.util.HashSet<>()))
                .toList();
    }

    private static boolean reachesChecked(Descriptor type, java.util.Set<String> visiting) {
        String name = type.getFullName();
        if (name.equals(ANY) || name.equals(DENSE) || name.equals(SPARSE)
                || type.findFieldByName("class_name") != null || type.findFieldByName("provenance_class_name") != null) {
            return true;
        }
        if (!visiting.add(name)) {
            return false;   // a cycle: whatever it reaches is found through the other fields
        }
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && reachesChecked(f.getMessageType(), visiting)) {
                return true;
            }
        }
        return false;
    }

    /**
     * OLCUT's provenance unmarshalling (run by Tribuo for every model) calls {@code Class.forName}
     * on each {@code provenance_class_name}, and on {@code additional}, the enum class, of an enum
     * value.
     */
    private void checkProvenance(Message message, Descriptor type, String where) {
        FieldDescriptor provenanceClass = type.findFieldByName("provenance_class_name");
        if (provenanceClass == null || provenanceClass.getType() != FieldDescriptor.Type.STRING
                || provenanceClass.isRepeated()) {
            return;
        }
        String named = (String) message.getField(provenanceClass);
        if (!named.isEmpty() && !config.allowsProvenance(named)) {
            throw refuse("names provenance class '" + TribuoModels.abbreviate(named) + "' (at " + where
                    + ".provenance_class_name), which is not in the allow-list of Tribuo's and OLCUT's classes "
                    + "(org.tribuo.*, com.oracle.labs.mlrg.olcut.*) and TribuoLoadConfig.allowedClasses "
                    + config.allowedClasses() + "; it was not loaded");
        }
        FieldDescriptor additional = type.findFieldByName("additional");
        if (named.equals(ENUM_PROVENANCE) && additional != null
                && additional.getType() == FieldDescriptor.Type.STRING && !additional.isRepeated()) {
            String enumClass = (String) message.getField(additional);
            if (!enumClass.isEmpty() && !enumClass.startsWith("java.") && !config.allowsProvenance(enumClass)) {
                throw refuse("names enum class '" + TribuoModels.abbreviate(enumClass) + "' (at " + where
                        + ".additional), which is not in the allow-list of Tribuo's, OLCUT's and the JDK's classes "
                        + "and TribuoLoadConfig.allowedClasses " + config.allowedClasses() + "; it was not loaded");
            }
        }
    }

    private Message unpack(Message any, String where) {
        Descriptor type = any.getDescriptorForType();
        String url = (String) any.getField(type.findFieldByName("type_url"));
        ByteString value = (ByteString) any.getField(type.findFieldByName("value"));
        if (url.isEmpty() && value.isEmpty()) {
            return null;   // an unset Any: nothing to check or deserialize
        }
        Descriptor payload = url.startsWith(TYPE_PREFIX) ? known.get(url.substring(TYPE_PREFIX.length())) : null;
        if (payload == null) {
            throw refuse("holds a payload of type '" + TribuoModels.abbreviate(url) + "' (at " + where
                    + "), not a Tribuo protobuf type on the classpath");
        }
        try {
            return DynamicMessage.parseFrom(payload, value);
        } catch (InvalidProtocolBufferException e) {
            throw new ArtifactIntegrityException("model artifact " + file + " is not a Tribuo protobuf model: its "
                    + payload.getName() + " at " + where + " does not parse (" + e.getMessage() + ")", e);
        }
    }

    private void checkDense(Message tensor, String where) {
        List<Integer> dims = dimensions(tensor);
        ByteString values = (ByteString) tensor.getField(tensor.getDescriptorForType().findFieldByName("values"));
        long declared = product(dims, where);
        if (declared > values.size() / Double.BYTES || declared * Double.BYTES != values.size()) {
            throw refuse("declares a tensor of shape " + shape(dims) + " (" + declared + " values) at " + where
                    + " but holds " + values.size() / Double.BYTES + " values (" + values.size() + " bytes)");
        }
        checkCap(dims, declared, where);
    }

    private void checkSparse(Message tensor, String where) {
        Descriptor type = tensor.getDescriptorForType();
        List<Integer> dims = dimensions(tensor);
        long declared = product(dims, where);
        int nonZero = (Integer) tensor.getField(type.findFieldByName("numNonZero"));
        ByteString values = (ByteString) tensor.getField(type.findFieldByName("values"));
        if (nonZero < 0 || nonZero > declared || (long) nonZero * Double.BYTES != values.size()) {
            throw refuse("declares a sparse tensor of shape " + shape(dims) + " with " + nonZero
                    + " non-zero values at " + where + " but holds " + values.size() / Double.BYTES + " values ("
                    + values.size() + " bytes)");
        }
        checkCap(dims, nonZero, where);
        // A sparse matrix allocates a row object per declared row, values or not.
        long rows = dims.size() < 2 ? 1 : product(dims.subList(0, dims.size() - 1), where);
        if (rows > fileBytes || rows > config.maxTensorElements()) {
            throw refuse("declares a sparse tensor of shape " + shape(dims) + " at " + where + " with " + rows
                    + " rows, more than the file's " + fileBytes + " bytes or TribuoLoadConfig.maxTensorElements "
                    + config.maxTensorElements());
        }
    }

    private void checkCap(List<Integer> dims, long elements, String where) {
        if (elements > config.maxTensorElements()) {
            throw refuse("declares a tensor of shape " + shape(dims) + " (" + elements + " values) at " + where
                    + ", more than TribuoLoadConfig.maxTensorElements " + config.maxTensorElements());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> dimensions(Message tensor) {
        return (List<Integer>) tensor.getField(tensor.getDescriptorForType().findFieldByName("dimensions"));
    }

    private long product(List<Integer> dims, String where) {
        long product = 1;
        for (int d : dims) {
            if (d < 0) {
                throw refuse("declares a tensor of shape " + shape(dims) + " at " + where + ", with a negative size");
            }
            try {
                product = Math.multiplyExact(product, d);
            } catch (ArithmeticException e) {
                throw refuse("declares a tensor of shape " + shape(dims) + " at " + where + ", more than "
                        + Long.MAX_VALUE + " values");
            }
        }
        return product;
    }

    private static String shape(List<Integer> dims) {
        if (dims.size() > 8) {
            return dims.subList(0, 8).stream().map(String::valueOf).collect(Collectors.joining(" x "))
                    + " x ... (" + dims.size() + " dimensions)";
        }
        return dims.stream().map(String::valueOf).collect(Collectors.joining(" x "));
    }

    private ArtifactIntegrityException refuse(String what) {
        return new ArtifactIntegrityException("model artifact " + file + " " + what + "; refusing to load it");
    }

    /** The message types a model file's {@code Any} payloads may hold, by full name; built once. */
    static Map<String, Descriptor> knownTypes() {
        Map<String, Descriptor> result = types;
        if (result == null) {
            synchronized (ProtoModelCheck.class) {
                result = types;
                if (result == null) {
                    result = discover(ProtoModelCheck.class.getClassLoader());
                    types = result;
                }
            }
        }
        return result;
    }

    /**
     * Forgets the known types and the walked fields of each type, so that the next check computes
     * them again; for tests. Mutation testing runs several mutants in one JVM: without this, a test
     * would meet what the code before the mutant (or another mutant) cached.
     */
    static void forgetCaches() {
        synchronized (ProtoModelCheck.class) {
            types = null;
            MESSAGE_FIELDS.clear();
        }
    }

    /** The message types found through {@code loader}'s {@code protos/} resources, afresh. */
    static Map<String, Descriptor> discover(ClassLoader loader) {
        Map<String, FileDescriptor> files = new HashMap<>();
        addFile(ModelProto.getDescriptor().getFile(), files);
        for (String source : protoSources(loader)) {
            for (String outer : outerClasses(source)) {
                try {
                    Class<?> c = Class.forName(outer, true, loader);
                    addFile((FileDescriptor) c.getMethod("getDescriptor").invoke(null), files);
                    break;
                } catch (ClassNotFoundException e) {
                    LOG.debug("no generated class {} for a Tribuo proto file", outer);
                } catch (ReflectiveOperationException | ClassCastException e) {
                    LOG.warn("cannot read the descriptor of {}; its messages cannot be checked", outer, e);
                }
            }
        }
        Map<String, Descriptor> byName = new HashMap<>();
        Deque<Descriptor> pending = new ArrayDeque<>();
        files.values().forEach(f -> pending.addAll(f.getMessageTypes()));
        while (!pending.isEmpty()) {
            Descriptor d = pending.pop();
            if (byName.putIfAbsent(d.getFullName(), d) == null) {
                pending.addAll(d.getNestedTypes());
            }
        }
        LOG.debug("{} protobuf message types known for checking Tribuo models", byName.size());
        return Collections.unmodifiableMap(byName);
    }

    private static void addFile(FileDescriptor file, Map<String, FileDescriptor> files) {
        if (files.putIfAbsent(file.getFullName(), file) == null) {
            file.getDependencies().forEach(d -> addFile(d, files));
        }
    }

    /** The generated outer class names a proto source may have, most likely first; none outside org.tribuo. */
    private static List<String> outerClasses(String source) {
        Matcher pkg = JAVA_PACKAGE.matcher(source);
        if (!pkg.find() || !pkg.group(1).startsWith("org.tribuo.")) {
            return List.of();
        }
        Matcher outer = OUTER_CLASS.matcher(source);
        if (!outer.find()) {
            return List.of();
        }
        // protoc appends OuterClass when a message has the file's name.
        String name = pkg.group(1) + "." + outer.group(1);
        return List.of(name, name + "OuterClass");
    }

    /** The text of every {@code protos/*.proto} resource, with its file's generated outer class name. */
    private static List<String> protoSources(ClassLoader loader) {
        List<String> sources = new ArrayList<>();
        try {
            Enumeration<URL> dirs = loader.getResources("protos/");
            while (dirs.hasMoreElements()) {
                URL url = dirs.nextElement();
                for (Map.Entry<String, String> proto : protoFiles(url).entrySet()) {
                    // Tag the source with the outer class protoc derives from the file name.
                    sources.add(proto.getValue() + "\noption java_outer_classname = \""
                            + outerClassName(proto.getKey()) + "\";");
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the Tribuo proto files on the classpath; models using them will be refused", e);
        }
        return sources;
    }

    private static Map<String, String> protoFiles(URL dir) throws IOException {
        Map<String, String> out = new HashMap<>();
        URLConnection connection = dir.openConnection();
        if (connection instanceof JarURLConnection jar) {
            connection.setUseCaches(false);
            try (JarFile jarFile = jar.getJarFile()) {
                for (Enumeration<JarEntry> e = jarFile.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String name = entry.getName();
                    if (name.startsWith("protos/") && name.endsWith(".proto") && name.indexOf('/', 7) < 0) {
                        try (InputStream in = jarFile.getInputStream(entry)) {
                            out.put(name.substring(7), read(in));
                        }
                    }
                }
            }
        } else if ("file".equals(dir.getProtocol())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(dir.toURI()), "*.proto")) {
                for (Path p : files) {
                    Path name = p.getFileName();
                    if (name != null) {
                        out.put(name.toString(), Files.readString(p, StandardCharsets.UTF_8));
                    }
                }
            } catch (URISyntaxException e) {
                LOG.warn("cannot read proto directory {}", dir, e);
            }
        }
        return out;
    }

    private static String read(InputStream in) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().collect(Collectors.joining("\n"));
        }
    }

    /** protoc's outer class name for a file without {@code java_outer_classname}: camel case of its name. */
    static String outerClassName(String fileName) {
        String base = fileName.endsWith(".proto") ? fileName.substring(0, fileName.length() - 6) : fileName;
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (Character.isLetter(c)) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else if (Character.isDigit(c)) {
                sb.append(c);
                upper = true;
            } else {
                upper = true;
            }
        }
        return sb.toString();
    }
}
