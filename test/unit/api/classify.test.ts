/**
 * `POST /replies/classify` (the classify function's API, no emulators needed: it reads nothing but
 * the request): each inbound fixture read as the inbound function reads it, in the shape
 * `rapport classify` prints; proposed times carry the offset of the given zone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBedrockModelReader } from '#adapters/bedrock-model-reader.ts';
import type { ApiRequest } from '#api/http.ts';
import { makeReplyApi } from '#api/preview-app.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeReplyReader } from '#usecases/read-with-model.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/inbound');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  { intent: string; autoReply: boolean; returnDate?: string; proposedDates?: string[]; referrals?: string[] }
>;

const api = makeReplyApi({ clock: { now: () => new Date('2026-12-01T18:00:00Z') } });

function classify(body: string, query: Record<string, string> = {}, type = 'message/rfc822') {
  const request: ApiRequest = {
    method: 'POST',
    path: '/replies/classify',
    caller: { kind: 'user', id: 'u-1', email: 'coach@rapport.local', groups: ['coach'] },
    headers: { 'content-type': type },
    query,
    body,
  };
  return api(request).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
}

describe('POST /replies/classify', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`${file} → ${want.intent}`, async () => {
      const out = await classify(readFileSync(join(FIXTURES, file), 'latin1'));
      expect(out.status).toBe(200);
      expect(out.body).toMatchObject({
        intent: want.intent,
        autoReply: want.autoReply,
        returnDate: want.returnDate ?? null,
        proposedTimes: expect.any(Array),
        referrals: expect.any(Array),
      });
      if (want.proposedDates)
        expect(out.body.proposedDates).toEqual(expect.arrayContaining(want.proposedDates));
      if (want.referrals)
        expect(out.body.referrals.map((r: { email: string }) => r.email)).toEqual(want.referrals);
    });
  }

  it('gives proposed times with the offset of the contact zone', async () => {
    const raw = readFileSync(join(FIXTURES, 'accept-gmail-times.eml'), 'latin1');
    const ny = await classify(raw, { timeZone: 'America/New_York' });
    // "Thursday Dec 3 at 2pm": read in the contact's zone, -05:00 in New York in December.
    expect(ny.body.proposedTimes[0]).toBe('2026-12-03T14:00:00-05:00');
    const paris = await classify(raw, { timeZone: 'Europe/Paris' });
    expect(paris.body.proposedTimes[0]).toBe('2026-12-03T14:00:00+01:00');
    // Without a zone: UTC.
    expect((await classify(raw)).body.proposedTimes[0]).toBe('2026-12-03T14:00:00Z');
  });

  it('refuses a wrong content type, an empty or oversized body and an unknown zone, naming each', async () => {
    expect(await classify('{}', {}, 'application/json')).toMatchObject({
      status: 415,
      body: { error: { field: 'content-type' } },
    });
    expect(await classify('')).toMatchObject({ status: 422, body: { error: { field: 'body' } } });
    expect(await classify(`Subject: x\r\n\r\n${'x'.repeat(1024 * 1024)}`)).toMatchObject({
      status: 413,
      body: { error: { field: 'body' } },
    });
    expect(await classify('Subject: x\r\n\r\nYes!', { timeZone: 'Mars/Base' })).toMatchObject({
      status: 422,
      body: { error: { field: 'timeZone' } },
    });
    expect(await classify('Subject: x\r\n\r\nYes!', { meetingStart: 'Thursday 3pm' })).toMatchObject({
      status: 422,
      body: { error: { field: 'meetingStart' } },
    });
  });

  it('with the booked meeting given, a move reads as reschedule and "same time" as its time of day', async () => {
    const move =
      'Date: Tue, 01 Dec 2026 10:00:00 -0500\r\nSubject: Re: our call\r\n\r\nSomething came up - could we push to Monday, same time?';
    const booked = await classify(move, {
      timeZone: 'America/New_York',
      meetingStart: '2026-12-03T15:00:00-05:00',
    });
    expect(booked.status).toBe(200);
    expect(booked.body).toMatchObject({ intent: 'reschedule', proposedTimes: ['2026-12-07T15:00:00-05:00'] });
    // Without it, nothing is booked: no move, and "same time" names no time.
    const unbooked = await classify(move, { timeZone: 'America/New_York' });
    expect(unbooked.body.intent).not.toBe('reschedule');
    expect(unbooked.body.proposedTimes).toEqual([]);
  });
});

describe('POST /replies/classify with the model reader configured (as the classify function builds it)', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  afterEach(() => bedrock.reset());
  const withModel = makeReplyApi({
    clock: { now: () => new Date('2026-12-01T18:00:00Z') },
    readReply: makeReplyReader({
      readReply,
      model: makeBedrockModelReader({ modelId: 'us.amazon.nova-micro-v1:0', region: 'us-east-1' }),
    }),
  });
  const classifyWithModel = (body: string) =>
    withModel({
      method: 'POST',
      path: '/replies/classify',
      caller: { kind: 'user', id: 'u-1', email: 'coach@rapport.local', groups: ['coach'] },
      headers: { 'content-type': 'message/rfc822' },
      query: {},
      body,
    }).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
  const unsure = readFileSync(join(FIXTURES, 'unsure-noted.eml'), 'latin1');
  const answer = (reading: object) => ({
    $metadata: { httpStatusCode: 200 },
    output: { message: { role: 'assistant' as const, content: [{ text: JSON.stringify(reading) }] } },
    stopReason: 'end_turn' as const,
  });

  it('says why a reading is doubtful: a request to stop in words no rule knows', async () => {
    const out = await classify(readFileSync(join(FIXTURES, 'stop-maybe.eml'), 'latin1'));
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({
      intent: 'other',
      needsReview: true,
      doubt: 'The words may ask to stop emails: if they do, correct the reading to unsubscribe.',
    });
    expect(
      (await classify(readFileSync(join(FIXTURES, 'decline-polite.eml'), 'latin1'))).body.doubt,
    ).toBeUndefined();
  });

  it("a surer model's reading is the answer, and its confidence decides needsReview", async () => {
    bedrock
      .on(ConverseCommand)
      .resolves(answer({ intent: 'declined', confidence: 0.95, reasons: ['"not now"'] }));
    const rules = await classify(unsure);
    expect(rules.body).toMatchObject({ intent: 'other', needsReview: true });
    const out = await classifyWithModel(unsure);
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ intent: 'declined', confidence: 0.95, needsReview: false });
    expect(out.body.reasons[0]).toBe('model us.amazon.nova-micro-v1:0: declined (confidence 0.95)');
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });

  it('a failing model: the rules reading, as without one', async () => {
    bedrock.on(ConverseCommand).rejects(new Error('AccessDeniedException'));
    expect((await classifyWithModel(unsure)).body).toEqual((await classify(unsure)).body);
  });
});
