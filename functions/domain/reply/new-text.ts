/**
 * The part of a reply the contact actually wrote: quoted history and signature removed.
 *
 * Two passes. Ours cuts at the first line that starts quoted history (Gmail "On … wrote:", Outlook
 * "From: … Sent: …" headers or a rule followed by "From:", "-----Original Message-----", and their
 * de/fr/es forms) and drops '>' lines; then signatures ("--", "Sent from my iPhone", …) and quote
 * headers we did not recognise are removed with email-reply-parser's rules (`signature.ts`). Every
 * step is linear in the text.
 */
import { withoutSignature } from './signature.ts';

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i;
/** Tried on lines with trailing whitespace trimmed: `\s*:?\s*$` after each "wrote" would be quadratic in a run of spaces. */
const WROTE_LINE =
  /^\s*(?:on|am|le|el)\s.+(?:wrote|schrieb|a écrit|escribió)(?:\s*:)?$|^.+\s(?:wrote|schrieb|a écrit|escribió)\s*:$/i;
const HEADER_FROM = /^\s*\*?(?:from|von|de|da)\s?:\*?\s+\S/i;
const HEADER_NEXT =
  /^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto)\s?:/i;
const RULE = /^\s*(?:_{8,}|-{8,}|={8,})\s*$/;
/** How many lines after "From:" may hold the rest of an Outlook header block. */
const HEADER_LOOKAHEAD = 4;

/**
 * Plain text of an HTML body: block elements and `<br>` start lines, `<hr>` is a rule of dashes (so
 * an Outlook `<hr>` + "From:" block is still cut as quoted history), blockquotes are prefixed '>',
 * links keep their text only, images, `<head>`, `<style>` and `<script>` are dropped, entities are
 * decoded and whitespace collapsed. Small and dependency-free: it keeps the inbound bundle light.
 */
