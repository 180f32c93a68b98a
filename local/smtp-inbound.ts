import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import type { Inbound, InboundOutcome } from '#usecases/inbound.ts';
import { freePort } from './free-port.ts';

/**
 * The local inbound MX: what SES receiving does in AWS. A message accepted over SMTP is stored in the
 * bucket under `inbound/<id>` (the receipt rule's S3 action) and handed to the inbound use case with
 * the envelope recipients and PASS verdicts (the receipt rule's Lambda action). No spam or virus
 * scanning happens locally; tests of quarantine call the use case with FAIL verdicts directly.
 */
export async function startSmtpInbound(options: {
  port?: number;
  blobs: BlobStore;
  inbound: Inbound;
  onHandled?: (outcome: InboundOutcome) => void;
}) {
  const port = options.port ?? (await freePort());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'rapport local inbound MX',
    size: 40 * 1024 * 1024,
    async onData(stream, session, callback) {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const sesMessageId = randomUUID();
        const objectKey = `${INBOUND_OBJECT_PREFIX}${sesMessageId}`;
        await options.blobs.put(objectKey, Buffer.concat(chunks), 'message/rfc822');
        const outcome = await options.inbound({
          sesMessageId,
          objectKey,
          recipients: session.envelope.rcptTo.map((r) => r.address),
          spamVerdict: 'PASS',
          virusVerdict: 'PASS',
        });
        options.onHandled?.(outcome);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    endpoint: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
