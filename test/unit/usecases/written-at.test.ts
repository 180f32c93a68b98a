import type { Email } from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { readReply } from '#domain/reply/read-reply.ts';
import { writtenAt } from '#usecases/inbound.ts';

const arrived = new Date('2026-12-08T14:31:00Z'); // a Tuesday
const mail = (date?: string) =>
  ({ headers: [], headerLines: [], attachments: [], ...(date ? { date } : {}) }) as Email;

describe("the moment a reply's 'Thursday' is counted from", () => {
  it('is its Date header when it was written up to a day before it arrived (or a little after: clock skew)', () => {
    expect(writtenAt(mail('2026-12-08T14:30:00Z'), arrived).toISOString()).toBe('2026-12-08T14:30:00.000Z');
    expect(writtenAt(mail('2026-12-07T15:00:00Z'), arrived).toISOString()).toBe('2026-12-07T15:00:00.000Z');
    expect(writtenAt(mail('2026-12-08T15:00:00Z'), arrived).toISOString()).toBe('2026-12-08T15:00:00.000Z');
  });

  it("is its arrival when the Date header is missing, unreadable, days old or in the future (a wrong clock, or the local stack's simulated one)", () => {
    for (const date of [undefined, 'not a date', '2026-12-02T08:31:00Z', '2026-12-12T09:00:00Z'])
      expect(writtenAt(mail(date), arrived).toISOString()).toBe(arrived.toISOString());
  });

  it('so "Thursday at 2pm", written days before rapport received it by its clock, is the Thursday after its arrival', async () => {
    const reading = await readReply(
      {
        from: { address: 'priya.raman@lumen-health.example' },
        to: [],
        cc: [],
        subject: 'Re: your note',
        headers: {},
        text: 'Happy to chat. Thursday at 2pm works. Priya',
      },
      { receivedAt: writtenAt(mail('2026-12-02T08:31:00Z'), arrived), contactTimeZone: 'America/Chicago' },
    );
    // Thursday 10 December, 2pm in Chicago.
    expect(reading.proposedTimes).toEqual(['2026-12-10T20:00:00.000Z']);
  });
});
