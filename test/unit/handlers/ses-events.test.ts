import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { makeSesEventsHandler } from '#handlers/ses-events.ts';
import { localContext } from '#local/lambda-context.ts';
import type { SesFeedback } from '#usecases/ses-feedback.ts';
import { makeSesFeedback } from '#usecases/ses-feedback.ts';

/** An EventBridge event as SES puts it on the default bus (trimmed to what matters). */
function envelope(detail: unknown, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'a1b2c3d4-0000-0000-0000-000000000000',
    'detail-type': 'Email Sent',
    source: 'aws.ses',
    account: '123456789012',
    time: '2027-03-01T14:00:01Z',
    region: 'eu-west-1',
    resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/rapport'],
    detail,
    ...overrides,
  };
}

const SEND = {
  eventType: 'Send',
  mail: {
    timestamp: '2027-03-01T14:00:00.512Z',
    source: 'Sam Okafor <sam.okafor@mail.northwind-careers.example>',
    sendingAccountId: '123456789012',
    messageId: '0102018e-example-000000',
    destination: ['priya@lumen.example'],
    tags: {
      'ses:operation': ['SendRawEmail'],
      'ses:configuration-set': ['rapport'],
      contact: ['c-1'],
      step: ['outreach'],
      key: ['c-1_outreach'],
    },
  },
  send: {},
};

describe('ses-events handler', () => {
  function withStore(recorded: string[]) {
    const feedback = makeSesFeedback({
      store: {
        recordSendEvent: async (key, messageId) => {
          recorded.push(`${key}=${messageId}`);
          return 'recorded';
        },
        suppress: async () => 'suppressed',
        getContact: async () => undefined,
      },
      workflow: { apply: async () => undefined },
    });
    const handler = makeSesEventsHandler(() => feedback);
    return (event: unknown) => handler(event, localContext('rapport-ses-events'));
  }

  it('hands the detail of an SES event to the feedback use case', async () => {
    const recorded: string[] = [];
    const result = await withStore(recorded)(envelope(SEND));
    expect(result).toEqual({ outcome: 'send_recorded', key: 'c-1_outreach' });
    expect(recorded).toEqual(['c-1_outreach=0102018e-example-000000']);
  });

  it('refuses an event from another source, naming the field', async () => {
    const error = await withStore([])(envelope(SEND, { source: 'aws.s3' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('source');
  });

  it('names a bad field of the SES record under detail., and records nothing', async () => {
    const recorded: string[] = [];
    const bad = { ...SEND, mail: { ...SEND.mail, messageId: '' } };
    const error = await withStore(recorded)(envelope(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['detail.mail.messageId']);
    expect(recorded).toEqual([]);
  });

  it('lets unexpected failures through (EventBridge/Lambda retry, then the dead-letter queue)', async () => {
    const failing = { handle: async () => Promise.reject(new Error('DynamoDB unavailable')) } as SesFeedback;
    const handler = makeSesEventsHandler(() => failing);
    await expect(handler(envelope(SEND), localContext('rapport-ses-events'))).rejects.toThrow(
      'DynamoDB unavailable',
    );
  });
});
