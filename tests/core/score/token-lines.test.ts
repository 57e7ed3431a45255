/**
 * tokenizeText / tokenizeLines: the shared, cached tokenisation of a whole resume and of its lines must equal
 * tokenize() of the whole text and of each line ([^\n]+), for any text, and must not serve one text's tokens
 * for another.
 */
import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeLines, tokenizeText } from '../../../src/lib/core/score/text';
import { syntheticResumes } from '../../fixtures/synthetic-resumes';

const perLine = (text: string) => [...text.matchAll(/[^\n]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, tokens: tokenize(text, m.index, m.index + m[0].length) }));

const EDGES = [
  'Node.js\nC++ and C#\n\n[NAME] lives at [ADDRESS_2].\nEnds with a dot.\nv1.2\n3.5 years\r\nexcel.\n',
  '\n\n  \nword',
  '',
  'no newline at all: Kubernetes, Terraform'
];

describe('tokenizeLines / tokenizeText', () => {
  it('equal tokenize() of the whole text and of each line', () => {
    const texts = [...EDGES, ...syntheticResumes(7, 3, 'check').map((d) => d.text)];
    for (const text of texts) {
      expect(tokenizeText(text)).toEqual(tokenize(text));
      expect(tokenizeLines(text)).toEqual(perLine(text));
    }
  });

  it('answers for the text asked, after another text was cached', () => {
    const [a, b] = ['alpha beta\ngamma', 'delta\nepsilon zeta'];
    expect(tokenizeLines(a).flatMap((l) => l.tokens.map((t) => t.term))).toEqual(['alpha', 'beta', 'gamma']);
    expect(tokenizeText(b).map((t) => t.term)).toEqual(['delta', 'epsilon', 'zeta']);
    expect(tokenizeLines(b)).toEqual(perLine(b));
    expect(tokenizeText(a)).toEqual(tokenize(a));
  });
});
