package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.Descriptors.Descriptor;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.math.protos.TensorProto;
import org.tribuo.protos.core.ModelProto;

/**
 * How {@link ProtoModelCheck} finds the message types a model's {@code Any} payloads may hold: from
 * the {@code protos/*.proto} files of Tribuo's jars (or of a directory) through the generated
 * classes they name, and the files {@link ModelProto} imports. The result is cached for the JVM,
 * so these tests call the discovery afresh with class loaders that show chosen {@code protos/}
 * directories only, and reset the cache to check the cached result against a fresh one.
 */
class ProtoModelCheckDiscoveryTest {

    /** Each test computes ProtoModelCheck's cached types and fields with the code under test (see forgetCaches). */
    @BeforeEach
    void forgetProtoCaches() {
        ProtoModelCheck.forgetCaches();
    }

    @TempDir
    Path dir;

    /** Shows only the given {@code protos/} directories; classes come from the test's loader. */
    private static final class ProtoDirs extends ClassLoader {
        private final List<URL> dirs;

        ProtoDirs(URL... dirs) {
            super(ProtoModelCheckDiscoveryTest.class.getClassLoader());
            this.dirs = List.of(dirs);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return "protos/".equals(name) ? Collections.enumeration(dirs) : super.getResources(name);
        }
    }

    private static URL protosOfJarOf(Class<?> c) throws Exception {
        return new URL("jar:" + c.getProtectionDomain().getCodeSource().getLocation() + "!/protos/");
    }

    private static String javaPackage(String pkg) {
        return "syntax = \"proto3\";\noption java_package = \"" + pkg + "\";\n";
    }

    /** tribuo-core.proto (ModelProto's file) and what it imports: google/protobuf/any.proto and OLCUT's. */
    private static final List<String> CORE = List.of("tribuo.core.ModelProto", "tribuo.core.ModelDataProto",
            "tribuo.core.TransformerMapProto", "tribuo.core.TransformerMapProto.TransformersEntry",
            "google.protobuf.Any", "olcut.RootProvenanceProto", "olcut.SimpleProvenanceProto");

    @Test
    void withoutProtoFilesOnlyModelProtosFileAndItsImportsAreKnown() {
        Map<String, Descriptor> known = ProtoModelCheck.discover(new ProtoDirs());

        assertThat(known).containsKeys(CORE.toArray(String[]::new))
                .doesNotContainKeys("tribuo.math.TensorProto", "tribuo.math.impl.DenseTensorProto");
        assertThat(known.get("tribuo.core.ModelProto")).isSameAs(ModelProto.getDescriptor());
        assertThat(known).hasSize(CORE_TYPES);
        known.forEach((name, type) -> assertThat(type.getFullName()).isEqualTo(name));
    }

    /** The message types (nested ones too, such as map entries) of tribuo-core.proto and its imports, in 4.3.2. */
    static final int CORE_TYPES = 39;
    /** tribuo-math.proto's messages: DistanceProto to TensorProto. */
    static final int MATH_TYPES = 7;
    /** tribuo-math-impl.proto's messages: DenseTensorProto to KDTreeFactoryProto. */
    static final int MATH_IMPL_TYPES = 10;

