import { describe, expect, it } from 'vitest';
import { inboundOutcomeLine } from '#local/smtp-inbound.ts';

describe('inbound outcomes on the local console', () => {
  it('one line each: matched, unmatched, quarantined', () => {
    const lines = [
      inboundOutcomeLine({
        outcome: 'recorded',
        contactId: 'c-1',
        reading: { intent: 'accepted', autoReply: false, proposedDates: [] },
        forwardScheduled: true,
        referralsAdded: 1,
      }),
      inboundOutcomeLine({ outcome: 'unmatched', messageId: 'm-1@example' }),
      inboundOutcomeLine({ outcome: 'quarantined', reason: 'spam verdict FAIL', key: 'quarantine/x' }),
    ];
    expect(lines).toEqual([
      'inbound: matched contact c-1, reply recorded: intent accepted; forward to the client scheduled; 1 referral(s) added',
      'inbound: unmatched, no contact for message m-1@example (kept in the bucket)',
      'inbound: quarantined (spam verdict FAIL), kept as quarantine/x',
    ]);
    for (const line of lines) expect(line).not.toContain('\n');
  });
});
