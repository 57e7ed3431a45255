/**
 * Table reading: line numbers survive multi-line quoted CSV fields and CRLF, BOMs are dropped, JSON Lines
 * saved as .json are recognised, dotted paths reach nested fields, and errors carry file and line.
 */
import { describe, expect, it } from 'vitest';
import { DataInputError, getField, parseTable } from '../../src/data/read';

describe('parseTable', () => {
  it('reports the starting line of each CSV row across multi-line fields and CRLF', () => {
    const csv = '\ufeffid,text\r\n1,"one\r\nline two\r\nline three"\r\n2,plain\r\n\r\n3,"x"\r\n';
    const { rows, fields } = parseTable(csv, 'a.csv', 'csv');
    expect(fields).toEqual(['id', 'text']);
    expect(rows.map((r) => [r.fields.id, r.line])).toEqual([['1', 2], ['2', 5], ['3', 7]]);
  });

  it('reads JSON Lines saved as .json, and JSON arrays', () => {
    expect(parseTable('{"a":1}\n{"a":2}\n', 'x.json', 'json').rows.map((r) => r.line)).toEqual([1, 2]);
    expect(parseTable('{"items": [{"a": 1}, {"a": 2}]}', 'y.json', 'json').rows).toHaveLength(2);
  });

  it('names file and line for a bad JSON line, and can skip it instead', () => {
    expect(() => parseTable('{"a":1}\nnot json\n', 'z.jsonl', 'jsonl')).toThrow(/^z\.jsonl:2: not valid JSON/);
    const skipped = parseTable('{"a":1}\nnot json\n{"a":3}\n', 'z.jsonl', 'jsonl', { skipBadRows: true });
    expect(skipped.rows).toHaveLength(2);
    expect(skipped.skipped[0]).toBeInstanceOf(DataInputError);
    expect(skipped.skipped[0].line).toBe(2);
  });

  it('rejects duplicate header columns', () => {
    expect(() => parseTable('a,a\n1,2\n', 'd.csv', 'csv')).toThrow(/d\.csv:1: column "a" appears twice/);
  });
});

describe('getField', () => {
  it('reads dotted paths and exact keys containing dots', () => {
    expect(getField({ meta: { id: 'x' } }, 'meta.id')).toBe('x');
    expect(getField({ 'meta.id': 'flat' }, 'meta.id')).toBe('flat');
    expect(getField({ meta: 3 }, 'meta.id')).toBeUndefined();
  });
});
