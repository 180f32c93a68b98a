/**
 * The part of a reply the contact actually wrote: quoted history and signature removed.
 *
 * Two passes. Ours cuts at the first line that starts quoted history (Gmail "On … wrote:", Outlook
 * "From: … Sent: …" headers or a rule followed by "From:", "-----Original Message-----", and their
 * de/fr/es forms) and drops '>' lines; email-reply-parser then removes signatures ("--", "Sent from
 * my iPhone", …) and anything quoted that we did not recognise.
 */
import EmailReplyParser from 'email-reply-parser';

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i;
const WROTE_LINE =
  /^\s*(?:on|am|le|el)\s.+(?:wrote|schrieb|a écrit|escribió)\s*:?\s*$|^.+\s(?:wrote|schrieb|a écrit|escribió)\s*:\s*$/i;
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
  const source = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(head|style|script|title|template|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:"[^"]*"|'[^']*'|[^'">])*>|<!?[^>]*>/g;
  let last = 0;
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
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    appendText(source.slice(last, match.index));
    last = tag.lastIndex;
    const name = match[2]?.toLowerCase();
    if (!name) continue;
    const closing = match[1] === '/';
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
    const line = `${'> '.repeat(d)}${text}`.trimEnd();
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
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

/** The new text of a reply body (plain text), trimmed; '' when nothing new was written. */
export function newTextOf(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept = lines.slice(0, quotedHistoryStart(lines)).filter((line) => !/^\s*>/.test(line));
  const withoutSignature = new EmailReplyParser().parseReply(kept.join('\n'));
  return tidy(withoutSignature);
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
  if (ORIGINAL_MESSAGE.test(line) || WROTE_LINE.test(line)) return true;
  // Gmail wraps a long attribution line: "On Mon, … Jordan Lee <…>" / "wrote:".
  if (/^\s*(?:on|am|le|el)\s/i.test(line) && WROTE_LINE.test(`${line} ${lines[i + 1] ?? ''}`)) return true;
  if (RULE.test(line)) return HEADER_FROM.test(nextNonBlank(lines, i + 1) ?? '');
  return (
    HEADER_FROM.test(line) && lines.slice(i + 1, i + 1 + HEADER_LOOKAHEAD).some((l) => HEADER_NEXT.test(l))
  );
}

function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  return lines.slice(from).find((line) => line.trim() !== '');
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
