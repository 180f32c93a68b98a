/**
 * The questions sheet: a one-page A4 PDF with the five questions grouped by domain and room for
 * notes. Written directly (PDF 1.4, the standard Helvetica fonts, WinAnsi text) rather than with
 * pdf-lib: pdf-lib alone is ~510 KB minified, more than the whole 400 KB budget of the send-path
 * bundle. The tests open every sheet with pdf-lib to prove it is a valid one-page PDF.
 */
import { groupsOf } from '#domain/questions.ts';
import type { Question, QuestionDomain, TiaraPart } from '#domain/types.ts';

export interface QuestionsSheetInput {
  /** e.g. "Informational interview" */
  title: string;
  /** Lines under the title: who, when, where. */
  details: string[];
  questions: Question[];
  /** Small print at the bottom, e.g. the consultancy's name. */
  footer: string;
  /** `#rrggbb` accent for the title and rule. */
  accentColor?: string;
  /** CreationDate of the document. */
  createdAt: Date;
}

const DOMAIN_HEADINGS: Record<QuestionDomain, string> = {
  interviewee: 'About you and your path',
  field: 'About the field',
  advice: 'Advice and feedback',
};

/** A TIARA set (every question names its part) is laid out by part, in TIARA's order. */
const TIARA_HEADINGS: Record<TiaraPart, string> = {
  trends: 'Trends',
  insights: 'Insights',
  advice: 'Advice',
  resources: 'Resources',
  assignments: 'Assignments',
};

/** The sheet's sections: TIARA's parts for a TIARA set, else the seed formula's domains (`groupsOf`). */
function sectionsOf(questions: readonly Question[]): { heading: string; questions: Question[] }[] {
  const framework = questions.length > 0 && questions.every((q) => q.tiara !== undefined) ? 'tiara' : 'seed';
  const headings: Record<string, string> = framework === 'tiara' ? TIARA_HEADINGS : DOMAIN_HEADINGS;
  return groupsOf(framework).map((group) => ({
    heading: headings[group.key] as string,
    questions: questions.filter(group.of),
  }));
}

// Advance widths (1/1000 em) of WinAnsi 32..126, from the Adobe AFM metrics of the standard fonts.
// biome-ignore format: a table
const HELVETICA = [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584];
// biome-ignore format: a table
const HELVETICA_BOLD = [278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584];

/** Unicode characters WinAnsi puts in 0x80–0x9F. */
const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

type FontKey = 'F1' | 'F2';

function winAnsiCode(char: string): number {
  const cp = char.codePointAt(0) ?? 63;
  if ((cp >= 32 && cp <= 126) || (cp >= 160 && cp <= 255)) return cp;
  return WIN_ANSI_EXTRA[char] ?? 63; // '?': outside what the standard fonts can show
}

function charWidth(code: number, font: FontKey): number {
  const table = font === 'F2' ? HELVETICA_BOLD : HELVETICA;
  return code >= 32 && code <= 126 ? (table[code - 32] ?? 556) : 556;
}

function textWidth(text: string, font: FontKey, size: number): number {
  let total = 0;
  for (const char of text) total += charWidth(winAnsiCode(char), font);
  return (total * size) / 1000;
}

function hexString(text: string): string {
  let out = '';
  for (const char of text) out += winAnsiCode(char).toString(16).padStart(2, '0');
  return `<${out}>`;
}

function wrap(text: string, font: FontKey, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, font, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function rgb(hex: string | undefined): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  if (!m) return '0.1 0.1 0.1';
  return [m[1], m[2], m[3]].map((h) => (Number.parseInt(h ?? '0', 16) / 255).toFixed(3)).join(' ');
}

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;

/** Lays the page out at `size` points; returns the content stream, or null if it does not fit. */
function layout(input: QuestionsSheetInput, size: number): string | null {
  const width = PAGE_WIDTH - 2 * MARGIN;
  const ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  const text = (value: string, font: FontKey, fontSize: number, color = '0.12 0.16 0.2') => {
    ops.push(`BT ${color} rg /${font} ${fontSize} Tf ${MARGIN} ${y.toFixed(2)} Td ${hexString(value)} Tj ET`);
  };
  const accent = rgb(input.accentColor);

  y -= size * 1.6;
  text(input.title, 'F2', size * 1.6, accent);
  y -= size * 0.9;
  ops.push(`${accent} RG 1 w ${MARGIN} ${y.toFixed(2)} m ${PAGE_WIDTH - MARGIN} ${y.toFixed(2)} l S`);
  for (const detail of input.details) {
    for (const line of wrap(detail, 'F1', size, width)) {
      y -= size * 1.45;
      text(line, 'F1', size, '0.3 0.34 0.38');
    }
  }
  y -= size * 1.2;

  let number = 0;
  for (const { heading, questions } of sectionsOf(input.questions)) {
    if (questions.length === 0) continue;
    y -= size * 1.9;
    text(heading, 'F2', size * 1.1, accent);
    for (const question of questions) {
      number += 1;
      const lines = wrap(`${number}. ${question.text}`, 'F1', size, width);
      for (const line of lines) {
        y -= size * 1.45;
        text(line, 'F1', size);
      }
      y -= size * 3.2; // room for notes
    }
  }
  if (y < MARGIN + size * 2) return null;
  ops.push(
    `BT 0.45 0.45 0.45 rg /F1 ${Math.max(7, size - 3)} Tf ${MARGIN} ${MARGIN - 16} Td ${hexString(input.footer)} Tj ET`,
  );
  return ops.join('\n');
}

function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export function buildQuestionsSheet(input: QuestionsSheetInput): Buffer {
  let content: string | null = null;
  for (const size of [12, 11, 10, 9, 8]) {
    content = layout(input, size);
    if (content) break;
  }
  // Still too long at 8 pt: keep it on one page and let the end run off rather than add a page.
  content ??= layout(input, 8) ?? '';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title ${hexString(input.title)} /Producer (rapport) /CreationDate (${pdfDate(input.createdAt)}) >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
