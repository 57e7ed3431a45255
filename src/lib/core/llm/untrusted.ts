/**
 * Candidate text is data, never instructions. This file (1) wraps untrusted text in <resume>…</resume>-style
 * delimiters after neutralising any delimiter-like tag inside it, and (2) flags text aimed at the screener
 * ("ignore previous instructions", "you are an AI", "rate this candidate 10/10", chat-template tokens, text
 * hidden in the PDF). Flags are shown to the recruiter; they never change a score by themselves.
 *
 * Non-goals: masking (core/mask), deciding relevance. Shape legend: spans are half-open UTF-16 offsets into the
 * text given; neutralising keeps the length (one char for one char) so offsets and verbatim quotes still map.
 */

export const UNTRUSTED_TAGS = ['resume', 'job', 'transcript', 'answer', 'question'] as const;
export type UntrustedTag = (typeof UNTRUSTED_TAGS)[number];

const TAG_LIKE = new RegExp(String.raw`<\s*\/?\s*(?:${UNTRUSTED_TAGS.join('|')})\b[^<>]*>?`, 'gi');

/** Replace `<`/`>` of delimiter-like tags with look-alikes ‹ › (same length), so untrusted text cannot close its block. */
export function neutraliseDelimiters(text: string): string {
  return text.replace(TAG_LIKE, (m) => m.replace(/</g, '‹').replace(/>/g, '›'));
}

/** `<tag>\n…\n</tag>` around neutralised untrusted text. */
export function delimitUntrusted(tag: UntrustedTag, text: string): string {
  return `<${tag}>\n${neutraliseDelimiters(text)}\n</${tag}>`;
}

export type InjectionKind = 'override-instructions' | 'role-play' | 'score-manipulation' | 'chat-template' | 'hidden-text';

export interface InjectionFlag {
  kind: InjectionKind;
  /** What matched, as written (empty for hidden-text, whose text was dropped by ingest). */
  text: string;
  span?: { start: number; end: number };
  message: string;
}

const PATTERNS: { kind: InjectionKind; re: RegExp; message: string }[] = [
  {
    kind: 'override-instructions',
    re: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|all|any|your|the|system)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|rules|directions|guidelines|criteria)\b/gi,
    message: 'asks the screener to ignore its instructions'
  },
  {
    kind: 'override-instructions',
    re: /\b(?:new|updated|additional)\s+(?:instructions?|system\s+prompt)\s*:/gi,
    message: 'announces new instructions'
  },
  {
    kind: 'role-play',
    re: /\b(?:you\s+are|you're|act\s+as|pretend\s+(?:to\s+be|you\s+are)|as\s+an?)\s+(?:now\s+)?(?:an?\s+)?(?:ai|a\.i\.|large\s+language\s+model|language\s+model|llm|chatbot|gpt|assistant|screener|screening\s+(?:tool|system|model)|recruit(?:er|ing)\s+(?:ai|bot|assistant|tool))\b/gi,
    message: 'addresses the AI screener directly'
  },
  {
    kind: 'score-manipulation',
    re: /\b(?:rate|score|rank|grade|evaluate|mark)\s+(?:this|the|me|my|him|her|them)?\s*(?:candidate|applicant|resume|cv|profile)?\s*(?:as\s+|at\s+|with\s+)?(?:a\s+)?(?:10\s*\/\s*10|5\s*\/\s*5|100\s*%|\d+\s*out\s+of\s+\d+|highest|highly|top|perfect|maximum|max|excellent)\b/gi,
    message: 'tells the screener what score to give'
  },
  {
    kind: 'score-manipulation',
    re: /\b(?:recommend|select|hire|shortlist|advance|approve)\s+(?:this|the)\s+(?:candidate|applicant|person)\b|\b(?:do\s+not|don't|never)\s+(?:reject|filter\s+out|screen\s+out)\b|\b(?:is\s+the\s+(?:best|perfect|ideal)\s+(?:candidate|fit|match))\b/gi,
    message: 'tells the screener which decision to make'
  },
  {
    kind: 'chat-template',
    re: /<\|(?:im_start|im_end|system|user|assistant|eot_id|start_header_id|end_header_id|begin_of_text)\|>|\[\/?INST\]|<<\/?SYS>>|^#{2,3}\s*(?:system|instruction|assistant)\b/gim,
    message: 'contains chat-template control tokens'
  }
];

/** Flag instruction-like text aimed at the screener; `hidden` is ingest's report of invisible text it dropped. */
export function flagInjection(text: string, hidden?: { chars: number; byReason?: Record<string, number> }): InjectionFlag[] {
  const flags: InjectionFlag[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      flags.push({ kind: p.kind, text: m[0], span: { start: m.index, end: m.index + m[0].length }, message: p.message });
      if (m[0].length === 0) p.re.lastIndex++;
    }
  }
  if (hidden && hidden.chars > 0) {
    const reasons = Object.entries(hidden.byReason ?? {})
      .filter(([, n]) => n > 0)
      .map(([r, n]) => `${r}: ${n}`)
      .join(', ');
    flags.push({ kind: 'hidden-text', text: '', message: `the file contained ${hidden.chars} characters of text invisible to a human reader${reasons ? ` (${reasons})` : ''}; it was dropped before screening` });
  }
  return flags.sort((a, b) => (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity));
}
