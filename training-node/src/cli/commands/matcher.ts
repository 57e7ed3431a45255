/**
 * `training-node matcher`: contrastive training of a BERT sentence encoder (MiniLM / bge-small / e5-small)
 * on sentence-transformers JSONL (what `pairs` writes), full fine-tune or LoRA on query/key/value.
 *
 * Non-goals: the training logic (src/train/matcher.ts, matcher-run.ts).
 */
import { runMatcherTraining } from '../../train/matcher-run';
import { parseTrainConfig, runTrainer } from './train-common';

export const MATCHER_SUMMARY = 'contrastive BERT matcher training (MNRL, cosine, triplet; full or LoRA)';

export const MATCHER_HELP = `training-node matcher --model <hf bert folder> --data pairs.jsonl --out <folder> [options]

Rows (sentence-transformers columns): {"anchor", "positive"[, "negative"]} or {"sentence1", "sentence2", "score" 0..1}.
  --loss mnrl|cosine|triplet   MultipleNegativesRanking (in-batch negatives), CosineSimilarity (MSE), Triplet
  --scale 20                   MNRL similarity scale
  --margin 5                   triplet margin (Euclidean distance, sentence-transformers default)
  --full-finetune              train every weight (default: LoRA on query,key,value)
Eval (with --val) reports the loss and, for mnrl/triplet, MRR of each anchor's positive among all val positives.
Outputs: model/ (Hugging Face BertModel + tokenizer + sentence-transformers module files; LoRA merged in),
adapter/ (LoRA only), metrics.jsonl, loss curve, checkpoints/.
  --seq-len N                  default: the length the app embeds at, i.e. the tokenizer's model_max_length
                               (tokenizer_config.json, capped by max_position_embeddings; 512 for MiniLM), since
                               transformers.js truncates there; a different value is allowed but logged as skew
Matcher defaults: --lr 2e-5 (full) / 2e-4 (LoRA) --batch-size 16 --target-modules query,key,value`;

/** Runs `matcher` with argv (after the command name). */
export async function runMatcher(argv: readonly string[]): Promise<number> {
  const full = argv.includes('--full-finetune');
  const cfg = parseTrainConfig('matcher', argv, MATCHER_HELP, {
    lr: full ? 2e-5 : 2e-4, batchSize: 16, targetModules: ['query', 'key', 'value']
  });
  if (cfg && !argv.some((a) => a === '--seq-len' || a.startsWith('--seq-len='))) cfg.seqLenFromModel = true;
  if (!cfg) return 0;
  return runTrainer('matcher', async () => {
    await runMatcherTraining(cfg);
  });
}
