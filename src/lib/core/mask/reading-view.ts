/**
 * The text as the finders should read it: a word that a line-end hyphen split is one word ("Sund-\naram" →
 * "Sundaram", "Jean-\nPierre" → "Jean-Pierre"), and in LaTeX source the markup is not text ("\name{Jane}{Doe}" →
 * "Jane Doe", "\\" → a line end, "% …" comments and "\documentclass[…]{…}" gone, "\_" → "_").
 * Purpose: the finders (names, addresses, contacts) run on this view and their spans are mapped back, so masking
 * still replaces spans of the original and keeps every original character outside them.
 * Non-goals: rendering LaTeX (accents, macros, math); undoing other layouts (columns, tables).
 * Shape legend: a view character comes from the original span [from[i], to[i]); a deleted original character has no
 * view character; a span [s, e) of the view maps to [from[s], to[e - 1]).
 */

interface Edit {
  start: number;
  end: number;
  /** What the view shows instead of original[start, end); '' deletes it. */
  put: string;
}

export interface ReadingView {
  text: string;
  /** The original span that a view span [start, end) stands for. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

// A letter, a hyphen, a line end, a letter: one word wrapped by a narrow column. Before a lower-case letter the
// hyphen is the wrap's ("Sund-\naram"); before a capital it is the word's own ("Jean-\nPierre").
const WRAPPED_RE = /(?<=[\p{L}\p{M}])-[ \t]*\r?\n[ \t]*(?=(\p{L}))/gu;

// LaTeX source: a preamble, an environment, or several commands with arguments.
const LATEX_SIGN_RE = /\\documentclass\b|\\begin\{[a-z]+\}/;
const LATEX_COMMAND_RE = /\\[a-zA-Z]+\*?[[{]/g;
// Commands whose arguments are settings, not text: the preamble, environments, spacing, colours, pictures, labels.
const SETTING_COMMANDS = [
  'documentclass', 'usepackage', 'RequirePackage', 'moderncvstyle', 'moderncvcolor', 'moderncvtheme', 'moderncvicons',
  'begin', 'end', 'setlength', 'addtolength', 'geometry', 'newgeometry', 'definecolor', 'color', 'hypersetup', 'pagestyle',
  'thispagestyle', 'setcounter', 'newcommand', 'renewcommand', 'providecommand', 'input', 'include', 'label', 'ref',
  'vspace', 'hspace', 'fontsize', 'linespread', 'setmainfont', 'setsansfont', 'photo', 'includegraphics', 'titleformat',
  'titlespacing', 'usetikzlibrary', 'pdfsetup', 'setlist'
].join('|');
const LATEX_EDIT_RE = new RegExp(
  [
    // 1 a comment (an unescaped % to the line end)
    String.raw`((?<!\\)%[^\n]*)`,
    // 2 a settings command with its optional and required arguments
    String.raw`(\\(?:${SETTING_COMMANDS})\*?(?![a-zA-Z])(?:[ \t]*\[[^\]\n]*\]|[ \t]*\{[^{}\n]*\})*)`,
    // 3 a forced line end "\\" or "\\[4pt]"
    String.raw`(\\\\(?:\[[^\]\n]*\])?)`,
    // 4 an escaped special character "\&", "\_", "\%"
    String.raw`\\([&%$#_{}])`,
    // 5 any other command name with its optional arguments (the text in its braces stays)
    String.raw`(\\[a-zA-Z]+\*?(?:\[[^\]\n]*\])*[ \t]?)`,
    // 6 the brace between two arguments ("}{" → a space), 7 any other brace, 8 a tie "~"
    String.raw`(\}[ \t]*\{)`,
    String.raw`([{}])`,
    String.raw`(~)`
  ].join('|'),
  'g'
);

function latexEdits(text: string): Edit[] {
  if (!LATEX_SIGN_RE.test(text) && (text.match(LATEX_COMMAND_RE)?.length ?? 0) < 3) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(LATEX_EDIT_RE)) {
    const put = m[3] !== undefined ? '\n' : m[4] !== undefined ? m[4] : m[6] !== undefined || m[8] !== undefined ? ' ' : '';
    edits.push({ start: m.index, end: m.index + m[0].length, put });
  }
  return edits;
}

function wrapEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(WRAPPED_RE)) {
    const capital = /\p{Lu}/u.test(m[1]);
    // "Jean-\nPierre" keeps its hyphen; "Sund-\naram" loses the wrap's.
    edits.push(capital ? { start: m.index + 1, end: m.index + m[0].length, put: '' } : { start: m.index, end: m.index + m[0].length, put: '' });
  }
  return edits;
}

/** The reading view of `text`, or null when the finders can read the text as it is (no wrapped word, no LaTeX). */
export function readingView(text: string): ReadingView | null {
  const latex = latexEdits(text);
  const edits = [...latex, ...(text.includes('-\n') || /-[ \t]*\r?\n/.test(text) ? wrapEdits(text) : [])].sort((a, b) => a.start - b.start);
  if (edits.length === 0) return null;
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let cursor = 0;
  const copy = (a: number, b: number) => {
    parts.push(text.slice(a, b));
    for (let i = a; i < b; i++) {
      from.push(i);
      to.push(i + 1);
    }
  };
  for (const e of edits) {
    if (e.start < cursor) continue; // overlapping edits: the first wins
    copy(cursor, e.start);
    parts.push(e.put);
    for (let k = 0; k < e.put.length; k++) {
      from.push(e.start);
      to.push(e.end);
    }
    cursor = e.end;
  }
  copy(cursor, text.length);
  const view = parts.join('');
  return {
    text: view,
    toOriginal(start: number, end: number) {
      if (end <= start) return { start: from[start] ?? text.length, end: from[start] ?? text.length };
      return { start: from[start], end: to[end - 1] };
    }
  };
}
