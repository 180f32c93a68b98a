/**
 * The evidence a reply's words give for each intent, as weighted cues (issue 12). Data only: the
 * scoring is in `weigh-intent.ts`. Every pattern is matched within one clause of the new text
 * (quoted history and the sender's sign-off already removed), case-insensitively, apostrophes
 * straightened. Weights: 3 settles it alone, 2 is strong, 1 leans.
 *
 * `negated` says what the cue means when a negation stands just before it in the same clause
 * ("I'd be happy to" → accepted; "I wouldn't be able to" → declined); `speakerOnly` cues count only
 * when the speaker is their subject ("I'd be glad to" yes; "Mei would be glad to" is about someone
 * else, a referral hint).
 */

export type CueIntent = 'accepted' | 'declined' | 'reschedule' | 'other' | 'referral';

export interface IntentCue {
  intent: CueIntent;
  weight: number;
  pattern: RegExp;
  /**
   * What the cue means when negated. Undefined: a negated yes or question counts for nothing, a
   * negated refusal stays one (its negation is usually part of it: "I wouldn't be much help").
   */
  negated?: { intent: CueIntent; weight: number };
  /** Counts only when the speaker (I/we, or no subject) says it; said of a third person it hints a referral. */
  speakerOnly?: boolean;
}

const NO = { intent: 'declined', weight: 2.5 } as const;

