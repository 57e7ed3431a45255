/**
 * `training-node import-adapter`: the app's "Export for central training" zip (or its unpacked folder) → a matcher
 * run folder: the adapted embedding model the recruiter's browser trained (training-node/src/adapt), checked file by
 * file against its version 2 manifest (listed, size, SHA-256), its PEFT adapter parsed against the model's config,
 * and the merged ONNX read back into our encoder. Written like a `training-node matcher` LoRA run, so `publish`, a
 * central `matcher --model <out>/model` run, or PEFT tooling take it from there:
 *   model/     config.json + model.safetensors (the merged weights) + tokenizer files
 *   adapter/   adapter_config.json + adapter_model.safetensors (PEFT)
 *   source/manifest.json, train-summary.json (from the manifest's model card), report.json
 * Non-goals: re-training or combining several recruiters' adapters (a later matcher run does that).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { validateAnyManifest, type ModelManifestV2 } from '../../../../src/lib/core/models/catalog';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, loadEmbeddingModel, type FolderFiles } from '../../adapt/export';
import { DataInputError } from '../../data/read';
import { newReport } from '../../data/report';
import { serializeHfBert, hfConfigFromBert } from '../../io/export-hf';
import { mergeBertLora, parseBertPeftAdapter } from '../../io/peft';
import { outFlag, parseFlags, UsageError } from '../args';
import { StagedOutput } from '../io';
import { defaultContext, finish, type CommandContext } from '../run-context';

export const IMPORT_ADAPTER_SUMMARY = 'check and unpack an embedding model adapted in the app (zip or folder) into a matcher run folder';

export const IMPORT_ADAPTER_HELP = `training-node import-adapter <adapted.zip | folder> --out <folder>

Reads the zip the app's re-fit panel exports ("Export for central training"): manifest.json (version 2) and every
file it lists, each checked for size and SHA-256; the PEFT adapter (adapter/) is parsed against config.json and the
merged ONNX (onnx/model.onnx) is read back. Writes model/ (HF BERT folder, merged), adapter/ (PEFT),
source/manifest.json, train-summary.json and report.json. Bad input stops with the file and what is wrong.
Options: --quiet`;

async function readFolder(root: string, rel = ''): Promise<FolderFiles> {
  const out: FolderFiles = {};
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readFolder(root, p));
    else out[p] = new Uint8Array(await readFile(path.join(root, p)));
  }
  return out;
}

/** The export's files: a zip or a folder. */
async function readExport(input: string): Promise<FolderFiles> {
  const info = await stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new DataInputError(input, undefined, 'unreadable', `cannot read it (${e.code ?? e.message})`);
  });
  if (info.isDirectory()) return readFolder(input);
  try {
    const entries = unzipSync(new Uint8Array(await readFile(input)));
    return Object.fromEntries(Object.entries(entries).filter(([p]) => !p.endsWith('/')));
  } catch (e) {
    throw new DataInputError(input, undefined, 'not-a-zip', `not a zip archive nor a folder (${(e as Error).message})`);
  }
}