export function htmlToText(html: string): string {
  const lines: { depth: number; text: string }[] = [];
  let current = '';
  let depth = 0;
  let pre = 0;
  const flush = (keepBlank: boolean) => {
    const text = current.trim();
    if (text || keepBlank) lines.push({ depth, text });
    current = '';
  };
  const source = dropRawTextElements(html.replace(/<!--[\s\S]*?(?:-->|$)/g, ''));
  const appendText = (raw: string) => {
    const text = pre > 0 ? decodeEntities(raw) : decodeEntities(raw).replace(/[ \t\r\n\f\u00a0]+/g, ' ');
    if (pre > 0) {
      const [first = '', ...rest] = text.split(/\r?\n/);
      current += first;
      for (const line of rest) {
        flush(true);
        current = line;
      }
      return;
    }
    current += current === '' || current.endsWith(' ') ? text.replace(/^ /, '') : text;
  };
  const tags = new TagScanner(source);
  let last = 0;
  for (let tag = tags.next(last); tag; tag = tags.next(last)) {
    appendText(source.slice(last, tag.start));
    last = tag.end;
    const name = tag.name;
    if (!name) continue;
    const closing = tag.closing;
    if (name === 'br') flush(true);
    else if (name === 'hr') {
      flush(false);
      lines.push({ depth, text: '-'.repeat(40) });
    } else if (name === 'td' || name === 'th') {
      if (closing) current += ' ';
    } else if (name === 'blockquote') {
      flush(false);
      depth = Math.max(0, depth + (closing ? -1 : 1));
    } else if (PARAGRAPH.test(name)) {
      flush(false);
      lines.push({ depth, text: '' });
      if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
    } else if (BLOCK.test(name)) flush(false);
  }
  appendText(source.slice(last));
  flush(false);
  const out: string[] = [];
  for (const { depth: d, text } of lines) {
    const line = `${'> '.repeat(Math.min(d, MAX_QUOTE_PREFIX))}${text}`.trimEnd();
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

/** Quoted lines are dropped whatever their depth: deeper nesting than this is written at this depth. */
const MAX_QUOTE_PREFIX = 16;
const RAW_TEXT_OPEN = /<(head|style|script|title|template|noscript)\b/gi;
const RAW_TEXT_CLOSE: Record<string, RegExp> = Object.fromEntries(
  ['head', 'style', 'script', 'title', 'template', 'noscript'].map((name) => [
    name,
    new RegExp(`</${name}\\s*>`, 'gi'),
  ]),
);

/**
 * The first '>' at or after a position, for positions asked in increasing order: each character is
 * looked at once however many times it is asked (a run of unclosed `<a ` costs one scan, not one per `<`).
 */
class NextGreaterThan {
  private found = -2;
  constructor(private readonly text: string) {}
  at(position: number): number {
    if (this.found === -1 || this.found >= position) return this.found;
    this.found = this.text.indexOf('>', position);
    return this.found;
  }
}

/**
 * `<head>`, `<style>`, `<script>`, `<title>`, `<template>` and `<noscript>` elements removed with
 * their content (to the end when never closed), in one pass: an opening tag needs a '>' after it.
 */
function dropRawTextElements(html: string): string {
  const kept: string[] = [];
  const greaterThan = new NextGreaterThan(html);
  let from = 0;
  RAW_TEXT_OPEN.lastIndex = 0;
  for (let open = RAW_TEXT_OPEN.exec(html); open; open = RAW_TEXT_OPEN.exec(html)) {
    const openEnd = greaterThan.at(open.index);
    if (openEnd === -1) break; // no '>' left: no later element can open either
    const close = RAW_TEXT_CLOSE[(open[1] ?? '').toLowerCase()];
    if (!close) break;
    close.lastIndex = openEnd + 1;
    const closed = close.exec(html);
    kept.push(html.slice(from, open.index));
    from = closed ? closed.index + closed[0].length : html.length;
    RAW_TEXT_OPEN.lastIndex = from;
    if (!closed) break;
  }
  kept.push(html.slice(from));
  return kept.join('');
}

interface Tag {
  start: number;
  end: number;
  /** Lowercase element name; undefined for `<!DOCTYPE …>`, `<?…>` and other bracketed text. */
  name?: string;
  closing: boolean;
}

const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b/y;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const GREATER_THAN = 62;

/**
 * Tags in order, in one left-to-right pass. A named tag ends at the first '>' outside quoted
 * attribute values; anything else from '<' to the next '>' is a tag without a name (dropped); a '<'
 * with no '>' after it is text. Once a named tag runs off the end (or opens a quote never closed),
 * quotes are no longer honoured for the rest of the text, so no character is scanned twice.
 */
class TagScanner {
  private readonly greaterThan: NextGreaterThan;
  private honourQuotes = true;
  constructor(private readonly text: string) {
    this.greaterThan = new NextGreaterThan(text);
  }

  next(from: number): Tag | undefined {
    const start = this.text.indexOf('<', from);
    if (start === -1) return undefined;
    TAG_NAME.lastIndex = start;
    const named = TAG_NAME.exec(this.text);
    if (named && this.text[TAG_NAME.lastIndex] !== '_') {
      const end = this.honourQuotes ? this.endOutsideQuotes(TAG_NAME.lastIndex) : this.greaterThan.at(start);
      if (end !== -1)
        return { start, end: end + 1, name: named[2]?.toLowerCase(), closing: named[1] === '/' };
    }
    const end = this.greaterThan.at(start);
    return end === -1 ? undefined : { start, end: end + 1, closing: false };
  }

  /** Index of the '>' that ends a tag whose attributes start at `from`, or -1 (and quotes stop counting). */
  private endOutsideQuotes(from: number): number {
    const text = this.text;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === GREATER_THAN) return i;
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        const closing = text.indexOf(text.charAt(i), i + 1);
        if (closing === -1) break;
        i = closing;
      }
    }
    this.honourQuotes = false;
    return -1;
  }
}

