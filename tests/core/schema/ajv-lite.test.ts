/**
 * ajv-lite (the eval-free validator the browser build uses instead of ajv, so the app runs under a CSP without
 * 'unsafe-eval') against the real ajv on every schema the app validates: the model catalog (the shipped
 * models/catalog.json), an organisation's manifest, the feedback export, and the LLM answer schemas. For a valid
 * instance of each and hundreds of mutations of it (each property removed, retyped, emptied, overgrown, an extra
 * property added), both must give the same verdict and the same error text, with allErrors on and off. A keyword
 * ajv-lite does not implement must throw at compile time, never validate less.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import AjvLite from '../../../src/lib/core/schema/ajv-lite';
import { catalogSchema, manifestSchema } from '../../../src/lib/core/models/catalog';
import { FEEDBACK_SCHEMA_V1, feedbackSchemaV1 } from '../../../src/lib/core/feedback/schema';
import { followUpSchema, interviewKitSchema, recommendationSchema, resumeFillSchema, skillScoresSchema } from '../../../src/lib/core/llm/schemas';

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** The shipped catalog with its first model of each runtime (mutating every model only repeats the same checks). */
const shipped = JSON.parse(readFileSync(path.resolve(__dirname, '../../../models/catalog.json'), 'utf8')) as { models: Array<{ runtime: string }> };
const catalog = { ...shipped, models: [...new Map(shipped.models.map((m) => [m.runtime, m])).values()] } as unknown as J;
const sha = 'ab'.repeat(32);
const manifest: J = {
  format: 'shortlist-model-manifest', version: 1, id: 'acme/screener@q4', label: 'Screener', task: 'text-generation', runtime: 'web-llm', dtype: 'q4f16_1',
  license: 'apache-2.0', vram_required_MB: 900, files: [{ path: 'params_shard_0.bin', size_bytes: 1000, sha256: sha }, { path: 'mlc-chat-config.json', size_bytes: 20, sha256: sha }],
  model_lib: { path: 'lib/model.wasm', sha256: sha }
};
const feedback: J = {
  schema: FEEDBACK_SCHEMA_V1, exportedAt: '2026-11-23T12:00:00.000Z', app: { name: 'shortlist', version: '0.1.0' },
  items: [{
    id: 'fb-1', jobId: 'job-1', candidateId: 'cand-1',
    job: { title: 'Backend Engineer', description: 'Go services.', requirements: [{ id: 'go', label: 'Go' }] },
    resumeText: '[NAME_1] builds Go services.', masked: true,
    model: { modelId: 'qwen', decision: 'reject', reasoning: 'No Kubernetes.', scores: { go: 4 } },
    recruiter: { decision: 'select', scores: { go: 3 }, note: 'Fine.' }, createdAt: '2026-11-23T10:00:00Z'
  }]
};
const skillScores: J = { scores: { go: { score: 4, rationale: 'Built Go services.', quotes: ['builds Go services'] }, k8s: { score: 0, rationale: 'None.', quotes: [] } } };

/** Every mutation of `value`: at each path, removed, retyped, emptied, overgrown, or given an extra property. */
function mutations(value: J): J[] {
  const out: J[] = [];
  const clone = () => structuredClone(value);
  const walk = (node: J, trail: Array<string | number>) => {
    const set = (replacement: J | undefined) => {
      if (trail.length === 0) return void (replacement !== undefined && out.push(replacement));
      const copy = clone();
      let at = copy as Record<string | number, J>;
      for (const k of trail.slice(0, -1)) at = at[k] as Record<string | number, J>;
      const last = trail[trail.length - 1];
      if (replacement === undefined) {
        if (Array.isArray(at)) at.splice(last as number, 1);
        else delete at[last];
      } else at[last] = replacement;
      out.push(copy);
    };
    set(undefined);
    for (const wrong of [null, 7, 2.5, -1, 1e9, 'x', '', 'X'.repeat(6000), true, [], {}]) set(wrong as J);
    if (typeof node === 'string') set(node + '\u00e9/..');
    if (Array.isArray(node)) {
      set(Array.from({ length: 60 }, () => node[0] ?? null));
      node.forEach((child, i) => walk(child, [...trail, i]));
    } else if (node && typeof node === 'object') {
      set({ ...node, __extra: 1 });
      for (const [k, child] of Object.entries(node)) walk(child, [...trail, k]);
    }
  };
  walk(value, []);
  return out;
}

const cases: Array<[string, object, J]> = [
  ['catalog', catalogSchema, catalog],
  ['manifest', manifestSchema, manifest],
  ['feedback', feedbackSchemaV1, feedback],
  ['skill scores', skillScoresSchema(['go', 'k8s']), skillScores],
  ['recommendation', recommendationSchema, { reasoning: 'Strong Go, no Kubernetes.', status: 'select' }],
  ['interview kit', interviewKitSchema, { hr: ['Why this role?'], technical: [{ question: 'How do you profile Go?', requirementId: 'go' }] }],
  ['follow-up', followUpSchema, { vague: true, followUp: 'Which services?' }],
  [
    'resume fill',
    resumeFillSchema,
    {
      basics: { label: 'Backend engineer', summary: 'Go services.' },
      work: [{ name: 'Acme', position: 'Engineer', startDate: '2020-01', endDate: '', summary: 'APIs.' }],
      education: [{ institution: 'State University', area: 'CS', studyType: 'BSc', endDate: '2019' }],
      skills: [{ name: 'Go' }]
    }
  ]
];

describe('ajv-lite matches ajv', () => {
  for (const [name, schema, valid] of cases) {
    it(`${name}: same verdicts and messages on a valid instance and its mutations`, () => {
      for (const allErrors of [true, false]) {
        const real = new Ajv({ allErrors, strict: false });
        const lite = new AjvLite({ allErrors, strict: false });
        const a = real.compile(schema);
        const b = lite.compile(schema);
        const instances = [valid, ...mutations(valid)];
        let invalid = 0;
        for (const instance of instances) {
          const va = a(instance);
          expect(b(instance), `${name} ${JSON.stringify(instance).slice(0, 200)}`).toBe(va);
          if (!va) invalid++;
          expect(lite.errorsText(b.errors, { dataVar: name }), JSON.stringify(instance).slice(0, 200)).toBe(real.errorsText(a.errors, { dataVar: name }));
        }
        expect(a(valid), `${name} fixture must be valid`).toBe(true);
        expect(invalid).toBeGreaterThan(5);
      }
    });
  }

  it('refuses a keyword it does not implement instead of ignoring it', () => {
    expect(() => new AjvLite().compile({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } })).toThrow(/keyword "anyOf" at \/properties\/a is not supported/);
    expect(() => new AjvLite().compile({ $ref: '#/definitions/x' })).toThrow(/"\$ref"/);
  });
});
