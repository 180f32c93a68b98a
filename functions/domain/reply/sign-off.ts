/**
 * The sender's own sign-off and signature, cut from the new text before dates, intent and names
 * are read (issue 12): "Best,\nPaul Grant\nVP Design\nOffice hours Mon–Fri 9–5 | Out 12/24 – 1/2"
 * names no meeting. The cut is at the first line, past the first, that is a closing word ("Best,",
 * "Kind regards", "Viele Grüße") or the sender's own name (first name, full name or initials) on
 * its own. Linear: each line is compared once.
 */

const CLOSINGS =
  /^(?:best|best wishes|all the best|best regards|kind regards|warm regards|warmest regards|warmly|regards|many thanks|thanks|thank you|thanks and regards|thanks & regards|thx|cheers|sincerely|yours sincerely|yours|take care|talk soon|speak soon|cordialement|bien à vous|bien cordialement|viele grüße|beste grüße|mit freundlichen grüßen|liebe grüße|gruß|grüße|un saludo|saludos|atentamente|un abrazo|ciao|rgds|br|tks)[\s,.!]*$/i;

/** Longer lines are sentences, never a sign-off. */
const MAX_SIGN_OFF_LINE = 40;

/** `text` above the sender's sign-off; the whole text when there is none. */
export function withoutSignOff(text: string, senderName?: string): string {
  const names = namesOf(senderName);
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length === 0 || line.length > MAX_SIGN_OFF_LINE) continue;
    const bare = line
      .replace(/[\s,.!~-]+$/, '')
      .replace(/^[-–—\s]+/, '')
      .toLowerCase();
    // A closing word ends the text after a blank line or near the end ("Thanks!" opening a reply does not).
    const closing = CLOSINGS.test(line) && ((lines[i - 1] ?? '').trim() === '' || i >= lines.length - 3);
    if (closing || names.has(bare)) return lines.slice(0, i).join('\n').trimEnd();
  }
  return text;
}

/** The ways a sender signs: "Paul Grant" → paul grant, paul, pg, p. */
function namesOf(senderName?: string): Set<string> {
  const words = (senderName ?? '')
    .replace(/["']/g, '')
    .split(/[\s,]+/)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => w.toLowerCase());
  const names = new Set<string>();
  if (words.length === 0) return names;
  names.add(words.join(' '));
  const first = words[0] ?? '';
  names.add(first);
  if (first.length > 0) names.add(first[0] ?? '');
  names.add(words.map((w) => w[0]).join(''));
  return names;
}
