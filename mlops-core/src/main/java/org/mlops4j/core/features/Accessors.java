package org.mlops4j.core.features;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accessors of one class for a list of features, resolved once by reflection and called through
 * method handles typed {@code (Object) Object}: a record's components, else public getters
 * ({@code getX}, {@code isX}, {@code x}) and public fields, matching a feature's name or its camel
 * case. Immutable and thread-safe.
 */
final class Accessors {

    private static final Logger LOG = LoggerFactory.getLogger(Accessors.class);
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    final Class<?> type;
    final String[] features;
    final MethodHandle[] handles;
    final int found;

    Accessors(Class<?> type, String[] features) {
        this.type = type;
        this.features = features;
        this.handles = new MethodHandle[features.length];
        int n = 0;
        for (int i = 0; i < features.length; i++) {
            handles[i] = resolve(type, features[i]);
            if (handles[i] != null) {
                n++;
            }
        }
        this.found = n;
    }

    Object read(Object input, int feature) {
        MethodHandle h = handles[feature];
        if (h == null) {
            return null;
        }
        try {
            return (Object) h.invokeExact(input);
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException("reading feature '" + features[feature] + "' of " + type.getName()
                    + " failed: " + e, e);
        } catch (Throwable e) {
            throw new IllegalStateException("reading feature '" + features[feature] + "' of " + type.getName()
                    + " failed: " + e, e);
        }
    }

    private static MethodHandle resolve(Class<?> type, String feature) {
        String camel = Names.camel(feature);
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals(feature) || c.getName().equals(camel)) {
                    return handle(type, c.getAccessor());
                }
            }
            return null;
        }
        for (String name : new String[] {feature, camel}) {
            for (String prefix : new String[] {"get", "is"}) {
                MethodHandle h = method(type, prefix + Names.capitalize(name));
                if (h != null) {
                    return h;
                }
            }
            MethodHandle h = method(type, name);
            if (h != null) {
                return h;
            }
        }
        for (String name : new String[] {feature, camel}) {
            try {
                Field f = type.getField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    return MethodHandles.publicLookup().unreflectGetter(f).asType(GETTER);
                }
            } catch (NoSuchFieldException | IllegalAccessException e) {
                // not a readable public field of this name: try the next spelling
            }
        }
        return null;
    }

    private static MethodHandle method(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (Modifier.isStatic(m.getModifiers()) || m.getReturnType() == void.class
                    || m.getDeclaringClass() == Object.class) {
                return null;
            }
            return handle(type, m);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static MethodHandle handle(Class<?> type, Method m) {
        try {
            if (!m.trySetAccessible()) {
                LOG.warn("feature accessor {} of {} is not accessible; the feature reads as missing", m.getName(),
                        type.getName());
                return null;
            }
            return MethodHandles.lookup().unreflect(m).asType(GETTER);
        } catch (IllegalAccessException e) {
            LOG.warn("feature accessor {} of {} is not accessible; the feature reads as missing", m.getName(),
                    type.getName(), e);
            return null;
        }
    }
}
