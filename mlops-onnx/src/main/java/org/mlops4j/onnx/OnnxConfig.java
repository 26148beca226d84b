package org.mlops4j.onnx;

/**
 * How ONNX Runtime runs a model.
 *
 * @param intraOpThreads threads one operator may use (0: ONNX Runtime's default, one per core)
 * @param interOpThreads threads running independent operators at once (0: ONNX Runtime's default)
 * @param optimization the graph optimisation level
 * @param allowNaN whether a NaN feature value reaches the model (some models take NaN as missing);
 *     otherwise it is refused as invalid input naming the feature
 */
public record OnnxConfig(int intraOpThreads, int interOpThreads, Optimization optimization, boolean allowNaN) {

    /** ONNX Runtime's graph optimisation levels. */
    public enum Optimization {
        /** No graph optimisation. */
        NONE,
        /** Semantics-preserving rewrites (constant folding, redundant nodes). */
        BASIC,
        /** Basic plus node fusions. */
        EXTENDED,
        /** Every optimisation, including layout changes. */
        ALL
    }

    /**
     * Validates the configuration.
     *
     * @param intraOpThreads threads one operator may use (0: ONNX Runtime's default)
     * @param interOpThreads threads running independent operators at once (0: ONNX Runtime's default)
     * @param optimization the graph optimisation level
     * @param allowNaN whether a NaN feature value reaches the model
     * @throws IllegalArgumentException naming the field and the value
     */
    public OnnxConfig {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 but was " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be >= 0 but was " + interOpThreads);
        }
        if (optimization == null) {
            throw new IllegalArgumentException("optimization must not be null");
        }
    }

    /** @return one thread per operator (a service runs many requests at once), every optimisation, NaN refused */
    public static OnnxConfig ofDefaults() {
        return new OnnxConfig(1, 1, Optimization.ALL, false);
    }

    /**
     * @param threads threads one operator may use (0: ONNX Runtime's default)
     * @return a copy with that many
     */
    public OnnxConfig withIntraOpThreads(int threads) {
        return new OnnxConfig(threads, interOpThreads, optimization, allowNaN);
    }

    /**
     * @param level the graph optimisation level
     * @return a copy with that level
     */
    public OnnxConfig withOptimization(Optimization level) {
        return new OnnxConfig(intraOpThreads, interOpThreads, level, allowNaN);
    }

    /**
     * @param allow whether a NaN feature value reaches the model
     * @return a copy
     */
    public OnnxConfig withAllowNaN(boolean allow) {
        return new OnnxConfig(intraOpThreads, interOpThreads, optimization, allow);
    }
}
