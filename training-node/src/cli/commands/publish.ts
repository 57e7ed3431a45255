/**
 * `training-node publish RUN --out DIR`: a training run → a folder for any static host, which the app's
 * Settings → Models installs by URL (transformers.js ONNX variants, web-llm MLC shards where a catalog library fits,
 * manifest.json with sizes, SHA-256s and the model card).
 *
 * Non-goals: the export logic (src/export/publish.ts), uploading.
 */
import type { MlcQuantization } from '../../export/mlc';
import type { OnnxWeightFormat } from '../../export/onnx-linear';
import { publishRun, PublishError } from '../../export/publish';
import { outFlag, parseFlags, stringFlag, UsageError } from '../args';

export const PUBLISH_SUMMARY = 'export a run for the app: ONNX (transformers.js), MLC shards (web-llm), manifest.json';

export const PUBLISH_HELP = `training-node publish <run folder> --out <folder> [options]

Reads a matcher run (model/) or an sft/dpo run (merged/; a model folder works too) and writes a folder to upload as is:
  config.json, tokenizer.json, tokenizer_config.json (chat template inlined), generation_config.json (decoders),
  onnx/model.onnx (fp32), onnx/model_quantized.onnx (q8, encoders), onnx/model_q4.onnx + model_q4f16.onnx (decoders,
  KV cache), mlc/<q4f16_1|q4f32_1>/ (web-llm shards reusing a catalog model library) and manifest.json.
  --id <org/name>           model id in the manifest (default: the run folder's name)
  --label <text>            name shown in the app (default: the id)
  --license <spdx>          license of the weights (default "unspecified")
  --formats <list>          ONNX variants: fp32,q8 for encoders (default both); fp32,q4,q4f16 for decoders (default all)
  --mlc auto|none|<list>    web-llm shards: auto (default) writes each of q4f16_1,q4f32_1 that a catalog library fits and
                            says why not otherwise; an explicit list fails with the reason instead
  --mlc-base-config <file>  the base model's mlc-chat-config.json, in a folder named like its catalog id (conversation
                            template and compiled-in constants come from it; required for MLC shards)
  --catalog <file>          model catalog naming the web-llm libraries (default: the app's models/catalog.json)
  --eval <file>             evaluation summary JSON for the model card (default: <run>/eval/summary.json or
                            <run>/eval-summary.json, else the last validation metrics in train-summary.json)
  --chat-template <file>    Jinja chat template replacing the tokenizer's
  --force                   replace an existing --out folder
Then serve --out on any static host (CORS allowed for the app's origin) and paste its URL in the app: Settings → Models.`;

const PUBLISH_FLAGS = {
  id: { type: 'string' as const },
  label: { type: 'string' as const },
  license: { type: 'string' as const },
  formats: { type: 'string' as const },
  mlc: { type: 'string' as const },
  'mlc-base-config': { type: 'string' as const },
  catalog: { type: 'string' as const },
  eval: { type: 'string' as const },
  'chat-template': { type: 'string' as const },
  force: { type: 'boolean' as const }
};

const FORMATS = new Set(['fp32', 'q8', 'q4', 'q4f16']);
const MLC = new Set(['q4f16_1', 'q4f32_1']);

function listFlag<T extends string>(raw: string | undefined, allowed: Set<string>, flag: string): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.has(i));
  if (items.length === 0 || bad.length > 0) throw new UsageError(`--${flag} ${raw}: expected a comma list of ${[...allowed].join(', ')}`);
  return items as T[];
}

/** Runs `publish` with argv (after the command name). */
export async function runPublish(argv: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags('publish', argv, PUBLISH_FLAGS);
  if (flags.help) {
    process.stdout.write(`${PUBLISH_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('publish: give exactly one run folder. See training-node publish --help');
  const out = outFlag('publish', flags);
  const mlcRaw = stringFlag(flags, 'mlc');
  const mlc = mlcRaw === undefined || mlcRaw === 'auto' ? 'auto' : mlcRaw === 'none' ? 'none' : listFlag<MlcQuantization>(mlcRaw, MLC, 'mlc')!;
  try {
    const result = await publishRun({
      run: positionals[0], out, id: stringFlag(flags, 'id'), label: stringFlag(flags, 'label'), license: stringFlag(flags, 'license'),
      formats: listFlag<OnnxWeightFormat>(stringFlag(flags, 'formats'), FORMATS, 'formats'), mlc,
      mlcBaseConfig: stringFlag(flags, 'mlc-base-config'), catalog: stringFlag(flags, 'catalog'), evalFile: stringFlag(flags, 'eval'),
      chatTemplate: stringFlag(flags, 'chat-template'), force: flags.force === true,
      log: flags.quiet ? () => undefined : undefined
    });
    process.stdout.write(`${JSON.stringify({ out: result.out, id: result.manifest.id, variants: result.manifest.variants.map((v) => v.id), mlcSkipped: result.mlcSkipped }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof PublishError) {
      process.stderr.write(`training-node publish: ${e.message}\nNothing was written.\n`);
      return 1;
    }
    throw e;
  }
}
