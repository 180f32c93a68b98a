/** The local MX's DMARC verdict (SES computes it in AWS): a header of the message's header block only. */
import { describe, expect, it } from 'vitest';
import { parseReceipts } from '#handlers/inbound.ts';
import { inboundOutcomeLine, localDmarcVerdict } from '#local/smtp-inbound.ts';

const message = (head: string, body = 'Hello') => Buffer.from(`${head}\r\nSubject: hi\r\n\r\n${body}`);

describe('DMARC verdicts', () => {
  it('is read from the X-Rapport-Dmarc-Verdict header, never from the body', () => {
    expect(localDmarcVerdict(message('X-Rapport-Dmarc-Verdict: FAIL'))).toBe('FAIL');
    expect(localDmarcVerdict(message('x-rapport-dmarc-verdict: pass'))).toBe('PASS');
    expect(localDmarcVerdict(message('From: a@b.example', 'X-Rapport-Dmarc-Verdict: FAIL'))).toBeUndefined();
    expect(localDmarcVerdict(message('X-Rapport-Dmarc-Verdict: maybe'))).toBeUndefined();
  });

  it("SES's receipt event carries it to the use case (absent stays absent)", () => {
    const event = (receipt: Record<string, unknown>) => ({
      Records: [
        {
          ses: {
            mail: { messageId: 'm1' },
            receipt: {
              recipients: ['r@in.example'],
              spamVerdict: { status: 'PASS' },
              virusVerdict: { status: 'PASS' },
              ...receipt,
            },
          },
        },
      ],
    });
    expect(parseReceipts(event({ dmarcVerdict: { status: 'FAIL' } }))[0]?.dmarcVerdict).toBe('FAIL');
    expect(parseReceipts(event({}))[0]).not.toHaveProperty('dmarcVerdict');
  });

  it('the local stack logs a flagged message on one line', () => {
    expect(
      inboundOutcomeLine({
        outcome: 'flagged',
        contactId: 'c1',
        reason: 'DMARC verdict FAIL',
        forwardScheduled: true,
      }),
    ).toBe(
      'inbound: matched contact c1, DMARC verdict FAIL: forwarded to the client flagged, nothing changed',
    );
  });
});
