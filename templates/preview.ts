/**
 * `npm run preview -- <template> [--sample FILE]`: renders a template with its sample data (or
 * FILE) and writes preview-out/<template>/{email.html,email.txt,email.eml}, printing the paths.
 * The .eml is composed like a real send (headers, parts, and for templates that have them the
 * questions sheet and the invitation), so it opens in any mail client.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Question } from '#domain/types.ts';
import { type Attachment, composeMessage } from '#mail/compose.ts';
import { TEMPLATE_NAMES, TEMPLATES, type TemplateName } from '#mail/generated/templates.ts';
import { buildIcs } from '#mail/ics.ts';
import { buildQuestionsSheet } from '#mail/questions-sheet.ts';
import { renderTemplate } from '#mail/render.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const sampleFlag = rest.indexOf('--sample');
const samplePath = sampleFlag >= 0 ? rest[sampleFlag + 1] : undefined;

if (!name || !(TEMPLATE_NAMES as readonly string[]).includes(name)) {
  console.error(
    `usage: npm run preview -- <template> [--sample FILE]\ntemplates: ${TEMPLATE_NAMES.join(', ')}`,
  );
  process.exit(2);
}
const template = name as TemplateName;
const file = samplePath ?? join(root, 'templates', template, 'sample.json');
const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
  consultancy: { name: string; color: string };
  client?: { fullName?: string; firstName?: string };
  contact?: { fullName?: string };
  questions?: Question[];
};

try {
  const rendered = renderTemplate(template, data);
  const contactFacing = TEMPLATES[template].audience === 'contact';
  const attachments: Attachment[] = [];
  if (data.questions) {
    attachments.push({
      filename: 'Questions.pdf',
      contentType: 'application/pdf',
      content: buildQuestionsSheet({
        title: 'Informational interview',
        details: [
          `${data.client?.fullName ?? data.client?.firstName ?? ''} with ${data.contact?.fullName ?? ''}`,
        ],
        questions: data.questions,
        footer: `Prepared with ${data.consultancy.name}`,
        accentColor: data.consultancy.color,
        createdAt: new Date(),
      }),
    });
  }
  if (template === 'confirmation' || template === 'cancellation') {
    const method = template === 'confirmation' ? 'REQUEST' : 'CANCEL';
    const start = new Date(Date.now() + 86_400_000);
    attachments.push({
      filename: method === 'REQUEST' ? 'invite.ics' : 'cancel.ics',
      contentType: `text/calendar; charset=utf-8; method=${method}`,
      content: buildIcs({
        method,
        uid: 'preview@rapport.invalid',
        sequence: method === 'REQUEST' ? 0 : 1,
        start,
        end: new Date(start.getTime() + 20 * 60_000),
        stamp: new Date(),
        summary: 'Informational interview (preview)',
        organizer: { name: data.client?.fullName ?? 'Client', email: 'reply+preview@rapport.invalid' },
        attendee: { name: data.contact?.fullName ?? 'Contact', email: 'contact@rapport.invalid' },
      }),
    });
  }
  const eml = await composeMessage({
    from: contactFacing
      ? { name: data.client?.fullName ?? 'Client', address: 'client@preview.rapport.invalid' }
      : { name: data.consultancy.name, address: 'rapport@preview.rapport.invalid' },
    to: [
      contactFacing
        ? { name: data.contact?.fullName ?? 'Contact', address: 'contact@preview.rapport.invalid' }
        : { name: data.client?.firstName ?? 'Client', address: 'client@preview.rapport.invalid' },
    ],
    subject: rendered.subject,
    date: new Date(),
    html: rendered.html,
    text: rendered.text,
    listUnsubscribeUrl: typeof data.unsubscribeUrl === 'string' ? data.unsubscribeUrl : undefined,
    attachments,
  });
  const out = join(root, 'preview-out', template);
  mkdirSync(out, { recursive: true });
  const paths = {
    html: join(out, 'email.html'),
    text: join(out, 'email.txt'),
    eml: join(out, 'email.eml'),
  };
  writeFileSync(paths.html, rendered.html);
  writeFileSync(paths.text, rendered.text);
  writeFileSync(paths.eml, eml);
  console.log(`${template}: "${rendered.subject}" (sample ${relative(root, file)})`);
  for (const path of Object.values(paths)) console.log(`  ${relative(process.cwd(), path)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
