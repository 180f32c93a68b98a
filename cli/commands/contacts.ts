/**
 * One contact: `contact ID` (timeline, next emails, proposed times), `approve`, `unsubscribe`,
 * `thank-you` (the personal line), `update` (the keep-in-touch text), `preview`, `erase`.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { callAndShow, contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { list, record, table } from '../format.ts';
import { enc } from '../input.ts';

type Row = Record<string, unknown>;

interface ContactView {
  contact: Row;
  timeline?: { at: string; event: string; from?: string; to?: string; detail?: string }[];
  nextEmails?: { step: string; at: string }[];
  proposedTimes?: string[];
}

/** The meeting's flags for the coach (issue 15): the thank-you held, or the meeting not held. */
export function meetingFlags(meeting: Row | undefined): Record<string, string> {
  const hold = meeting?.thankYouHold as { by?: string; reason?: string; thankYouAt?: string } | undefined;
  return {
    ...(hold
      ? {
          'thank-you held': `${hold.by}: ${hold.reason} (was due ${hold.thankYouAt}); rapport meeting held|not-held`,
        }
      : {}),
    ...(meeting?.notHeldAt && meeting.status === 'booked'
      ? { 'meeting not held': 'reschedule or cancel it' }
      : {}),
  };
}

export function renderContact(view: ContactView): string {
  const c = view.contact ?? {};
  const meeting = c.meeting as Row | undefined;
  const who = {
    id: c.id,
    name: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim(),
    email: c.email,
    company: c.company,
    role: c.role,
    stage: c.stage,
    timeZone: c.timeZone,
    campaignId: c.campaignId,
    ...(meeting ? { meeting: `${meeting.start} (${meeting.mode ?? ''})` } : {}),
    ...(c.heldForCoach ? { held: c.heldForCoach } : {}),
    ...meetingFlags(meeting),
  };
  const timeline = view.timeline ?? [];
  const next = view.nextEmails ?? [];
  const proposed = view.proposedTimes ?? [];
  return [
    record(who),
    'timeline:',
    timeline.length === 0
      ? '(nothing yet)'
      : table(
          ['at', 'event', 'stage', 'detail'],
          timeline.map((t) => [
            t.at,
            t.event,
            t.from && t.to && t.from !== t.to ? `${t.from} → ${t.to}` : (t.to ?? ''),
            t.detail,
          ]),
        ),
    'next emails:',
    next.length === 0 ? '(none planned)' : list(next, ['step', 'at']),
    ...(proposed.length > 0
      ? ['proposed times (from their reply):', proposed.map((t) => `  ${t}`).join('\n')]
      : []),
  ].join('\n');
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function registerContacts(program: Command): void {
  program
    .command('contact <contactId>')
    .description('a contact: who, the timeline, the next emails, the times their reply proposed')
    .action(async (contactId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const view = await api.request<ContactView>({
        method: 'GET',
        path: `/contacts/${enc(contactId)}`,
        what: 'read contact',
      });
      out.show(view, () => renderContact(view));
    });

  for (const [verb, what] of [
    ['approve', 'approve a referred prospect, so the next launch includes them'],
    ['unsubscribe', 'unsubscribe a contact on their behalf (e.g. they asked by phone)'],
  ] as const) {
    program
      .command(`${verb} <contactId>`)
      .description(what)
      .action(async (contactId: string, _options: unknown, command: Command) => {
        await callAndShow(command, {
          method: 'POST',
          path: `/contacts/${enc(contactId)}/${verb}`,
          what: verb,
        });
      });
  }

  for (const [name, path, what] of [
    ['thank-you', 'personal-line', 'the personal line of the thank-you email after a meeting'],
    ['update', 'update', 'the update text of the next keep-in-touch email'],
  ] as const) {
    program
      .command(`${name} <contactId> <text>`)
      .description(what)
      .action(async (contactId: string, text: string, _options: unknown, command: Command) => {
        await callAndShow(command, {
          method: 'PUT',
          path: `/contacts/${enc(contactId)}/${path}`,
          json: { text },
          what: name,
        });
      });
  }

  program
    .command('preview <contactId> <step>')
    .description(
      'the exact email a contact gets for a step (outreach, follow-up-1, confirmation, thank-you, …)',
    )
    .option('--html', 'print the HTML instead of the text')
    .action(async (contactId: string, step: string, options: { html?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      const email = await api.request<Row>({
        method: 'GET',
        path: `/contacts/${enc(contactId)}/preview/${enc(step)}`,
        what: 'preview',
      });
      out.show(email, () => {
        const headers = Object.entries((email.headers ?? {}) as Row).map(([k, v]) => `${k}: ${v}`);
        const attachments = (email.attachments ?? []) as string[];
        return [
          ...headers,
          `Subject: ${email.subject ?? ''}`,
          ...(attachments.length > 0 ? [`Attachments: ${attachments.join(', ')}`] : []),
          '',
          String((options.html ? email.html : email.text) ?? ''),
        ].join('\n');
      });
    });

  program
    .command('erase <contactId>')
    .description(
      'erase a contact for good (GDPR): every item, schedule and stored message; the address stays suppressed',
    )
    .option('--yes', 'do not ask')
    .action(async (contactId: string, options: { yes?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      if (
        !options.yes &&
        !(await confirmed(`Erase contact ${contactId} and everything about them? [y/N] `))
      ) {
        throw new CliError(
          'not erased',
          process.stdin.isTTY ? 'answer y to erase' : 'pass --yes to erase without a question',
        );
      }
      const result = await api.request<Row>({
        method: 'DELETE',
        path: `/contacts/${enc(contactId)}`,
        what: 'erase',
      });
      out.show(result ?? { erased: contactId }, () => `erased ${contactId}`);
    });
}
