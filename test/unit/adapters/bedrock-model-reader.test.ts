/**
 * The optional model reader (issue 13 item 7) against realistic Converse response shapes
 * (aws-sdk-client-mock): a valid reading, JSON in a fence, throttling, malformed JSON, an answer that
 * breaks the schema, a cut-short answer, a model that never answers (the timeout) — and the reader
 * that combines it with the rules: the model's answer is used only when it is surer.
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBedrockModelReader, READING_PROMPT } from '#adapters/bedrock-model-reader.ts';
import { type IncomingReply, type ReplyReading, readReply } from '#domain/reply/read-reply.ts';
import { replyReadingSchema } from '#domain/reply-reading-schema.ts';
import { REPLY_INTENTS } from '#domain/types.ts';
import { makeReplyReader, RULES_CONFIDENCE_DEFAULT } from '#usecases/read-with-model.ts';

const bedrock = mockClient(BedrockRuntimeClient);
const MODEL = 'amazon.nova-micro-v1:0';

/** A Converse answer as Bedrock returns it for a Nova model. */
function converse(
  text: string,
  stopReason: ConverseCommandOutput['stopReason'] = 'end_turn',
): ConverseCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: 'a1b2c3d4-0000-4000-8000-000000000000', attempts: 1 },
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason,
    usage: { inputTokens: 612, outputTokens: 58, totalTokens: 670 },
    metrics: { latencyMs: 412 },
  };
}

const input = {
  subject: 'Re: A quick question about UX research',
  text: 'Happy to chat! How about Tuesday 10am?',
  receivedAt: new Date('2027-03-01T15:00:00.000Z'),
  contactTimeZone: 'America/New_York',
};

const accepted = {
  intent: 'accepted',
  proposedTimes: ['2027-03-02T15:00:00.000Z'],
  confidence: 0.93,
  reasons: ['"Happy to chat!"'],
};

beforeEach(() => bedrock.reset());

