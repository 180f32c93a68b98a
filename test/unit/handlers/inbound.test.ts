import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { parseReceipts } from '#handlers/inbound.ts';

const record = (overrides: Record<string, unknown> = {}) => ({
  eventSource: 'aws:ses',
  ses: {
    mail: { messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1', destination: ['reply+abc@in.example'] },
    receipt: {
      recipients: ['reply+abc@in.example'],
      spamVerdict: { status: 'PASS' },
      virusVerdict: { status: 'PASS' },
      spfVerdict: { status: 'PASS' },
      ...overrides,
    },
  },
});

describe('parseReceipts (SES receipt-rule Lambda event)', () => {
  it('reads message id, object key under the inbound prefix, recipients and verdicts', () => {
    expect(parseReceipts({ Records: [record({ spamVerdict: { status: 'FAIL' } })] })).toEqual([
      {
        sesMessageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
        objectKey: 'inbound/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
        recipients: ['reply+abc@in.example'],
        spamVerdict: 'FAIL',
        virusVerdict: 'PASS',
      },
    ]);
  });

  it('refuses a malformed event, naming the field', () => {
    const error = (() => {
      try {
        parseReceipts({ Records: [record({ virusVerdict: { status: 'MAYBE' } })] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('Records[0].ses.receipt.virusVerdict.status');
    expect(() => parseReceipts({ Records: [] })).toThrow(ValidationError);
  });
});
