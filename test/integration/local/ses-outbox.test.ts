/** The local SES outbox survives a restart, like the rest of the data under `.rapport/`. */
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { startSesLocal } from '#local/ses-local.ts';

const raw = (subject: string) =>
  Buffer.from(
    [
      'From: sam.okafor@mail.northwind-careers.example',
      'To: priya.raman@lumen-health.example',
      `Subject: ${subject}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello Priya',
    ].join('\r\n'),
  );

async function outbox(endpoint: string): Promise<string[]> {
  const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: { subject: string }[] };
  return store.emails.map((e) => e.subject);
}

describe('SES outbox under the data dir', () => {
  it('keeps every email across a restart, once each (a torn last line skipped); a cleared outbox stays cleared', async () => {
    const outboxFile = join(mkdtempSync(join(tmpdir(), 'rapport-ses-')), 'ses-outbox.jsonl');
    const first = await startSesLocal({ outboxFile });
    const ses = new SESClient({ endpoint: first.endpoint, region: 'us-east-1' });
    await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('First question') } }));
    await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw('Second question') } }));
    expect(await outbox(first.endpoint)).toEqual(['First question', 'Second question']);
    await first.stop();
    expect(readFileSync(outboxFile, 'utf8').trim().split('\n')).toHaveLength(2);
    // A crash in the middle of an append leaves a torn last line: it alone is skipped.
    appendFileSync(outboxFile, '{"messageId":"torn","subj');

    const second = await startSesLocal({ outboxFile });
    expect(await outbox(second.endpoint)).toEqual(['First question', 'Second question']);
    await new SESClient({ endpoint: second.endpoint, region: 'us-east-1' }).send(
      new SendRawEmailCommand({ RawMessage: { Data: raw('Third question') } }),
    );
    await second.stop();

    const again = await startSesLocal({ outboxFile });
    expect(await outbox(again.endpoint)).toEqual(['First question', 'Second question', 'Third question']);
    await fetch(`${again.endpoint}/clear-store`, { method: 'POST' });
    await again.stop();

    const third = await startSesLocal({ outboxFile });
    expect(await outbox(third.endpoint)).toEqual([]);
    await third.stop();
  });

  it('names every message uniquely (a UUID, not nine random digits that two of a thousand sends can share)', async () => {
    const emulator = await startSesLocal();
    const ses = new SESClient({ endpoint: emulator.endpoint, region: 'us-east-1' });
    const ids = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const sent = await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw(`Question ${i}`) } }));
        return sent.MessageId;
      }),
    );
    ses.destroy();
    await emulator.stop();
    expect(new Set(ids).size).toBe(50);
    for (const id of ids)
      expect(id).toMatch(/^ses-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