const PARAGRAPH = /^(?:p|pre|h[1-6]|table|ul|ol|dl)$/;
const BLOCK =
  /^(?:address|article|aside|center|dd|div|dt|fieldset|figcaption|figure|footer|form|header|li|main|nav|section|tbody|thead|tfoot|tr|caption)$/;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  deg: '°',
  times: '×',
  divide: '÷',
  shy: '',
  zwnj: '',
  zwj: '',
  iexcl: '¡',
  iquest: '¿',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  auml: 'ä',
  aring: 'å',
  aelig: 'æ',
  ccedil: 'ç',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  euml: 'ë',
  igrave: 'ì',
  iacute: 'í',
  icirc: 'î',
  iuml: 'ï',
  ntilde: 'ñ',
  ograve: 'ò',
  oacute: 'ó',
  ocirc: 'ô',
  otilde: 'õ',
  ouml: 'ö',
  oslash: 'ø',
  ugrave: 'ù',
  uacute: 'ú',
  ucirc: 'û',
  uuml: 'ü',
  yacute: 'ý',
  yuml: 'ÿ',
  szlig: 'ß',
  Agrave: 'À',
  Aacute: 'Á',
  Acirc: 'Â',
  Atilde: 'Ã',
  Auml: 'Ä',
  Aring: 'Å',
  AElig: 'Æ',
  Ccedil: 'Ç',
  Egrave: 'È',
  Eacute: 'É',
  Ecirc: 'Ê',
  Euml: 'Ë',
  Igrave: 'Ì',
  Iacute: 'Í',
  Icirc: 'Î',
  Iuml: 'Ï',
  Ntilde: 'Ñ',
  Ograve: 'Ò',
  Oacute: 'Ó',
  Ocirc: 'Ô',
  Otilde: 'Õ',
  Ouml: 'Ö',
  Oslash: 'Ø',
  Ugrave: 'Ù',
  Uacute: 'Ú',
  Ucirc: 'Û',
  Uuml: 'Ü',
  Yacute: 'Ý',
};

/** Named (the common ones) and numeric character references; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g,
    (whole, dec, hex, name) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
      if (code === 0xa0) return ' ';
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    },
  );
}

/** New text read beyond this is not a person writing a reply: it is cut here, before signatures are looked for. */
export const MAX_NEW_TEXT_CHARS = 20_000;

/** The new text of a reply body (plain text), trimmed; '' when nothing new was written; at most {@link MAX_NEW_TEXT_CHARS}. */
export function newTextOf(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const start = quotedHistoryStart(lines);
  const kept = lines.slice(0, start).filter((line) => !/^\s*>/.test(line));
  const above = tidy(withoutSignature(kept.join('\n').slice(0, MAX_NEW_TEXT_CHARS)));
  return isGreetingOnly(above) ? (bottomPosted(lines, start) ?? above) : above;
}

/** Nothing, or only "Hi Jordan,", above the quote: the reply may be written below it. */
function isGreetingOnly(text: string): boolean {
  return text === '' || /^(?:hi|hello|hey|dear|hallo|bonjour|hola)\b[^\n]{0,40}$/i.test(text);
}

/**
 * A bottom-posted reply: the lines after the quoted history that are not quoted ('>') — the
 * contact's answer below the outreach they quote. Undefined when there are none.
 */
function bottomPosted(lines: readonly string[], start: number): string | undefined {
  if (start >= lines.length) return undefined;
  const below: string[] = [];
  let seenQuote = false;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*>/.test(line)) {
      // A second quoted block after the answer ends it.
      if (below.some((l) => l.trim() !== '')) break;
      seenQuote = true;
      continue;
    }
    if (seenQuote) below.push(line);
  }
  const text = tidy(withoutSignature(below.join('\n').slice(0, MAX_NEW_TEXT_CHARS)));
  return text === '' ? undefined : text;
}

/** Index of the first line of quoted history, or lines.length when there is none. */
export function quotedHistoryStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (startsQuotedHistory(lines, i)) return i;
  }
  return lines.length;
}

function startsQuotedHistory(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (ORIGINAL_MESSAGE.test(line) || WROTE_LINE.test(line.trimEnd())) return true;
  // Gmail wraps a long attribution line: "On Mon, … Jordan Lee <…>" / "wrote:".
  if (/^\s*(?:on|am|le|el)\s/i.test(line) && WROTE_LINE.test(`${line} ${lines[i + 1] ?? ''}`.trimEnd()))
    return true;
  if (RULE.test(line)) return HEADER_FROM.test(nextNonBlank(lines, i + 1) ?? '');
  return (
    HEADER_FROM.test(line) && lines.slice(i + 1, i + 1 + HEADER_LOOKAHEAD).some((l) => HEADER_NEXT.test(l))
  );
}

/** The next line with text at or after `from`. */
function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() !== '') return line;
  }
  return undefined;
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
