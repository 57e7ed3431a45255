/**
 * Decision-log hash chain: a chain built entry by entry verifies; editing any recorded fact, the candidate or the
 * note, relinking an edited entry, or removing an entry is reported at the first broken entry; anonymising entries
 * (a deleted candidate) keeps the chain valid; the CSV export neutralises formula-looking notes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { anonymiseEntry, buildEntry, canonicalJson, decisionLogCsv, decisionLogJson, GENESIS_HASH, sha256Hex, verifyChain, type DecisionLogEntry } from '../../../src/lib/core/decision-log';

const facts = (action: 'select' | 'reject', score: number) => ({
  jobId: 'job-1',
  at: new Date(Date.UTC(2026, 0, 1, 9, score)).toISOString(),
  action,
  score,
  scorerVersion: 'default-scorer/ranker-v1/app-test',
  models: {},
  blind: true,
  recommendation: null,
  override: false
});

async function chain(n: number): Promise<DecisionLogEntry[]> {
  const entries: DecisionLogEntry[] = [];
  for (let i = 0; i < n; i++) entries.push(await buildEntry(entries.at(-1), facts(i % 2 ? 'reject' : 'select', 50 + i), { candidateId: `cand-${i}`, note: `note ${i}` }));
  return entries;
}

describe('decision-log chain', () => {
  it('verifies a chain it built and reports its head', async () => {
    const entries = await chain(4);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    expect(entries[2].prevHash).toBe(entries[1].hash);
    expect(await verifyChain(entries)).toEqual({ ok: true, entries: 4, head: entries[3].hash });
    expect(await verifyChain([])).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });

  it('detects an edited fact at that entry', async () => {
    const entries = await chain(4);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, action: 'select' as const } : e));
    const check = await verifyChain(edited);
    expect(check).toMatchObject({ ok: false, seq: 2 });
    expect(!check.ok && check.reason).toMatch(/facts were changed/);
    expect(await verifyChain(entries.map((e) => (e.seq === 3 ? { ...e, score: 99 } : e)))).toMatchObject({ ok: false, seq: 3 });
    expect(await verifyChain(entries.map((e) => (e.seq === 1 ? { ...e, blind: false } : e)))).toMatchObject({ ok: false, seq: 1 });
  });

  it('detects an edited note or candidate through the commitment', async () => {
    const entries = await chain(3);
    const note = entries.map((e) => (e.seq === 1 ? { ...e, personal: { ...e.personal!, note: 'rewritten' } } : e));
    const check = await verifyChain(note);
    expect(check).toMatchObject({ ok: false, seq: 1 });
    expect(!check.ok && check.reason).toMatch(/candidate or note/);
    const who = entries.map((e) => (e.seq === 3 ? { ...e, personal: { ...e.personal!, candidateId: 'someone-else' } } : e));
    expect(await verifyChain(who)).toMatchObject({ ok: false, seq: 3 });
  });

  it('detects an edited entry whose own hash was recomputed: the next entry no longer links', async () => {
    const entries = await chain(3);
    // Rebuild entry 2 with other facts (a valid hash of its own), keep entry 3 as it was.
    const forged = await buildEntry(entries[0], facts('select', 10), { candidateId: 'cand-1', note: 'note 1' });
    const check = await verifyChain([entries[0], forged, entries[2]]);
    expect(check).toMatchObject({ ok: false, seq: 3 });
    expect(!check.ok && check.reason).toMatch(/does not link/);
  });

  it('detects a removed or reordered entry', async () => {
    const entries = await chain(4);
    expect(await verifyChain([entries[0], entries[2], entries[3]])).toMatchObject({ ok: false, seq: 3 });
    expect(await verifyChain([entries[1], entries[0]])).toMatchObject({ ok: false });
  });

  it('still verifies after entries are anonymised, and the personal fields and salt are gone', async () => {
    const entries = await chain(4);
    const anonymised = entries.map((e) => (e.seq === 2 || e.seq === 4 ? anonymiseEntry(e) : e));
    expect(await verifyChain(anonymised)).toEqual({ ok: true, entries: 4, head: entries[3].hash });
    expect(anonymised[1].personal).toBeNull();
    expect(anonymised[1].anonymisedAt).toMatch(/^\d{4}-/);
    expect(JSON.stringify(anonymised[1])).not.toContain('cand-1');
    // An anonymised entry's facts are still protected.
    expect(await verifyChain(anonymised.map((e) => (e.seq === 2 ? { ...e, action: 'select' as const } : e)))).toMatchObject({ ok: false, seq: 2 });
  });

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('hashes the UTF-8 bytes of the text (the same digest as node:crypto), lowercase hex', async () => {
    for (const text of ['abc', '', 'Zoë Ñúñez — 履歴書 🙂']) expect(await sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('exports CSV with formula-looking notes neutralised and JSON that verifies again', async () => {
    const entries = [await buildEntry(undefined, facts('select', 70), { candidateId: 'c', note: '=HYPERLINK("http://x")' })];
    const rows = Papa.parse<Record<string, string>>(decisionLogCsv(entries), { header: true }).data;
    expect(rows[0].note).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[0]).toMatchObject({ seq: '1', action: 'select', score: '70', blind: 'yes', hash: entries[0].hash, anonymised: 'no' });
    const json = JSON.parse(decisionLogJson('job-1', entries, await verifyChain(entries)));
    expect(json.head).toBe(entries[0].hash);
    expect(await verifyChain(json.entries)).toMatchObject({ ok: true, entries: 1 });
  });
});
