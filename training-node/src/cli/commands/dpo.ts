/**
 * `training-node dpo`: sigmoid DPO with LoRA adapters on TRL {prompt, chosen, rejected} JSONL (what `prefs`
 * writes), or of every weight with --full-finetune. The reference model is the base with adapters disabled (the
 * base as loaded, for a full fine-tune); its log-probs are computed once up front.
 *
 * Non-goals: the training logic (src/train/dpo.ts, decoder-run.ts).
 */
import { runDecoderTraining } from '../../train/decoder-run';
import { parseTrainConfig, runTrainer } from './train-common';

export const DPO_SUMMARY = 'sigmoid DPO with LoRA on TRL {prompt, chosen, rejected} JSONL';

export const DPO_HELP = `training-node dpo --model <hf folder | llama2.c .bin> --data prefs.jsonl --out <folder> [options]

Direct Preference Optimization (TRL loss_type "sigmoid"): loss = -log sigmoid(beta * (policy margin - reference margin)).
Rows: {"prompt": messages|string, "chosen": messages|string, "rejected": messages|string}.
  --beta 0.1   strength of the KL anchor to the reference (base model, adapters disabled)
Eval (with --val) reports DPO loss, reward accuracy and the mean chosen-rejected log-prob margin.
Outputs: as sft (adapter/, merged/, metrics.jsonl, loss curve, checkpoints/).
--full-finetune trains every weight (f32; not with --qlora or --precision f16) and writes merged/ only; the
reference is then the base as loaded (its log-probs are still taken once, before the first update).
DPO defaults: --lr 5e-5 --beta 0.1 --lora-r 8 --lora-alpha 16`;

/** Runs `dpo` with argv (after the command name). */
export async function runDpo(argv: readonly string[]): Promise<number> {
  const cfg = parseTrainConfig('dpo', argv, DPO_HELP, { lr: 5e-5 });
  if (!cfg) return 0;
  return runTrainer('dpo', async () => {
    await runDecoderTraining(cfg);
  });
}
