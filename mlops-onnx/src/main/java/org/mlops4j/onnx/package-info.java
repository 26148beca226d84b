/**
 * Integration plane, module mlops-onnx: serving ONNX models with ONNX Runtime. An
 * {@link org.mlops4j.onnx.OnnxPredictor} maps a row of named features to the model's input tensor by
 * an {@link org.mlops4j.onnx.OnnxSignature} and reads its output as a label with class
 * probabilities, or a value; {@link org.mlops4j.onnx.OnnxModels#loader} loads it from a verified
 * registry version. Nothing else in mlops4j depends on ONNX Runtime.
 */
package org.mlops4j.onnx;