    @Test
    void theProtoFilesOfAJarNameTheGeneratedClassesWhoseTypesAreKnown() throws Exception {
        Map<String, Descriptor> known = ProtoModelCheck.discover(new ProtoDirs(protosOfJarOf(TensorProto.class)));

        assertThat(known).containsKeys(CORE.toArray(String[]::new))
                .containsKeys("tribuo.math.TensorProto", "tribuo.math.impl.DenseTensorProto",
                        "tribuo.math.impl.SparseTensorProto", "tribuo.math.impl.LinearParametersProto")
                .doesNotContainKey("tribuo.classification.sgd.ClassificationLinearSGDProto");
        assertThat(known.get("tribuo.math.TensorProto")).isSameAs(TensorProto.getDescriptor());
        assertThat(known).hasSize(CORE_TYPES + MATH_TYPES + MATH_IMPL_TYPES);
    }

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = dir.resolve("protos.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Only {@code protos/*.proto} entries are read: not those in a subdirectory, another directory
     * or without the suffix, though each of these names a generated Tribuo class.
     */
    @Test
    void onlyTheProtoFilesDirectlyInTheJarsProtosDirectoryAreRead() throws Exception {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("protos/", "");
        entries.put("protos/tribuo-math.proto", javaPackage("org.tribuo.math.protos"));
        entries.put("protos/tribuo/regression-sgd.proto", javaPackage("org.tribuo.regression.sgd.protos"));
        entries.put("protox/tribuo-classification-sgd.proto", javaPackage("org.tribuo.classification.sgd.protos"));
        entries.put("protos/tribuo-tree", javaPackage("org.tribuo.common.tree.protos"));
        URL protos = new URL("jar:" + jar(entries).toUri() + "!/protos/");

        Map<String, Descriptor> known = ProtoModelCheck.discover(new ProtoDirs(protos));

        assertThat(known).containsKey("tribuo.math.TensorProto").hasSize(CORE_TYPES + MATH_TYPES)
                .doesNotContainKeys("tribuo.regression.sgd.RegressionLinearSGDProto",
                        "tribuo.classification.sgd.ClassificationLinearSGDProto", "tribuo.common.tree.TreeNodeProto");
    }

    /** The jar is read without the JVM's cache of jar files: closing it must not close a jar file others hold. */
    @Test
    void readingAJarDoesNotCloseTheJarFileOthersGetFromTheCache() throws Exception {
        URL protos = new URL("jar:" + jar(Map.of("protos/", "",
                "protos/tribuo-math.proto", javaPackage("org.tribuo.math.protos"))).toUri() + "!/protos/");
        JarURLConnection other = (JarURLConnection) protos.openConnection();
        other.setUseCaches(true);
        try (JarFile shared = other.getJarFile()) {
            assertThat(ProtoModelCheck.discover(new ProtoDirs(protos))).containsKey("tribuo.math.TensorProto");
            assertThat(ProtoModelCheck.discover(new ProtoDirs(protos))).containsKey("tribuo.math.TensorProto");
            assertThat(shared.getEntry("protos/tribuo-math.proto")).isNotNull();
        }
    }

    private URL protosDir(Map<String, String> files) throws IOException {
        Path protos = Files.createDirectories(dir.resolve("protos"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(protos.resolve(f.getKey()), f.getValue());
        }
        return protos.toUri().toURL();
    }

    /**
     * A {@code protos/} directory (as a build's classes directory has) is read too; a file's own
     * {@code java_outer_classname} wins over the one derived from its name; packages outside
     * org.tribuo and files without a package are skipped.
     */
    @Test
    void theProtoFilesOfADirectoryAreReadAndOnlyTribuosPackagesCount() throws Exception {
        URL protos = protosDir(Map.of(
                "tribuo-math.proto", javaPackage("org.tribuo.math.protos"),
                "impl.proto", javaPackage("org.tribuo.math.protos") + "option java_outer_classname = \"TribuoMathImpl\";\n",
                "struct_proto.proto", javaPackage("com.google.protobuf"),
                "tribuo-tree.proto", "syntax = \"proto3\";\n",
                "tribuo-classification-sgd.txt", javaPackage("org.tribuo.classification.sgd.protos")));

        Map<String, Descriptor> known = ProtoModelCheck.discover(new ProtoDirs(protos));

        assertThat(known).containsKeys("tribuo.math.TensorProto", "tribuo.math.impl.DenseTensorProto")
                .hasSize(CORE_TYPES + MATH_TYPES + MATH_IMPL_TYPES)
                .doesNotContainKeys("google.protobuf.Struct", "tribuo.common.tree.TreeNodeProto",
                        "tribuo.classification.sgd.ClassificationLinearSGDProto");
    }

    /** A class loader may list a protos/ directory of another scheme (a URLClassLoader over http): it is skipped. */
    @Test
    void aProtosDirectoryNeitherInAJarNorAFileIsSkipped() throws Exception {
        ProtoDirs remote = new ProtoDirs(new URL("http://localhost:9/protos/"));
        assertThatCode(() -> ProtoModelCheck.discover(remote)).doesNotThrowAnyException();
        assertThat(ProtoModelCheck.discover(remote)).hasSize(CORE_TYPES);
    }

    @Test
    void aClassLoaderThatCannotListResourcesLeavesModelProtosTypesOnly() {
        ClassLoader failing = new ClassLoader(ProtoModelCheckDiscoveryTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                throw new IOException("no listing");
            }
        };
        assertThatCode(() -> ProtoModelCheck.discover(failing)).doesNotThrowAnyException();
        assertThat(ProtoModelCheck.discover(failing)).hasSize(CORE_TYPES);
    }

    /**
     * A thread that found no types and waited for another discovering them takes theirs: the
     * test holds the lock the discovery takes while the other thread waits for it, then discovers.
     */
    @Test
    void aThreadWaitingForTheDiscoveryTakesItsResult() throws Exception {
        ProtoModelCheck.forgetCaches();
        java.util.concurrent.atomic.AtomicReference<Map<String, Descriptor>> waited =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = new Thread(() -> waited.set(ProtoModelCheck.knownTypes()), "waiter");
        Map<String, Descriptor> mine;
        synchronized (ProtoModelCheck.class) {
            waiter.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (waiter.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(waiter.getState()).isEqualTo(Thread.State.BLOCKED);
            mine = ProtoModelCheck.knownTypes();
        }
        waiter.join(10_000);
        assertThat(waited.get()).isSameAs(mine);
    }

    /** The types of a JVM are discovered once, from every Tribuo jar on the classpath. */
    @Test
    void theKnownTypesAreDiscoveredOnceAndAreWhatAFreshDiscoveryFinds() {
        ProtoModelCheck.forgetCaches();
        try {
            Map<String, Descriptor> first = ProtoModelCheck.knownTypes();
            assertThat(ProtoModelCheck.knownTypes()).isSameAs(first);
            assertThat(first).containsKeys(CORE.toArray(String[]::new)).containsKeys(
                    "tribuo.math.impl.DenseTensorProto", "tribuo.classification.sgd.ClassificationLinearSGDProto",
                    "tribuo.regression.sgd.RegressionLinearSGDProto", "tribuo.common.tree.TreeNodeProto",
                    "tribuo.classification.LabelProto", "tribuo.regression.RegressorProto");
            assertThat(first.keySet())
                    .isEqualTo(ProtoModelCheck.discover(ProtoModelCheck.class.getClassLoader()).keySet());
        } finally {
            ProtoModelCheck.forgetCaches();
        }
    }

}