describe('Bedrock model reader', () => {
  it('sends one Converse request (system prompt, the text, temperature 0) and answers the checked reading', async () => {
    bedrock.on(ConverseCommand).resolves(converse(JSON.stringify(accepted)));
    const reading = await makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1' }).read(input);
    expect(reading).toEqual({ ...accepted, referrals: [] });
    const calls = bedrock.commandCalls(ConverseCommand);
    expect(calls).toHaveLength(1);
    const sent = calls[0]?.args[0].input;
    expect(sent?.modelId).toBe(MODEL);
    expect(sent?.inferenceConfig).toEqual({ maxTokens: 400, temperature: 0 });
    expect(sent?.system?.[0]).toMatchObject({ text: expect.stringContaining('ONE JSON object') });
    expect(JSON.stringify(sent?.messages)).toContain('Happy to chat! How about Tuesday 10am?');
  });

  it('offers every intent of the domain (reschedule too) and says whether a meeting is booked', async () => {
    const reschedule = {
      intent: 'reschedule',
      proposedTimes: ['2027-03-09T15:00:00.000Z'],
      confidence: 0.91,
      reasons: ['"could we move our call"'],
    };
    bedrock.on(ConverseCommand).resolves(converse(JSON.stringify(reschedule)));
    const reader = makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1' });
    expect(await reader.read({ ...input, hasMeeting: true })).toEqual({ ...reschedule, referrals: [] });
    await reader.read(input);
    const [booked, none] = bedrock.commandCalls(ConverseCommand).map((c) => c.args[0].input);
    for (const intent of REPLY_INTENTS) expect(READING_PROMPT).toContain(`"${intent}"`);
    expect(booked?.system?.[0]).toEqual({ text: READING_PROMPT });
    expect(JSON.stringify(booked?.messages)).toContain('A meeting with them is booked.');
    expect(JSON.stringify(none?.messages)).toContain('No meeting is booked with them.');
  });

  it('reads JSON inside a ```json fence with prose around it', async () => {
    bedrock
      .on(ConverseCommand)
      .resolves(converse(`Here is the reading:\n\`\`\`json\n${JSON.stringify(accepted)}\n\`\`\``));
    expect((await makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1' }).read(input)).intent).toBe(
      'accepted',
    );
  });

  it.each([
    [
      'throttling',
      () =>
        bedrock.on(ConverseCommand).rejects(
          new ThrottlingException({
            message: 'Too many requests, please wait before trying again.',
            $metadata: { httpStatusCode: 429 },
          }),
        ),
      /Too many requests/,
    ],
    [
      'malformed JSON',
      () => bedrock.on(ConverseCommand).resolves(converse('{"intent": "accepted", "confidence": 0.9')),
      /no JSON object|JSON/,
    ],
    [
      'an intent outside the schema',
      () => bedrock.on(ConverseCommand).resolves(converse('{"intent":"maybe","confidence":0.99}')),
      /intent/,
    ],
    [
      'a confidence above 1',
      () => bedrock.on(ConverseCommand).resolves(converse('{"intent":"declined","confidence":7}')),
      /confidence/,
    ],
    [
      'an answer cut at max tokens',
      () => bedrock.on(ConverseCommand).resolves(converse('{"intent":"accepted"', 'max_tokens')),
      /max_tokens/,
    ],
    [
      'no text block',
      () =>
        bedrock
          .on(ConverseCommand)
          .resolves({ ...converse(''), output: { message: { role: 'assistant', content: [] } } }),
      /no text/,
    ],
  ])('%s: throws (the rules reading will stand)', async (_, arrange, message) => {
    arrange();
    await expect(makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1' }).read(input)).rejects.toThrow(
      message,
    );
  });

  it('a model that never answers: abandoned after the timeout', async () => {
    bedrock.on(ConverseCommand).callsFake(() => new Promise(() => {}));
    await expect(
      makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1', timeoutMs: 20 }).read(input),
    ).rejects.toThrow('did not answer within 20 ms');
  });
});

const reply = (text: string): IncomingReply => ({
  from: { address: 'priya@lumen.example' },
  to: ['reply+tok@in.example'],
  cc: [],
  subject: 'Re: A quick question',
  headers: {},
  text,
});
const context = { receivedAt: input.receivedAt, contactTimeZone: input.contactTimeZone };

describe('the rules reader with the model reader', () => {
  const warnings: string[] = [];
  const log = { warn: (m: string) => void warnings.push(m) };
  afterEach(() => {
    warnings.length = 0;
  });
  const reader = (timeoutMs = 1000) =>
    makeReplyReader({
      readReply,
      model: makeBedrockModelReader({ modelId: MODEL, region: 'us-east-1', timeoutMs }),
      log,
    });

  it('without a model: the rules reading, no call', async () => {
    const read = makeReplyReader({ readReply });
    expect(await read(reply('No thanks, not interested.'), context)).toEqual(
      readReply(reply('No thanks, not interested.'), context),
    );
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it("a surer model wins: its intent and details, with both readers' reasons", async () => {
    bedrock.on(ConverseCommand).resolves(converse(JSON.stringify(accepted)));
    const message = reply('Tuesday could work, I suppose.');
    const reading = await reader()(message, context);
    expect(reading.intent).toBe('accepted');
    expect(reading.proposedTimes).toEqual(['2027-03-02T15:00:00.000Z']);
    expect(reading.body).toBe(readReply(message, context).body);
    expect(reading.reasons[0]).toBe(`model ${MODEL}: accepted (confidence 0.93)`);
    expect((reading as ReplyReading & { confidence?: number }).confidence).toBe(0.93);
  });

  it('a model no surer than the rules is not used', async () => {
    bedrock
      .on(ConverseCommand)
      .resolves(converse(JSON.stringify({ intent: 'declined', confidence: RULES_CONFIDENCE_DEFAULT })));
    const message = reply('Happy to chat! Tuesday at 10am works.');
    expect(await reader()(message, context)).toEqual(readReply(message, context));
  });

  it('a failing, throttled or silent model: the rules reading, a warning logged', async () => {
    bedrock.on(ConverseCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const message = reply('Happy to chat! Tuesday at 10am works.');
    expect(await reader()(message, context)).toEqual(readReply(message, context));
    bedrock.reset();
    bedrock.on(ConverseCommand).callsFake(() => new Promise(() => {}));
    expect(await reader(20)(message, context)).toEqual(readReply(message, context));
    expect(warnings).toEqual([
      'model reader failed: the rules reading stands',
      'model reader failed: the rules reading stands',
    ]);
  });

  it("a surer model's reschedule is used when a meeting is booked, never without one", async () => {
    const moved = { intent: 'reschedule', proposedTimes: ['2027-03-09T15:00:00.000Z'], confidence: 0.99 };
    bedrock.on(ConverseCommand).resolves(converse(JSON.stringify(moved)));
    // A reading the rules and the words are unsure of (below the threshold): the model is asked.
    const message = reply('Sorry, bit of a problem with Thursday.');
    expect(readReply(message, { ...context, hasMeeting: true }).needsReview).toBe(true);
    const booked = await reader()(message, { ...context, hasMeeting: true });
    expect(booked.reasons[0]).toBe(`model ${MODEL}: reschedule (confidence 0.99)`);
    expect(booked.intent).toBe('reschedule');
    expect(booked.proposedTimes).toEqual(['2027-03-09T15:00:00.000Z']);
    // No meeting to move: the model misread it, the rules reading stands.
    expect(await reader()(message, context)).toEqual(readReply(message, context));
  });

  it('an unsubscribe is never asked about (stopping is the safe side)', async () => {
    bedrock.on(ConverseCommand).resolves(converse('{"intent":"other","confidence":1}'));
    const message = reply('Please remove me from your list. Unsubscribe.');
    const rules = readReply(message, context);
    expect(rules.intent).toBe('unsubscribe');
    expect(await reader()(message, context)).toEqual(rules);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it("the rules reader's readings satisfy the same schema (with a confidence)", () => {
    for (const text of [
      'Happy to chat! Tuesday at 10am works.',
      'No thanks.',
      'Ask dana@acme.example instead.',
    ]) {
      const rules = readReply(reply(text), context);
      const parsed = replyReadingSchema.safeParse({ ...rules, confidence: RULES_CONFIDENCE_DEFAULT });
      expect(parsed.success).toBe(true);
    }
  });
});