/** Willingness, ability, availability: yes as written, no when negated. */
export const INTENT_CUES: readonly IntentCue[] = [
  // — yes —
  {
    intent: 'accepted',
    weight: 2.5,
    pattern:
      /\b(?:happy|glad|delighted|pleased|willing|keen|love|like|up for|open|more than willing)\s+(?:to\b|for\b)(?!\s+(?:introduce|connect|put you|pass|forward|loop|cc|copy|share (?:his|her|their)))/i,
    negated: NO,
    speakerOnly: true,
  },
  {
    intent: 'accepted',
    weight: 2,
    pattern:
      /\b(?:able to|available|(?<!feel )free|can do|can make|make time|find time|fit (?:you|it|this) in|squeeze (?:you |it |this |something |a call )?in)\b/i,
    negated: NO,
    speakerOnly: true,
  },
  {
    intent: 'accepted',
    weight: 2.5,
    pattern:
      /\b(?:gladly|of course|absolutely|definitely|certainly|count me in|i'?m in(?=\s*(?:[.!,;)\-\u2013\u2014]|$|for\b|if\b))|i'm up for it|sounds (?:good|great|fine|perfect)|sure thing|with pleasure|it would be a pleasure|my pleasure|no problem|not a problem|no bother|why not|can'?t wait|make an exception|pay it forward|looking forward|book (?:a |some )?time|(?:pick|grab|book|choose|find|schedule) (?:a |any |some )?(?:time|slot)|grab (?:a|any)\b[^,.]{0,20}\bslot|send (?:me |over )?(?:an? )?(?:calendar )?invite|send (?:me )?a (?:link|calendar)|set something up|let'?s (?:do|talk|chat|speak|meet|say|find|book|go)|we can (?:connect|talk|chat|speak|meet)|can have a (?:quick )?call|happy days)\b/i,
    speakerOnly: true,
  },
  {
    intent: 'accepted',
    weight: 2,
    pattern:
      /^\s*(?:yes|yeah|yep|sure|ok|okay|great|perfect|absolutely|definitely|certainly|alright|all right)\b/i,
  },
  {
    intent: 'accepted',
    weight: 2,
    pattern:
      /\b(?:let me know (?:what|which|when) (?:works|suits|time|day)|send (?:me |us )?(?:over |across |through )?(?:some|a few|a couple of|your|2-3|two or three) (?:\w+ )?(?:times|slots|options|availability|dates)|what (?:times?|days?) (?:work|suit)s?|when (?:works|suits|are you free|is good)|i'?m around|i'?ve got time|i have time|i (?:could|can) do|i can (?:chat|talk|speak|meet|connect|catch up|hop on|jump on)|(?:i'?ll|i will|i can) (?:call|ring|phone) you|(?:share|send) (?:me )?your (?:number|phone|mobile|contact number)|give me a (?:call|ring|buzz)|(?:call|ring|phone) me|catch me (?:on|by|at|any)|reach me (?:on|at|by)|my (?:number|mobile|cell) is|feel free to (?:call|ring|book|grab|send)|pencil|yes please|go for it|sounds like a plan|no worries|that'?d be (?:fine|great|good)|that would be (?:fine|great|good|lovely)|would be glad|would be delighted|(?:i'?m|i am) (?:free|available) (?:on|at|any|most|after|before|between|next|this|from)|book (?:me|in|a slot|a call)|put (?:something|a time|it) in|shall we say|let'?s say|talk then|speak then|see you (?:then|on|tomorrow|next|\w+day)|(?:i'?ll|i will|we'?ll|we will) be there|confirm(?:ing|ed)? (?:for|that|i'?ll|i will|our|the))\b/i,
    negated: NO,
    speakerOnly: true,
  },
  {
    intent: 'accepted',
    weight: 1.5,
    pattern: /\b(?:yes|sure|ok|okay)\b(?!\s+(?:but|if)\b)/i,
    negated: { intent: 'other', weight: 1 },
  },
  {
    intent: 'accepted',
    weight: 2,
    pattern:
      /\b(?:works|would work|work for me|suits|suit you|suit|is fine|are fine|fine by me|is good|is open|is ideal|would be ideal|would be (?:great|perfect|good|ok))\b|\b(?:\w+day|days?|time|date|slot|morning|afternoon|evening|that|either|both|any)(?:'s| is| are) (?:good|fine|great|perfect|ideal|ok|okay)\b(?! to\b)/i,
    negated: NO,
    speakerOnly: true,
  },
  {
    intent: 'accepted',
    weight: 2.5,
    pattern:
      /\b(?:gerne|gern|avec plaisir|volontiers|con gusto|encantad[oa]|claro|bien sûr|je suis disponible|estoy disponible|passt (?:es )?(?:ihnen|dir)|te viene bien|le viene bien|ça vous (?:va|convient))\b/i,
  },
  // — no —
  {
    intent: 'declined',
    weight: 3,
    pattern:
      /\b(?:have to|must|need to|going to|gonna|will|'ll) (?:pass|decline|say no|give (?:this|it|that)(?: one)? a miss|bow out|sit this one out)\b|\b(?:i'?ll|i will|i'?m going to|afraid i'?ll|i'?d better) pass\b|\bpass on (?:this|that|it)\b|\bgive (?:this|it|that)(?: one)? a miss\b|\bit'?s a no\b|\ba no from me\b|\bno,? (?:thanks|thank you|sorry)\b|\b(?:i|we) (?:must|have to|will) (?:respectfully )?decline\b|\bdecline\b/i,
    negated: { intent: 'accepted', weight: 2 },
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:unable|won'?t be able|not be able|not in a position|regrettably|i regret|sadly|i'?m afraid|wish i could|rather not|not for me|not something i (?:do|can)|not something (?:i'?m|i am|i'?d|i would|we) (?:\w+ )?(?:comfortable|able|willing|keen|prepared|in a position)|isn'?t something i|don'?t (?:really |usually |generally |normally )?do (?:these|this|them|calls|that)|stop saying yes|not comfortable|no bandwidth|no capacity|can'?t commit|not a good time|isn'?t a good time|not the right time|not the (?:right|best) (?:person|fit)|not (?:really |quite |actually )?the (?:right |best |ideal )?(?:person|one) to (?:ask|talk to|speak to|help)|not best placed|not well placed|outside my (?:area|field|remit|expertise)|not my (?:area|field)|much use|much help|excuse me|conflict of interest|not (?:possible|feasible)|no time)\b/i,
  },
  {
    intent: 'declined',
    weight: 2,
    pattern:
      /\b(?:don'?t|do not) have (?:the |any |much )?(?:time|bandwidth|capacity|space)\b|\b(?:can'?t|cannot|can not|couldn'?t) (?:really |possibly |honestly )?(?:spare|take|make|do|help|meet|commit|fit|offer|give|manage|join|participate|talk|chat|speak|accommodate|say yes|be of|assist|agree|this|that|it)\b|\b(?:can'?t|cannot)\s*[.!]?$|\b(?:can'?t|cannot)(?=\s*(?:[.!,;\u2013-]|(?:at|right|just|for) (?:the moment|now|present)|(?:this|that) (?:time|week|month|year)))/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:(?:i'?m |i am )?(?:going to|gonna|have to|will have to) say no|afraid not|no can do|thanks,? but no|no,? but thank|bow out|sit (?:this|it) out|not (?:taking|accepting|doing) (?:on )?(?:any |these |such |new |more )?(?:calls|meetings|requests|chats|interviews|conversations|coffee|mentees)|not (?:taking|accepting) on (?:any|more|new)\b|(?:stopped|stop|don'?t|do not|no longer|never) (?:doing|do|take|taking|accept|accepting) (?:these|this|them|such|calls|informational|coffee|requests|meetings)|i have a (?:personal )?rule|make it a rule|(?:on|off) my plate|plate is (?:full|overflowing)|hands are full|at capacity|stretched (?:thin|too thin)|not (?:at|right) (?:this|the) (?:time|moment)|not (?:right )?now|not this time|won'?t be possible|not going to (?:be able|work|happen)|don'?t think i can|doubt i(?:'d| would| could)? (?:can|be)|can'?t see (?:that|it|myself)|not (?:\w+ )?in a position|no for now|have to decline|must decline|regretfully|respectfully decline|not available|unavailable|not be available)\b/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:won'?t|will not|can'?t|cannot|couldn'?t|wouldn'?t|unable to|not going to) (?:\w+ )?(?:manage|make it|fit (?:it|this|you) in|find (?:the )?time|squeeze|get to (?:it|this))\b|\b(?:won'?t|will not|don'?t|didn'?t|do not) have (?:the |any |much )?(?:time|bandwidth|capacity)\b|\bnot interested\b|\bcancel(?:l?ing|l?ed)?\b|\b(?:try|ask) (?:others|someone else|somebody else|elsewhere)\b|\b(?:maybe|perhaps) (?:another|some other|next) (?:time|year)\b/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:(?:i'?ll|i will|i'?m going to|going to|i'?d better|have to) (?:leave|skip|sit out) (?:this|it|that)(?: one)?|(?:doesn'?t|does not|won'?t|will not|wouldn'?t|would not) (?:permit|allow)|steer clear|stay (?:well )?away from|keep out of|not (?:\w+ )?ava?i?l\w*able|unavail\w*|not (?:\w+ )?possible)\b/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:(?:don'?t think|not sure|doubt) (?:i'?d|i would|i could|i can|i'?m|i am|i'?ll) (?:really )?(?:be )?(?:of )?(?:much |any |the |very |a good |the best |the right )?(?:use|help|helpful|useful|fit|able|person|source)|(?:my )?(?:calendar|diary|schedule)(?:'s| is) (?:\w+ )?(?:full|packed|jammed|rammed|chock|slammed|overflowing)|can'?t be (?:more|much|any|of (?:more|much|any))? ?(?:help|use)|(?:i'?ve|i have|i'?m|i am) (?:now |actually |just |soon |about to be )?(?:retired|leaving|moved on|stepped back|stepping back)|(?:not (?:great|good|the best|ideal|the right)|bad|poor|terrible|awful) timing|timing (?:isn'?t|is not|'s not) (?:great|good|right|ideal)|no longer (?:work|working|do|doing|involved|in (?:that|the|this))|(?:if|in case) (?:things|that|anything|this) changes?)\b/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:not|n'?t|never) (?:\w+ ){0,3}(?:possible|feasible|doable|realistic)\b|\b(?:pull|back|drop|bow) out of\b|\b(?:don'?t|do not) have (?:much|anything|a lot|a great deal)(?: \w+)? to (?:offer|add|share)\b|\bwast(?:e|ing) (?:your|their) time\b|\b(?:nothing|not much|very little|little) (?:useful |of value |relevant |much )?to (?:offer|add|share|contribute)\b|\b(?:can'?t|cannot|not able to|unable to) (?:really )?(?:discuss|share|comment|engage|be involved|talk about)\b|\b(?:confidentiality|nda|non-disclosure)\b/i,
  },
  {
    intent: 'declined',
    weight: 1,
    pattern:
      /\b(?:good luck|best of luck|all the best with|wish you (?:luck|the best|well)|hope you(?:'ll)? understand|wishing you (?:luck|the best|well|all the best|every success))\b/i,
  },
  // Regret opens most declines, but also a ruled-out day ("unfortunately Tuesday is out, but …") and a
  // late reply ("unfortunately I've only just seen this"): it leans, the rest of the reply decides.
  {
    intent: 'declined',
    weight: 1.5,
    pattern: /\bunfortun\w*\b/i,
  },
  // Out of the field or out of work: "I retired last year", "I'd be no use to you", "out of the loop".
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:i (?:recently |just |have |'ve )?(?:retired|left (?:the (?:field|industry|company)|research))|(?:be|am|'m|are|'re) (?:of )?(?:no|little) (?:use|help)|out of the loop|no longer (?:in|with) (?:the|that) (?:field|industry|area))\b/i,
  },
  {
    intent: 'declined',
    weight: 3,
    pattern:
      /^\s*(?:(?:sorry|thanks|thank you|unfortunately|sadly|i'?m afraid|afraid)(?: \w+)?\s*,?\s+)?(?:pass|no|nope|nah|no thanks|no thank you|not interested|i'?ll pass|not for me)(?:\s*,?\s*(?:thanks|thank you|sorry|though))?\s*[.!]*\s*$/i,
  },
  {
    intent: 'declined',
    weight: 1.5,
    pattern:
      /\b(?:quite|very|really|so|crazy|too|extremely|insanely) busy\b|\bbusy (?:period|time|season|spell)\b|\bhectic\b|\bmanic\b|\b(?:tricky|difficult)\b/i,
    negated: { intent: 'accepted', weight: 1 },
  },
  // Too busy — negated, rather a yes: "don't worry, I'm not swamped this week".
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:booked solid|fully booked|too (?:busy|much on|stretched)|far too much|swamped|slammed|snowed under|underwater|drowning|up to my (?:eyes|neck|ears)|flat out|maxed out|buried (?:in|under)|overloaded|overwhelmed|no headroom|won'?t surface)\b/i,
    negated: { intent: 'accepted', weight: 1 },
  },
  // "I'm going to have to say no"; negated a yes: "I never say no to someone switching".
  {
    intent: 'declined',
    weight: 2.5,
    pattern: /\bsay no\b/i,
    negated: { intent: 'accepted', weight: 2.5 },
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:passt|geht|klappt)\b[^.!?]{0,30}\b(?:nicht|leider)\b|\btut mir leid\b|\bça ne (?:va|sera) pas possible\b|\bno (?:me )?es posible\b/i,
  },
  // "The timing doesn't work", "this won't work for me" (with a meeting booked and a day named: a move).
  {
    intent: 'declined',
    weight: 2,
    pattern: /\b(?:doesn'?t|does not|won'?t|will not|isn'?t going to|wouldn'?t|would not) (?:work|fit)\b/i,
  },
  // A company rule: policy/compliance/legal + not allowed.
  {
    intent: 'declined',
    weight: 3,
    pattern:
      /\b(?:policy|policies|compliance|legal|rules?|guidelines|hr|code of conduct|employer|company|firm|bank|manager|boss|contract|management)\b[^.;]{0,60}\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|wouldn'?t|isn'?t|not) (?:allow|permit|let)\b|\b(?:prevents?|stops?|bars?|precludes?|forbids?) (?:me|us|staff|employees|people) from\b|\b(?:not (?:allowed|permitted)|prohibit(?:s|ed)?|forbid(?:s|den)?|barred)\b|\bask(?:s)? that we (?:don'?t|do not|not)\b|\b(?:asked|asks|told|tells|instructed|advised|requires?) (?:us|me|staff|employees|everyone) not to\b|\b(?:employees|staff|we) (?:may|must|can|are) not\b|\b(?:restricted|restriction|restrictions) (?:on|from)\b|\bnot (?:able|allowed|permitted) to (?:discuss|speak|talk|share)\b|\b(?:my|our) (?:employer|company|firm|bank|policy|rules?) (?:won'?t|doesn'?t|does not|do not|don'?t)\b/i,
  },
  {
    intent: 'declined',
    weight: 2.5,
    pattern:
      /\b(?:leider|keine zeit|nicht möglich|malheureusement|pas disponible|je ne peux pas|ne (?:pourrai|pourrais|peux) pas|pas donner suite|no podré|no podría|kann ich (?:leider )?nicht|désolée?|lamentablemente|desafortunadamente|lo siento|no puedo|no tengo tiempo)\b/i,
  },
  // — move a booked meeting —
  {
    intent: 'reschedule',
    weight: 3,
    pattern:
      /\b(?:re-?sc?he?d[ue]*le|re-?schedule|resechedule|rebook|re-book|prepone|postpone|move (?:our|the|it|this|my)\b|bring (?:it|this|our|the|things) (?:\w+ )?(?:forward|earlier)|push (?:our|the|it|this)\b[^.]{0,20}\b(?:back|out|forward|later|to)|shift (?:our|the|it|to)\b|bump (?:our|the|it)\b|rain ?check|another (?:time|day|date|slot)|different (?:time|day|date|slot)|new (?:time|date|day|slot)|a later (?:time|date|slot)|instead of (?:the |our |this |that )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d|noon|morning|afternoon|evening|then|time|date|day|week|call|meeting|chat)|verschieben|cambiar (?:la|el|nuestra)|reporter|décaler)\b|\binstead\s*\??\s*$/i,
    negated: { intent: 'declined', weight: 1 },
  },
  {
    intent: 'reschedule',
    weight: 2,
    pattern:
      /\b(?:re-?arrang\w*|any (?:chance|way|possibility) (?:of|we|that|to)\b|conflict|clash\w*|bump (?:to|it|us|our)|change (?:the|our) (?:time|day|date|slot)|swap (?:to|it|our)|bump (?:it|us|our)|slide (?:it|our)|move (?:it|things|us)\b|later in the week|earlier in the week|next week instead|another week|pick (?:a new|another)|find (?:a new|another)|(?:could|can) we (?:do|make it|try|go for|switch|change)|what about|how about|would \w+ (?:work|suit) instead|rather than)\b/i,
    negated: { intent: 'declined', weight: 1 },
  },
  {
    intent: 'reschedule',
    weight: 1.5,
    pattern:
      /\b(?:next week|the week after|later (?:this|next|in the) (?:week|month)|some ?other (?:day|time)|other (?:day|days|time|times|slot|slots)|a new (?:time|day|date|slot)|when (?:i'?m|i am|things) (?:back|better|calmer|quieter)|once (?:i'?m|i am|things))\b/i,
  },
  {
    intent: 'reschedule',
    weight: 1.5,
    pattern:
      /\b(?:can'?t|cannot|won'?t be able to) make (?:it|thursday|tuesday|wednesday|monday|friday|our|the)|\b(?:something'?s|something has) come up\b|\b(?:came|cropped|popped) up\b|\bdouble[- ]booked\b|\bafter all\b|\bclash(?:es)?\b|\bwon'?t happen\b|\binstead\b/i,
  },
  // — someone else —
  {
    intent: 'referral',
    weight: 1.5,
    pattern:
      /\b(?:introduce you|put you in touch|connect you (?:with|to)|pass (?:your|this|you) (?:\w+ )?(?:on|along) to|you (?:should|could|might) (?:talk|speak|reach out|contact|try)|better (?:person|placed)|best (?:person|placed)|(?:my|a) colleague|successor)\b/i,
  },
  // — neither yet —
  // Paid offers, recruiters, acknowledgements, "do I know you?".
  {
    intent: 'other',
    weight: 2,
    pattern:
      /\b(?:(?:my|hourly|day|consulting) (?:rate|fee)s?|per hour|paid (?:session|call|consultation)|consulting|(?:[$£€]\s?\d+)|recruit\w*|headhunt\w*|open (?:role|position|vacanc\w*)s?|job (?:board|portal|posting)s?|apply (?:via|through|on|online|here)|careers? (?:site|page|portal)|do i know you|have we met)\b/i,
  },
  // Logistics of a meeting: "I might be a few minutes late", "I'll dial in".
  {
    intent: 'other',
    weight: 1.5,
    pattern: /\b(?:minutes? late|running late|be late|dial in|dial-in|join (?:a (?:bit|little) )?late)\b/i,
  },
  // A deferral: "circle back next week", "ping me again in January" (after a clear no, only the door left open).
  {
    intent: 'other',
    weight: 2,
    pattern:
      /\b(?:circle back|check back|ping me|try me|follow up with me|come back to (?:me|you)|be in touch|write (?:to me )?again|email me again|reach out again|remind me|get back to me|touch base)\b[^.!?]{0,30}\b(?:next|in|after|later|again|january|february|new year|month|week|spring|summer)\b/i,
  },
  {
    intent: 'other',
    weight: 2,
    pattern:
      /\b(?:talk|chat|speak|reconnect|connect|catch up|revisit|pick (?:this|it) up)\b[^.!?]{0,25}\b(?:in|after|from|early|late|next) (?:the )?(?:new year|holidays|january|february|march|april|spring|summer|(?:a )?(?:few|couple (?:of )?) (?:weeks|months)|next (?:month|quarter|year))\b/i,
  },
  {
    intent: 'other',
    weight: 1,
    pattern: /\b(?:maybe|perhaps|possibly|might be able)\b(?! (?:another|some other|next) (?:time|year))/i,
  },
  // Asking when the other is free: "do you have time on Thursday?", "are you around next week?".
  {
    intent: 'accepted',
    weight: 1.5,
    pattern:
      /\b(?:do|would|will) you have (?:time|a (?:moment|minute|slot|window|gap)|any availability)\b|\bare you (?:free|available|around)\b/i,
  },
  // A question back (not "how about Thursday?", "what time suits you?", "can you do the 9th at 2?").
  {
    intent: 'other',
    weight: 1.5,
    pattern:
      /\b(?:could you|can you|would you mind|will you|do you|are you|what(?! time| day| works| suits)|how(?! about| does| is \w+day)|why|who|which(?! day| time| works| suits))\b(?:(?!\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\btomorrow\b|\bnext week\b|\d)[^.!?])*\?/i,
  },
  {
    intent: 'other',
    weight: 2,
    pattern:
      /\b(?:refer you (?:for|to) (?:a |an |the )?(?:job|role|position|opening)|job referral|remind me|get back to you|get back|revert|think about it|let me (?:think|check|see)|will check|i'?ll check|who is this|who are you|how did you get|are you applying|send (?:me )?your (?:cv|resume|linkedin)|passing this (?:along|on)|forward(?:ed|ing)? (?:this|it|your)|keep (?:it|you) on file|paid|coaching|recruiter|melde mich)\b/i,
  },
];

/** A negation just before a cue in the same clause: "wouldn't be [able to]", "not [happy to]". */
export const NEGATION_BEFORE =
  /(?:\b(?:not|never|no|nor|cannot|hardly|unable)\b|n'?t\b)(?:\s+[\w']+){0,3}\s*$/i;

/** Words that start a new clause, the second usually carrying the answer ("I'd love to, but …"). */
export const CONTRAST = /\b(?:but|however|though|although|except|yet|that said|sadly|unfortunately)\b/i;

/** The contact asks never to be written to again. Matched on the whole new text; wins over every other reading. */
export const UNSUBSCRIBE_CUES: readonly RegExp[] = [
  /\bun-?su[bs]{1,2}c?r?[ie]{0,2}be?\b|\bunsubscribe\b/i,
  /\bremove (?:me|my (?:e-?mail|address|name|details|contact))\b/i,
  /\btake (?:me|my (?:e-?mail|address|name|details)) off\b/i,
  /\b(?:stop|stopped|cease|quit) (?:e-?mailing|contacting|sending|writing|messaging|spamming)\b/i,
  /\bremoved from (?:your|the|this|all|any)(?: \w+)? (?:list|lists|emails|e-mails|mailings|database|contacts)\b/i,
  /^\s*(?:please )?remove(?: me)?\s*[.!]*\s*$/i,
  /\b(?:do not|don'?t|never|didn'?t|not to) (?:contact|e-?mail|write to|message|send)\b[^.!?\n]{0,30}\b(?:me|us)\b[^.!?\n]{0,20}\b(?:again|anymore|any more|in future|in the future)\b/i,
  // Someone a clerk or an assistant answers for: "Please do not contact the judge at this address
  // again" (not "… until January", not "don't send the invite again").
  /\b(?:do not|don'?t) (?:contact|e-?mail|write to) (?:him|her|the (?:judge|justice|minister|senator|ambassador|director|partner|doctor|professor|president|chair|dean|ceo|chief executive))\b(?![^.!?\n]{0,40}\b(?:until|till|before|unless)\b)[^.!?\n]{0,30}\b(?:again|anymore|any more)\b/i,
  /\b(?:do not|don'?t|never|didn'?t|not to) (?:contact|e-?mail|write to|message) me\b/i,
  /\b(?:do not|don'?t) send (?:me )?(?:any ?more|more|any further|further|such|these|any other)\b/i,
  /\bno (?:more|further) (?:e-?mails|emails|messages|follow-?ups|contact|mails)\b/i,
  /\bopt (?:me )?out\b/i,
  /\b(?:off|from) (?:your|the|this|that|whatever|any|every) (?:mailing |e-?mail |distribution )?list\b/i,
  /\breport (?:it|this|you) as spam\b/i,
  /\b(?:delete|erase|remove|purge) (?:all )?(?:of )?my (?:personal )?(?:data|details|information|info|contact details)\b|\bgdpr\b/i,
  /\b(?:stop|end) (?:these|the|your|all) (?:e-?mails|messages|follow-?ups|reminders|emails)\b/i,
  /\b(?:do not|don'?t|please don'?t|never) (?:follow up|reach out|get in touch|message|write)\b[^.!?\n]{0,25}\b(?:again|anymore|any more|further)\b/i,
  /\bno need to (?:follow up|chase|write again|keep (?:writing|emailing))\b/i,
  /\bleave me alone\b/i,
  /\b(?:not|no longer|don'?t) (?:wish|want|like) to (?:be contacted|receive|hear from you|get (?:these|any|more))\b/i,
  /\bprefer(?:red)? not to (?:be contacted|receive|hear from you)\b/i,
  /\b(?:any|all) further (?:e-?mails|mails|contact|messages|follow-?ups|communication|correspondence)\b/i,
  /\b(?:do not|don'?t) (?:bother|pester|chase) me\b/i,
  /\brefrain from (?:contacting|emailing|e-mailing|sending|writing)\b|\bcease (?:all )?(?:further )?(?:contact|communication|correspondence)\b/i,
  /\b(?:delete|lose|remove|erase) my (?:e-?mail(?: address)?|address|number|details)\b/i,
  /\b(?:don'?t|do not) (?:want|wish) to hear from (?:you|this)\b/i,
  /^\s*(?:please )?stop(?: it)?[.!]*\s*$|\bplease stop(?! by)\b/im,
  /\b(?:ne (?:souhaite|veux) plus (?:recevoir|être contacté)|me retirer de|retirez-moi|no (?:deseo|quiero) recibir|(?:eliminarme|quitarme|borrarme) de|möchte keine (?:weiteren )?(?:e-?mails|nachrichten)|entfernen sie mich)\b/i,
  /\b(?:schreiben|kontaktieren|mailen) sie mir nicht mehr\b|\bmir nicht mehr (?:schreiben|mailen)\b/i,
  /\b(?:abmelden|nicht mehr (?:kontaktieren|anschreiben|schreiben)|aus (?:ihrem|dem|deinem) verteiler|désabonner|désinscrire|ne plus me (?:contacter|écrire)|darme de baja|no me (?:escriba|escribas|contacte|contactes|envíe|envíes) más|no vuelva a)\b/i,
];

/** An out-of-office's words (any language): without one, an automatic message is `other` (a ticket, a receipt). */
export const OUT_OF_OFFICE_CUES =
  /\b(?:out of (?:the )?office|away|on (?:\w+ )?leave|vacation|holiday|annual leave|returning|return|back (?:on|in|from|at)|be back|i'?ll be back|until|through|limited access|no access|no longer (?:with|at|work|employed|monitored)|left (?:the|[A-Z]\w+)|have (?:now )?left|not in the office|away from (?:my|the) (?:desk|office)|conference|travel(?:l)?ing|abwesen\w*|nicht im büro|urlaub|zurück|wieder (?:da|erreichbar|im büro)|außer haus|absente?|congés?|de retour|fuera de la oficina|vacaciones|ausente|regreso)\b/i;

/** An automatic message that is not an out-of-office: a ticket or a read receipt. */
export const NOT_OUT_OF_OFFICE_CUES =
  /\b(?:ticket|request #|case #|has been logged|has been received|we (?:have )?received your|was read on|read receipt|support team|an agent will)\b/i;

/** A person writing in the first lines that their mailbox answers for them (no auto headers). */
export const BODY_AUTO_REPLY_CUES =
  /^(?:[^\n]*\n){0,3}[^\n]*\b(?:this is an automatic|automatic reply|auto-?reply|i am (?:currently )?out of (?:the )?office|i'?m (?:currently )?out of (?:the )?office|i am (?:currently )?on (?:\w+ )?leave|this mailbox is no longer monitored|is no longer with|i(?: am|'m) (?:currently )?(?:travel?ling|away|on (?:\w+ )?(?:leave|holiday|vacation)|out of (?:the )?office)\b[^\n]{0,60}\b(?:limited|patchy|intermittent|sporadic|restricted|no) (?:access|e-?mail|connectivity|signal))\b/i;
