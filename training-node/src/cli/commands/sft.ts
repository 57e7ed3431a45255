/**
 * `training-node sft`: LoRA / QLoRA (or --full-finetune) supervised fine-tuning of a Llama-family decoder on TRL `messages` JSONL
 * (what `prepare` writes), loss on assistant tokens only, optional packing. Writes a PEFT adapter, merged
 * safetensors, metrics.jsonl, the loss curve and checkpoints under --out.
 *
 * Non-goals: the training logic (src/train/decoder-run.ts).
 */
import { runDecoderTraining } from '../../train/decoder-run';
import { parseTrainConfig, runTrainer } from './train-common';

export const SFT_SUMMARY = 'LoRA/QLoRA or full SFT of a Llama-family model on TRL messages JSONL (assistant-only loss)';

export const SFT_HELP = `training-node sft --model <hf folder | llama2.c .bin> --data train.jsonl --out <folder> [options]

Supervised fine-tuning with LoRA adapters (PEFT semantics); the base stays frozen (4-bit groups of 32 with --qlora).
Rows: {"messages": [{"role": "system"|"user"|"assistant", "content": ...}, ...]} or {"instruction", "input", "output"}.
The loss covers assistant tokens only (mask from the model's chat template; llama2.c models use a plain
"role: content" format). --pack bin-packs short examples into --seq-len rows; each still attends only to
itself, with positions restarting at 0 (like Hugging Face padding-free packing), so the loss is unchanged.
Outputs: adapter/ (adapter_config.json + adapter_model.safetensors), merged/ (config.json + model.safetensors
+ tokenizer files), metrics.jsonl, loss-curve.svg, loss-curve.png, train-summary.json, checkpoints/.
--full-finetune trains every weight instead (f32 on CPU and WebGPU; not with --qlora or --precision f16; use a
smaller --lr such as 2e-5) and writes merged/ only (no adapter/).
SFT defaults: --lr 2e-4 --lora-r 8 --lora-alpha 16 --target-modules q,k,v,o --qlora off --pack off`;

/** Runs `sft` with argv (after the command name). */
export async function runSft(argv: readonly string[]): Promise<number> {
  const cfg = parseTrainConfig('sft', argv, SFT_HELP);
  if (!cfg) return 0;
  return runTrainer('sft', async () => {
    await runDecoderTraining(cfg);
  });
}
