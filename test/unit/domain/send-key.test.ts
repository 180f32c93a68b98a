import { describe, expect, it } from 'vitest';
import { sendKey } from '#domain/send-key.ts';
import type { Meeting, Step } from '#domain/types.ts';

const meeting = { id: 'mtg-1', sequence: 2 } as Meeting;
const contact = { id: 'c-0001', planVersion: 7, meeting };

describe('sendKey', () => {
  it('is one key per email: re-planning (a new plan version) keeps the key of a once-only email', () => {
    for (const step of ['outreach', 'follow-up-1', 'follow-up-2', 'keep-in-touch-1', 'thank-you'] as Step[]) {
      expect(sendKey({ ...contact, planVersion: 1 }, step)).toBe(
        sendKey({ ...contact, planVersion: 9 }, step),
      );
    }
    expect(sendKey(contact, 'outreach')).toBe('c-0001_outreach');
  });

  it('gives each .ics sequence of a meeting its own confirmation, and each meeting its own thank-you', () => {
    const rescheduled = { ...contact, meeting: { ...meeting, sequence: 3 } };
    expect(sendKey(contact, 'confirmation')).not.toBe(sendKey(rescheduled, 'confirmation'));
    expect(sendKey(contact, 'client-meeting-tomorrow')).not.toBe(
      sendKey(rescheduled, 'client-meeting-tomorrow'),
    );
    expect(sendKey(contact, 'thank-you')).toBe(sendKey(rescheduled, 'thank-you'));
    const another = { ...contact, meeting: { ...meeting, id: 'mtg-2' } };
    expect(sendKey(contact, 'thank-you')).not.toBe(sendKey(another, 'thank-you'));
  });

  it('lets "write an update" reminders repeat under a new plan', () => {
    expect(sendKey(contact, 'client-update-1')).not.toBe(
      sendKey({ ...contact, planVersion: 8 }, 'client-update-1'),
    );
  });

  it('uses only characters an SES message tag keeps', () => {
    const odd = { id: 'c.0001/x', planVersion: 1, meeting: { ...meeting, id: 'm.1' } };
    for (const step of ['outreach', 'confirmation', 'client-update-2'] as Step[]) {
      expect(sendKey(odd, step)).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });
});
