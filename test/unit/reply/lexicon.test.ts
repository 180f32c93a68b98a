/**
 * The reply reader's lexical model (issue 12): its features, the packed form the functions carry,
 * the generated file being what the dev set teaches, and how its reading is weighed with the rules'.
 */
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPLY_LEXICON } from '#domain/reply/generated/reply-lexicon.ts';
import { lexicalFeatures, MAX_FEATURE_CHARS } from '#domain/reply/lexical-features.ts';
import { LEXICAL_INTENTS, type LexicalReading, lexicalReading } from '#domain/reply/lexicon.ts';
import { replyLexicon, unpackLexicon } from '#domain/reply/lexicon-table.ts';
import { weighWithModel } from '#domain/reply/second-opinion.ts';
import { learnedLexiconText } from '../../eval/build-reply-lexicon.ts';
import { packLexicon, train } from '../../eval/lexicon-training.ts';

describe('lexical features', () => {
  it('are words and pairs, a word under a negation marked until the clause ends', () => {
    const features = lexicalFeatures("I can't make it, but Thursday works", false);
    expect(features).toEqual(
      expect.arrayContaining(["can't", '!make', '!it', "can't !make", 'thursday', 'works', 'thursday works']),
    );
    expect(features).not.toContain('!thursday');
    expect(features).not.toContain('@meeting');
  });

  it('say when a meeting is booked, and read every number as one', () => {
    const features = lexicalFeatures('Move it to 3pm on the 10th?', true);
    expect(features).toContain('@meeting');
    expect(features).toEqual(expect.arrayContaining(['#pm', '#th']));
  });

  it('read only the first MAX_FEATURE_CHARS of a flood (bounded work, no clock needed)', () => {
    const flood = 'word '.repeat(200_000);
    expect(lexicalFeatures(flood, false)).toEqual(lexicalFeatures(flood.slice(0, MAX_FEATURE_CHARS), false));
    expect(lexicalFeatures(`${'x'.repeat(MAX_FEATURE_CHARS)} yes`, false)).not.toContain('yes');
  });
});

describe('the packed model', () => {
  it('reads back the weights it was given, to the step they were rounded to', () => {
    const model = train(
      [
        { file: 'a', intent: 'accepted', features: ['happy', 'yes'] },
        { file: 'b', intent: 'accepted', features: ['happy', 'sure'] },
        { file: 'c', intent: 'declined', features: ['sorry', '!able'] },
        { file: 'd', intent: 'declined', features: ['sorry', 'pass'] },
      ],
      { minCount: 1, l2: 0.001, steps: 200, rate: 2, keepAbove: 0 },
    );
    const unpacked = unpackLexicon(packLexicon(model));
    const step = Number(packLexicon(model).split(' ')[0]);
    for (const [feature, weights] of model.weights)
      (unpacked.weights.get(feature) ?? []).forEach((w, i) => {
        expect(Math.abs(w - (weights[i] ?? 0))).toBeLessThanOrEqual(step / 2 + 1e-9);
      });
    const happy = lexicalReading(unpacked, 'Happy to, yes', false);
    expect(happy.odds.accepted).toBeGreaterThan(happy.odds.declined);
  });

  it('is what npm run build:reply-lexicon learns from the dev set', async () => {
    // When this fails: the dev set or the features changed — run npm run build:reply-lexicon.
    const committed = unpackLexicon(
      brotliDecompressSync(Buffer.from(REPLY_LEXICON, 'base64')).toString('utf8'),
    );
    const learned = unpackLexicon(await learnedLexiconText());
    // Within one rounding step everywhere (another machine's last bit may round a weight the other way).
    const step = Math.max(...[...learned.weights.values()].flat().map(Math.abs)) / 15;
    const zeros = LEXICAL_INTENTS.map(() => 0);
    for (const feature of new Set([...committed.weights.keys(), ...learned.weights.keys()])) {
      const a = committed.weights.get(feature) ?? zeros;
      const b = learned.weights.get(feature) ?? zeros;
      a.forEach((w, i) => {
        expect(Math.abs(w - (b[i] ?? 0)), feature).toBeLessThanOrEqual(step * 1.01);
      });
    }
    expect(committed.weights.size).toBeGreaterThan(500);
  }, 60_000);

  it('never gives a yes with a meeting booked, nor a move without one', () => {
    const model = replyLexicon();
    expect(lexicalReading(model, 'Yes, Thursday at 2pm works', true).odds.accepted).toBe(0);
    expect(lexicalReading(model, 'Can we move it to Friday?', false).odds.reschedule).toBe(0);
    expect(lexicalReading(model, 'Hmm.', false).known).toBe(0);
  });
});

