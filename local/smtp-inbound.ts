import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import { makeInboundHandler } from '#handlers/inbound.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { logger } from '#shared/logger.ts';
import type { Inbound, InboundOutcome } from '#usecases/inbound.ts';
import { localContext } from './lambda-context.ts';

/** The SES receipt-rule event the inbound function gets (PASS verdicts: nothing is scanned locally). */
function receiptEvent(sesMessageId: string, recipients: string[], dmarc?: string) {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        ses: {
          mail: { messageId: sesMessageId, destination: recipients },
          receipt: {
            recipients,
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            ...(dmarc ? { dmarcVerdict: { status: dmarc } } : {}),
          },
        },
      },
    ],
  };
}

/** What the inbound function did with one message, as one log line of the local stack. */
export function inboundOutcomeLine(outcome: InboundOutcome): string {
  switch (outcome.outcome) {
    case 'quarantined':
      return `inbound: quarantined (${outcome.reason}), kept as ${outcome.key}`;
    case 'unmatched':
      return `inbound: unmatched, no contact for message ${outcome.messageId} (kept in the bucket)`;
    case 'ignored':
      return `inbound: matched contact ${outcome.contactId}, ignored: ${outcome.reason}`;
    case 'held':
      return `inbound: matched contact ${outcome.contactId}, held for review (${outcome.reason}: ${outcome.detail})`;
    case 'client_ignored':
      return `inbound: to a client reply address, not taken (${outcome.reason}): kept in the bucket, nothing changed`;
    case 'client_reply':
      return `inbound: the client's reply${outcome.duplicate ? ' (repeat delivery)' : ''} for ${outcome.contactIds.join(', ')}: answered ${outcome.answer}`;
    case 'flagged':
      return `inbound: matched contact ${outcome.contactId}, ${outcome.reason}: forwarded to the client flagged, nothing changed`;
    default: {
      const { intent, autoReply } = outcome.reading;
      const what = {
        recorded: 'reply recorded',
        duplicate: 'already recorded (repeat delivery)',
        refused: 'not recorded (the contact cannot take a reply now)',
      }[outcome.outcome];
      const details = [
        `intent ${intent}${autoReply ? ', automatic reply' : ''}`,
        outcome.forwardScheduled ? 'forward to the client scheduled' : 'no forward',
        ...(outcome.referralsAdded > 0 ? [`${outcome.referralsAdded} referral(s) added`] : []),
      ];
      return `inbound: matched contact ${outcome.contactId}, ${what}: ${details.join('; ')}`;
    }
  }
}

/** The header a local test message sets SES's DMARC verdict with (SES computes it in AWS). */
export const LOCAL_DMARC_HEADER = 'X-Rapport-Dmarc-Verdict';

/** The DMARC verdict a message asks for locally: its `X-Rapport-Dmarc-Verdict` header, in the header block. */
export function localDmarcVerdict(raw: Buffer): string | undefined {
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('latin1')
      .split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = /^x-rapport-dmarc-verdict:[ \t]*(PASS|FAIL|GRAY|PROCESSING_FAILED|DISABLED)[ \t]*$/im.exec(
    head,
  );
  return match?.[1]?.toUpperCase();
}

/**
 * The local inbound MX: what SES receiving does in AWS. A message accepted over SMTP is stored in the
 * bucket under `inbound/<id>` (the receipt rule's S3 action) and handed to the inbound function's
 * handler as the SES receipt event, with the envelope recipients and PASS verdicts (the receipt
 * rule's Lambda action). No spam or virus scanning happens locally; tests of quarantine call the
 * use case with FAIL verdicts directly. A DMARC verdict is taken from the message's
 * `X-Rapport-Dmarc-Verdict` header (SES computes it in AWS; a header proves nothing there).
 */
export async function startSmtpInbound(options: {
  port?: number;
  blobs: BlobStore;
  inbound: Inbound;
  onHandled?: (outcome: InboundOutcome) => void;
  /** The inbound function failed unexpectedly (the sender got 250 all the same: the message is kept). */
  onFailed?: (error: unknown, objectKey: string) => void;
}) {
  const handle = makeInboundHandler(() => options.inbound);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'rapport local inbound MX',
    size: 40 * 1024 * 1024,
    async onData(stream, session, callback) {
      const sesMessageId = randomUUID();
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      let dmarc: string | undefined;
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          // Too big is permanent (SES receiving refuses over 40 MB too): 552, never "try later".
          callback(
            Object.assign(new Error('Message exceeds fixed maximum message size'), { responseCode: 552 }),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        dmarc = localDmarcVerdict(raw);
        await options.blobs.put(`${INBOUND_OBJECT_PREFIX}${sesMessageId}`, raw, 'message/rfc822');
      } catch (error) {
        // Not kept: the one case where the sending server must try again later.
        logger.error('inbound message not stored', { sesMessageId, error });
        callback(
          Object.assign(new Error('Local error in processing, try again later'), { responseCode: 451 }),
        );
        return;
      }
      // Stored: accepted (250), like SES, which runs the function asynchronously after storing the
      // message. What happens next is the function's business, never the sender's: a message it
      // cannot read is quarantined; a failure is logged and the message stays under inbound/.
      try {
        const outcomes = await handle(
          receiptEvent(sesMessageId, recipients, dmarc),
          localContext('rapport-inbound'),
        );
        for (const outcome of outcomes) options.onHandled?.(outcome);
      } catch (error) {
        logger.error('inbound message not processed', { sesMessageId, error });
        options.onFailed?.(error, `${INBOUND_OBJECT_PREFIX}${sesMessageId}`);
      }
      callback();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // No port given: the OS's choice at the moment of binding (a port chosen earlier could be taken).
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      // A broken client connection is the client's problem, never the MX's.
      server.on('error', () => undefined);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    endpoint: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
