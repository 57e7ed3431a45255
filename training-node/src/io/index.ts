/**
 * Public surface of training-node's io layer: checkpoint and tokenizer formats in (llama2.c, Hugging Face
 * folders, safetensors, ONNX initializers) and out (PEFT adapters, HF safetensors exports).
 * Everything here works on bytes, except node-files.ts (re-exported last), the Node file-system binding.
 */
export { readLlama2cCheckpoint, permuteAdjacentToHalf, type Llama2cModel } from './llama2c';
export {
  readLlama2cTokenizer, encodeLlama2c, decodeLlama2c, LLAMA2C_BOS, LLAMA2C_EOS, type Llama2cTokenizer
} from './llama2c-tokenizer';
export {
  parseSafetensors, readSafetensor, serializeSafetensors,
  type SafetensorsDtype, type SafetensorsEntry, type SafetensorsFile, type SafetensorsTensor, type SafetensorsWriteDtype
} from './safetensors';
export { halfBitsToFloat, floatToHalfBits, bf16BitsToFloat, floatToBf16Bits, f16BytesToF32, bf16BytesToF32 } from './half';
export {
  llamaConfigFromHf, bertConfigFromHf, readHfConfig, openSafetensorsCheckpoint, loadHfLlama, loadHfBert,
  loadHfTokenizer, applyChatTemplate, tokenizeChat,
  type ModelFiles, type SafetensorsCheckpoint, type HfTokenizer, type ChatMessage, type TokenizedChat
} from './hf';
export { llamaParamsFromTensors, type NamedTensor, type TensorLookup } from './llama-weights';
export {
  readOnnxWeights, onnxTensorLookup,
  type OnnxWeights, type OnnxInitializer, type OnnxNodeInfo, type OnnxAttributeValue, type ExternalDataReader
} from './onnx';
export { onnxProtoRoot, modelProtoType, OnnxDataType } from './onnx-proto';
export {
  peftKey, peftAdapterConfig, serializePeftAdapter, parsePeftAdapter, parseBertPeftAdapter, mergeLoraIntoParams
} from './peft';
export { hfConfigFromLlama, serializeHfLlama, hfConfigFromBert, serializeHfBert } from './export-hf';
export {
  nodeModelFiles, nodeExternalData, readFileBytes, writeFileAtomic, writePeftAdapterDir, writeMergedModelDir, writeHfBertDir
} from './node-files';