const reading = (odds: Partial<LexicalReading['odds']>, known = 1): LexicalReading => ({
  odds: { accepted: 0, declined: 0, referral: 0, reschedule: 0, other: 0, unsubscribe: 0, ...odds },
  known,
});
const noMeeting = (accepted: number, declined: number, referral = 0, other = 1) =>
  [
    { intent: 'accepted' as const, score: accepted },
    { intent: 'declined' as const, score: declined },
    { intent: 'referral' as const, score: referral },
    { intent: 'other' as const, score: other },
  ].sort((a, b) => b.score - a.score);

describe('the rules weighed with the words', () => {
  it('strong rules evidence stands against the words', () => {
    const weighed = weighWithModel(
      noMeeting(0, 5),
      reading({ accepted: 0.7, declined: 0.1, other: 0.2 }),
      false,
    );
    expect(weighed.intent).toBe('declined');
    expect(weighed.confidence).toBeLessThan(0.97);
  });

  it('the words decide where the rules found nothing, surer the more of them the model knows', () => {
    const known = weighWithModel(
      noMeeting(0, 0),
      reading({ accepted: 0.9, other: 0.05, declined: 0.05 }),
      false,
    );
    const unknown = weighWithModel(
      noMeeting(0, 0),
      reading({ accepted: 0.9, other: 0.05, declined: 0.05 }, 0.1),
      false,
    );
    expect(known.intent).toBe('accepted');
    expect(unknown.intent).toBe('other');
    expect(unknown.confidence).toBeLessThan(0.6);
  });

  it('agreement is surer than disagreement, never certain', () => {
    const agree = weighWithModel(noMeeting(3, 0), reading({ accepted: 0.9, other: 0.1 }), false);
    const disagree = weighWithModel(
      noMeeting(3, 0),
      reading({ declined: 0.6, accepted: 0.3, other: 0.1 }),
      false,
    );
    expect(agree.intent).toBe('accepted');
    expect(disagree.confidence).toBeLessThan(agree.confidence);
    expect(agree.confidence).toBeLessThanOrEqual(0.97);
  });

  it('says what the two readers disagree on, for the person who checks', () => {
    const weighed = weighWithModel(
      noMeeting(3, 0),
      reading({ declined: 0.7, accepted: 0.2, other: 0.1 }),
      false,
    );
    expect(weighed.doubt).toBe('Its cues read a yes; its wording reads more like a no.');
    expect(
      weighWithModel(noMeeting(3, 0), reading({ accepted: 0.9, other: 0.1 }), false).doubt,
    ).toBeUndefined();
  });

  it('never makes a referral without a person to refer to', () => {
    const weighed = weighWithModel(noMeeting(0, 1), reading({ referral: 0.95, declined: 0.05 }), false);
    expect(weighed.intent).not.toBe('referral');
    expect(weighWithModel(noMeeting(0, 1, 3.5), reading({ referral: 0.95 }), true).intent).toBe('referral');
  });
});

describe('a request to stop the rules did not find', () => {
  it('sends the reading to a person, never unsubscribes on the words alone', () => {
    const weighed = weighWithModel(
      [
        { intent: 'declined', score: 3 },
        { intent: 'other', score: 1 },
      ],
      reading({ declined: 0.4, unsubscribe: 0.55, other: 0.05 }),
      false,
    );
    expect(weighed.intent).toBe('declined');
    expect(weighed.confidence).toBeLessThan(0.6);
    expect(weighed.reason).toContain('may ask to stop');
  });
});