/** The manifest, validated, and every listed file present with its size and SHA-256. */
export function checkAdaptedExport(files: FolderFiles, source: string): ModelManifestV2 {
  const where = (p: string): string => `${source}/${p}`;
  const raw = files['manifest.json'];
  if (!raw) throw new DataInputError(where('manifest.json'), undefined, 'missing', 'missing (is this an export of the app\'s embedding adaptation?)');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch (e) {
    throw new DataInputError(where('manifest.json'), undefined, 'malformed-json', `not valid JSON (${(e as Error).message})`);
  }
  const checked = validateAnyManifest(json, where('manifest.json'));
  if (!checked.ok) throw new DataInputError(where('manifest.json'), undefined, 'invalid-manifest', checked.error.message.replace(`${where('manifest.json')}: `, ''));
  const manifest = checked.value;
  if (manifest.version !== 2 || manifest.task !== 'embeddings') throw new DataInputError(where('manifest.json'), undefined, 'invalid-manifest', 'not a version 2 manifest of an embedding model');
  for (const f of manifest.files) {
    const bytes = files[f.path];
    if (!bytes) throw new DataInputError(where(f.path), undefined, 'missing', 'listed in manifest.json but missing');
    if (bytes.byteLength !== f.size_bytes) throw new DataInputError(where(f.path), undefined, 'size-mismatch', `${bytes.byteLength} bytes, manifest.json says ${f.size_bytes}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== f.sha256) throw new DataInputError(where(f.path), undefined, 'sha256-mismatch', `SHA-256 ${sha}, manifest.json says ${f.sha256}`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  const extra = Object.keys(files).filter((p) => p !== 'manifest.json' && !listed.has(p));
  if (extra.length) throw new DataInputError(where(extra[0]), undefined, 'unlisted', 'not listed in manifest.json (a file nobody vouched for)');
  for (const p of [ADAPTER_CONFIG, ADAPTER_WEIGHTS]) if (!listed.has(p)) throw new DataInputError(where(p), undefined, 'missing', 'missing: the export has no LoRA adapter');
  return manifest;
}

/** Runs `import-adapter` with argv (after the command name). */
export async function runImportAdapter(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  const { flags, positionals } = parseFlags('import-adapter', argv, {});
  if (flags.help) {
    process.stdout.write(`${IMPORT_ADAPTER_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('import-adapter', flags);
  if (positionals.length !== 1) throw new UsageError('import-adapter: give exactly one zip or folder. See training-node import-adapter --help');
  const input = positionals[0];
  const report = newReport('import-adapter');
  const staged = new StagedOutput(out);
  try {
    context.progress({ status: 'stage', stage: 'check manifest and hashes' });
    const files = await readExport(input);
    const manifest = checkAdaptedExport(files, input);
    context.progress({ status: 'stage', stage: 'load adapter and merged model' });
    const model = await loadEmbeddingModel(files, input);
    let lora;
    try {
      lora = parseBertPeftAdapter(model.config, new TextDecoder().decode(files[ADAPTER_CONFIG]), files[ADAPTER_WEIGHTS]);
    } catch (e) {
      throw new DataInputError(`${input}/${ADAPTER_WEIGHTS}`, undefined, 'bad-adapter', (e as Error).message);
    }
    for (const [name, bytes] of Object.entries(files)) {
      if (name.startsWith('adapter/')) await staged.writeBytes(name, bytes);
      else if (name !== 'manifest.json' && !name.startsWith('onnx/') && name !== 'config.json') await staged.writeBytes(`model/${name}`, bytes);
    }
    await staged.writeBytes('model/model.safetensors', serializeHfBert(model.config, model.params));
    await staged.write('model/config.json', JSON.stringify(hfConfigFromBert(model.config), null, 2) + '\n');
    await staged.writeBytes('source/manifest.json', files['manifest.json']);
    const card = manifest.model_card;
    await staged.write('train-summary.json', JSON.stringify({
      mode: card?.training?.mode ?? 'embed-lora', steps: card?.training?.steps ?? 0, seconds: card?.training?.seconds, finalLoss: card?.training?.final_loss ?? undefined,
      device: card?.training?.device, trainRows: card?.training?.examples ?? undefined,
      config: { model: card?.base_model ?? 'unknown', loraR: lora.config.rank },
      finalEval: card?.eval ? { step: card.training?.steps, ...Object.fromEntries(Object.entries(card.eval.metrics).map(([k, v]) => [`eval_${k}`, v])) } : null
    }, null, 2) + '\n');
    // The merged model in the export must be the base plus this adapter: not checkable without the base, so record
    // how far the adapter moves the weights it targets (0 means the adapter is empty).
    const remerged = mergeBertLora(model.config, model.params, lora);
    let moved = 0;
    for (let i = 0; i < remerged.arena.length; i++) moved = Math.max(moved, Math.abs(remerged.arena[i] - model.params.arena[i]));
    report.inputs.push({ file: input, rows: manifest.files.length });
    report.counts = { files: manifest.files.length, loraRank: lora.config.rank, adapterParameters: lora.arena.length, layers: model.config.layers, hidden: model.config.hidden };
    report.rules.adapter = `PEFT LoRA r=${lora.config.rank} alpha=${lora.config.alpha} on ${lora.config.targets.join(', ')}; max |scale·B·A| = ${moved.toExponential(2)}; base model "${card?.base_model ?? 'unknown'}"`;
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
