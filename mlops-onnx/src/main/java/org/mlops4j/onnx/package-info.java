/**
 * Integration plane, module mlops-onnx: serving ONNX models with ONNX Runtime. An
 * {@link org.mlops4j.onnx.OnnxPredictor} maps inputs of named features (maps, records, beans) to the
 * model's input tensor by a core {@link org.mlops4j.core.schema.ModelSignature} and reads its output as a label with class
 * probabilities, or a value; {@link org.mlops4j.onnx.OnnxModels#loader} loads it from a verified
 * registry version;
 * {@link org.mlops4j.onnx.OnnxModels#inspect} reads what a model says about itself (tensor widths,
 * metadata) and infers a signature from it. Nothing else in mlops4j depends on ONNX Runtime.
 */
package org.mlops4j.onnx;
