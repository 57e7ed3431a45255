/**
 * Public surface of training-node's models: the Llama-family decoder and the BERT encoder on the CPU
 * reference ops (forward + backward), LoRA adapters, the 4-bit QLoRA base, and the WebGPU decoder path
 * (forward + LoRA backward on the engine kernels), optional activation checkpointing
 * (`gradientCheckpointing` forward option) and savedActivationBytes to measure it. No Node APIs.
 */
export {
  LLAMA_PARAM_NAMES, llamaParamSizes, llamaParamCount, allocLlamaParams, lmHeadWeight, validateLlamaConfig,
  hfLlamaTensorName, isPerLayer, llamaLayerWindow, type LlamaConfig, type LlamaParams, type LlamaParamName
} from './llama-params';
export {
  llamaForward, llamaBackward, causalLmLoss, sequentialPositions,
  type LlamaModel, type LlamaActivations, type LlamaForwardOptions, type LlamaGradients
} from './llama';
export {
  BERT_PARAM_NAMES, bertParamSizes, allocBertParams, hfBertTensorName, bertParamsFromTensors, bertForward, bertBackward,
  type BertConfig, type BertParams, type BertParamName, type BertActivations, type BertForwardOptions, type BertGradients
} from './bert';
export {
  LORA_TARGETS, BERT_LORA_TARGETS, allocLoraAdapters, allocBertLoraAdapters, loraTargetShape, loraScale, validateLoraConfig,
  type LoraTarget, type BertLoraTarget, type LoraConfig, type LoraPair, type LoraAdapters
} from './lora';
export { linearForward, linearBackward, countedDropout, type LinearSaved, type LoraDropout, type CountedDropout } from './linear';
export { quantizeLlamaBase, quantizedBytes } from './quant';
export {
  uploadLlamaModel, llamaForwardGpu, llamaBackwardGpu, allocLlamaGradsGpu, downloadLlamaParams, assertFullyTrainable, type GpuLlamaModel, type GpuLlamaActivations
} from './llama-gpu';
export { uploadLoraAdapters, downloadLoraAdapters, type GpuLora } from './lora-gpu';
export {
  uploadBertParams, downloadBertParams, bertForwardGpu, bertBackwardGpu,
  type GpuBertParams, type GpuBertActivations, type GpuBertGradients
} from './bert-gpu';
export { GpuTensorPool } from './gpu-pool';
export { savedActivationBytes } from './activation-bytes';
export { forwardLayers, forwardLayersGpu, type LayerCheckpoint, type GpuLayerScope } from './checkpointing';
