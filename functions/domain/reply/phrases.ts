/**
 * The words the reply reader looks for, in one place. Data only: each list is matched against the
 * *new* text of a reply (quoted history already removed), case-insensitively, after curly
 * apostrophes have been straightened. Strings match as whole words; RegExps are used as written
 * (give them the `i` flag).
 */

export type Phrase = string | RegExp;

/** Subjects that mail software puts on automatic replies (en, de, fr, es, plus common variants). */
export const AUTO_REPLY_SUBJECTS: readonly Phrase[] = [
  'out of office',
  'out of the office',
  'automatic reply',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'auto-response',
  'vacation',
  'away from the office',
  'abwesenheitsnotiz',
  'automatische antwort',
  'außer haus',
  'réponse automatique',
  'absence du bureau',
  'respuesta automática',
  'fuera de la oficina',
];

/** `Precedence:` values that mean "not written by a person" (RFC 3834 §2 and common practice). */
export const AUTO_PRECEDENCE_VALUES: readonly string[] = ['bulk', 'junk', 'list', 'auto_reply'];

/** Local parts of the addresses that send delivery-status reports. */
export const MAILER_DAEMON_LOCAL_PARTS: readonly string[] = ['mailer-daemon', 'postmaster'];

/** The contact asks never to be written to again. Wins over every other reading. */
export const UNSUBSCRIBE_PHRASES: readonly Phrase[] = [
  'unsubscribe',
  'remove me',
  'take me off',
  'stop emailing',
  'stop e-mailing',
  'stop contacting',
  'stop sending',
  /\b(?:do not|don't) (?:contact|email|e-mail|write to) me\b/i,
  'opt out',
  'abmelden',
  'désabonner',
  'désinscrire',
  'darme de baja',
];

/** Near an email address in the new text, these make it a suggestion of someone else to talk to. */
export const REFERRAL_CUES: readonly Phrase[] = [
  'talk to',
  'talking to',
  /\bspeak (?:to|with)\b/i,
  'reach out to',
  'contact',
  'get in touch',
  'better person',
  'best person',
  'right person',
  'colleague',
  'suggest',
  'recommend',
  'introduce',
  "cc'd",
  'copied',
  /\bconnect with\b/i,
  /\bget more (?:out of|from)\b/i,
  'successor',
  /\bhandles?\b/i,
  /\bbelow\b/i,
  /\b(?:better|best|well) placed\b/i,
  /\bwrite to\b/i,
  /\bdrop (?:him|her|them) a line\b/i,
  /\b(?:try|ask)\b/i,
  /\byou (?:might|should|could)\b/i,
  /\b(?:sent you|my name)\b/i,
  /\b(?:the one|the person) (?:you want|to (?:ask|talk|speak))\b/i,
  /\bthe [\p{L}'-]+ you(?:'re| are)? (?:want|need|after|looking for)\b/iu,
  /\b(?:e-?mail|write(?: to)?|message|ping|contact|try|ask|call|ring) (?:him|her|them)\b(?!\s+(?:up|down|out|off)\b)/i,
  /\b(?:he|she|they)(?:'d| would|'ll| will| is|'s| are|'re)? (?:be )?(?:happy|glad|delighted|keen|willing|up for)\b/i,
  /\b(?:send|forward|direct|route|address) (?:it |this |that |them |your (?:\w+ )?)?to\b/i,
  /\b(?:who you want|the (?:person|one) you (?:want|need)|is your (?:wo)?man|runs|leads|heads|manages|in charge)\b/i,
  /\b(?:go(?:es)? through|handled by|in charge of|responsible for|mailbox|team)\b/i,
  /\b(?:hablar con|contacta|te recomiendo|persona indicada|wenden sie sich|kontaktieren sie|contactez)\b/i,
];

/** The contact says no (or says they are not the one to ask). */
export const DECLINE_PHRASES: readonly Phrase[] = [
  /\b(?:not|never|won't|will not|wouldn't|would not) (?:be )?able\b/i,
  'unable',
  'unfortunately',
  'regrettably',
  /\bno (?:spare )?time\b/i,
  /\b(?:don't|do not) have (?:the |any )?time\b/i,
  'decline',
  /\b(?:can't|cannot|can not) (?:help|meet|make it|do it|take)\b/i,
  'not the right person',
  'not the best person',
  'not available',
  'too busy',
  'not interested',
  'pass on this',
  'leider',
  'malheureusement',
  'lamentablemente',
  'desafortunadamente',
];

/** The contact says yes. */
export const ACCEPT_PHRASES: readonly Phrase[] = [
  'happy to',
  'glad to',
  'would love to',
  "i'd love to",
  /(?<!\bnot |n't )\bsure\b/i,
  'of course',
  'absolutely',
  "let's",
  'how about',
  /\bdoes\b[^.?!\n]{1,60}\bwork\b/i,
  /\b(?:works|would work) (?:for me|for you|well)\b/i,
  'count me in',
  'gerne',
  'avec plaisir',
  'volontiers',
  'con gusto',
  'encantado',
  'encantada',
];

/**
 * Words just before a date in an out-of-office that say when the person is back, strongest first.
 * `daysAfter` turns the named date into the first day back: 0 when the date *is* that day ("back on
 * Monday", "until Monday, December 14"), 1 when it is the last day away ("through December 11").
 */
export const RETURN_CUES: readonly { readonly phrases: readonly Phrase[]; readonly daysAfter: 0 | 1 }[] = [
  {
    phrases: [
      'back',
      'return',
      'returns',
      'returning',
      'zurück',
      'wieder',
      'ab',
      'ab dem',
      'retour',
      'resume',
      'resuming',
      'rejoin',
      'rejoining',
      'volveré',
      'vuelvo',
      'à partir du',
      'de vuelta',
      'regreso',
      'a partir del',
    ],
    daysAfter: 0,
  },
  { phrases: ['through', 'thru', 'including', 'einschließlich', 'inclus'], daysAfter: 1 },
  { phrases: ['until', 'till', 'til', 'bis', "jusqu'au", "jusqu'à", 'hasta'], daysAfter: 0 },
];
