/**
 * The bundles swap nodemailer's URL fetcher for a stub (`infra/bundling/nodemailer-no-fetch.js`,
 * ~9 KB less in every mail-sending bundle). rapport never gives content by URL, so a message
 * composed by the bundled code must be the one the source composes, and a URL given anyway must
 * fail loudly instead of being fetched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { type ComposeInput, composeMessage } from '#mail/compose.ts';
import { bundleOptions, ROOT } from '../../../infra/bundling/bundle-function.ts';

const cache = join(ROOT, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'rapport-nofetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const message: ComposeInput = {
  from: { name: 'Sam Okafor', address: 'sam@mail.example' },
  to: [{ name: 'Priya Raman', address: 'priya@lumen.example' }],
  subject: 'A question',
  date: new Date('2027-03-01T08:00:00.000Z'),
  text: 'Hello',
  html: '<p>Hello</p>',
  messageId: '<fixed@mail.example>',
  listUnsubscribeUrl: 'https://u.example/u?token=k1.Y29uXzE.sig',
  attachments: [
    { filename: 'resume.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 resume') },
  ],
};

/** Boundaries are random: compare the messages with them normalised. */
const normalised = (raw: Buffer) => raw.toString('utf8').replace(/--_NmP-[0-9a-f-]+-Part_\d+/g, '--B');

describe('nodemailer without its fetcher (the Lambda bundles)', () => {
  it('leaves the fetcher out and composes the same message as the source', { timeout: 60_000 }, async () => {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `export { composeMessage } from ${JSON.stringify(join(ROOT, 'functions/mail/compose.ts'))};\n` +
        `import MailComposer from 'nodemailer/lib/mail-composer';\nexport { MailComposer };\n`,
    );
    const outfile = join(dir, 'compose.mjs');
    const result = await build({
      ...bundleOptions('functions/mail/compose.ts'),
      entryPoints: [entry],
      outfile,
      write: true,
    });
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(inputs.some((i) => /nodemailer\/.*fetch\/index\.js$/.test(i))).toBe(false);
    expect(inputs).toContain('infra/bundling/nodemailer-no-fetch.js');

    const bundled = (await import(pathToFileURL(outfile).href)) as {
      composeMessage: typeof composeMessage;
      MailComposer: new (
        mail: object,
      ) => { compile(): { build(cb: (e: Error | null, m: Buffer) => void): void } };
    };
    expect(normalised(await bundled.composeMessage(message))).toBe(normalised(await composeMessage(message)));

    const byUrl = new bundled.MailComposer({
      from: 'a@x.example',
      to: 'b@x.example',
      text: 'x',
      attachments: [{ filename: 'x.pdf', href: 'https://x.example/x.pdf' }],
    });
    const refused = await new Promise<unknown>((resolve) => byUrl.compile().build((error) => resolve(error)));
    expect(String(refused)).toContain('cannot fetch https://x.example/x.pdf');
  });
});
