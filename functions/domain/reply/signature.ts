/**
 * Signatures and quote headers below the new text, removed the way email-reply-parser (1.9) does it
 * — its rules and its patterns — but in linear time: the library runs its patterns over the whole
 * text (cubic on a few KB of crafted lines), here each is tried on one line, and only on lines short
 * enough to be a signature or a quote header.
 *
 * Rule: the text ends above the first line (from the top, past the first) that is a signature line
 * ("--", "Sent from my iPhone", "Regards,") or a quote header ("Den … skrev …:", "From: Name <…>")
 * right after a blank line.
 */

/** Longer lines are text, never a signature or a quote header (real ones are well under this). */
const MAX_MARKER_LINE = 300;

const QUOTE_HEADERS: readonly RegExp[] = [
  /^-*\s*(On\s.+\s.+\n?wrote:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Le\s.+\s.+\n?écrit\s?:{0,1})\s{0,1}-*$/m,
  /^-*\s*(El\s.+\s.+\n?escribió:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Il\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m,
  /^-*\s*(Em\s.+\s.+\n?escreveu:{0,1})\s{0,1}-*$/m,
  /^\s*(Am\s.+\s)\n?\n?schrieb.+\s?(\[|<).+(\]|>):$/m,
  /^\s*(Op\s[\s\S]+?\n?schreef[\s\S]+:)$/m,
  /^\s*((W\sdniu|Dnia)\s[\s\S]+?(pisze|napisał(\(a\))?):)$/mu,
  /^\s*(Den\s.+\s\n?skrev\s.+:)$/m,
  /^\s*(pe\s.+\s.+\n?kirjoitti:)$/m,
  /^\s*(Am\s.+\sum\s.+\s\n?schrieb\s.+:)$/m,
  /^(在[\s\S]+写道：)$/m,
  /^(20[0-9]{2}\..+\s작성:)$/m,
  /^(20[0-9]{2}\/.+のメッセージ:)$/m,
  /^(.+\s<.+>\sschrieb:)$/m,
  /^(.+\son.*at.*wrote:)$/m,
  /^\s*(From\s?:.+\s?\n?\s*[[|<].+[\]|>])/m,
  /^\s*(Von\s?:.+\s?\n?\s*[[|<].+[\]|>])/m,
  /^\s*(De\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^\s*(Van\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^\s*(Da\s?:.+\s?\n?\s*(\[|<).+(\]|>))/m,
  /^(20[0-9]{2})-([0-9]{2}).([0-9]{2}).([0-9]{2}):([0-9]{2})\n?(.*)>:$/m,
  /^\s*([a-z]{3,4}\.\s[\s\S]+\sskrev\s[\s\S]+:)$/m,
  /^([0-9]{2}).([0-9]{2}).(20[0-9]{2})(.*)(([0-9]{2}).([0-9]{2}))(.*)"( *)<(.*)>( *):$/m,
  /^[0-9]{2}:[0-9]{2}(.*)[0-9]{4}(.*)"( *)<(.*)>( *):$/,
  /^(.*)[0-9]{4}(.*)from(.*)<(.*)>:$/,
  /^-{1,12} ?(O|o)riginal (M|m)essage ?-{1,12}$/i,
  /^-{1,12} ?(O|o)prindelig (B|b)esked ?-{1,12}$/i,
  /^-{1,12} ?(M|m)essage d'origine ?-{1,12}$/i,
];

const SIGNATURES: readonly RegExp[] = [
  /^\s*-{2,4}$/,
  /^\s*_{2,4}$/,
  /^-- $/,
  /^\+{2,4}$/,
  /^={2,4}$/,
  /^________________________________$/,
  /^Sent from (?:\s*.+)$/,
  /^Get Outlook for (?:\s*.+).*/m,
  /^Cheers,?!?$/im,
  /^Best wishes,?!?$/im,
  /^\w{0,20}\s?(\sand\s)?Regards,?!?！?$/im,
  /^Von (?:\s*.+) gesendet$/,
  /^Gesendet von (?:\s*.+) für (?:\s*.+)$/,
  /^Sendt fra (?:\s*.+)$/,
  /^Envoyé depuis (?:\s*.+)$/,
  /^Envoyé de mon (?:\s*.+)$/,
  /^Envoyé à partir de (?:\s*.+)$/,
  /^Télécharger Outlook pour (?:\s*.+).*/m,
  /^Bien . vous,?!?$/im,
  /^\w{0,20}\s?cordialement,?!?$/im,
  /^Bonne (journ.e|soir.e)!?$/im,
  /^Enviado desde (?:\s*.+)$/,
  /^-*\s*(In\sdata\s.+\s.+\n?scritto:{0,1})\s{0,1}-*$/m,
  /^Verzonden vanaf (?:\s*.+)$/,
  /^Verstuurd vanaf (?:\s*.+)$/,
];

/** Lines a wrapped quote header may span ("On … Jordan Lee <…>" / "wrote:"). */
const HEADER_SPAN = 3;

/**
 * The library's first step: for each quote-header pattern, its first match has its line breaks
 * turned into spaces, so a header wrapped over lines reads as one. Matches are looked for within
 * a few short lines at a time rather than across the whole text.
 */
function joinWrappedQuoteHeaders(text: string): string {
  const lines = text.split('\n');
  let joined = text;
  for (const pattern of QUOTE_HEADERS) {
    for (let i = 0; i < lines.length; i++) {
      const window = lines.slice(i, i + HEADER_SPAN);
      if (window.some((line) => line.length > MAX_MARKER_LINE)) continue;
      const group = pattern.exec(window.join('\n'))?.[1];
      if (group !== undefined) {
        joined = joined.replace(group, group.replace(/\n/g, ' '));
        break;
      }
    }
  }
  return joined;
}

function isSignature(line: string): boolean {
  return line.length <= MAX_MARKER_LINE && SIGNATURES.some((pattern) => pattern.test(line));
}

function isQuoteHeader(line: string): boolean {
  return line.length <= MAX_MARKER_LINE && QUOTE_HEADERS.some((pattern) => pattern.test(line));
}

/** A line as the rule reads it: trailing whitespace dropped, unless the line is a signature as written ("-- "). */
function asRead(line: string): string {
  return isSignature(line) ? line : line.trimEnd();
}

/** `text` without the signature or quoted block that ends it; lines keep their words, trailing spaces go. */
export function withoutSignature(text: string): string {
  const lines = joinWrappedQuoteHeaders(text).split('\n').map(asRead);
  let cut = lines.length;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isSignature(line) || (lines[i - 1] === '' && isQuoteHeader(line))) {
      cut = i;
      break;
    }
  }
  const kept = lines.slice(0, cut);
  if (kept.every((line) => line === '')) return '';
  if (kept[0] === '') kept.shift();
  const joined = kept.join('\n');
  let end = joined.length;
  while (end > 0 && joined[end - 1] === '~') end--; // the library's trailing-'~' trim, without a regex
  return joined.slice(0, end);
}
