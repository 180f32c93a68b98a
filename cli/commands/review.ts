/**
 * `rapport replies [--state open|read|unmatched|confirmed|corrected|attached]` (the review queue),
 * `rapport replies show|confirm|correct|attach|export`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { cell, list, type Page, pageNote, record } from '../format.ts';
import { enc } from '../input.ts';

type Row = Record<string, unknown>;

const STATES = ['open', 'read', 'unmatched', 'confirmed', 'corrected', 'attached'];
const INTENTS = ['accepted', 'declined', 'referral', 'out_of_office', 'unsubscribe', 'reschedule', 'other'];

const reading = (r: Row) => {
  const read = r.reading as { intent?: string; confidence?: number } | undefined;
  if (!read) return '';
  return read.confidence === undefined ? read.intent : `${read.intent} (${read.confidence})`;
};

const doubtOf = (r: Row) => (r.reading as { doubt?: string } | undefined)?.doubt;

const decided = (r: Row) => {
  const resolution = r.resolution as { by?: string; intent?: string } | undefined;
  return resolution ? `${resolution.by}: ${resolution.intent}` : '';
};

/** One reply for people: who, why it is listed, how it was read, and its text. */
function renderReply(reply: Row): string {
  const { text, reading: _r, resolution: _d, pending: _p, ...rest } = reply;
  return [
    record({
      ...rest,
      reading: reading(reply),
      ...(doubtOf(reply) ? { 'why unsure': doubtOf(reply) } : {}),
      decided: decided(reply),
    }),
    ...(typeof text === 'string' && text !== '' ? ['', text] : []),
  ].join('\n');
}

/** A decision's answer for people: changed or not, and the reply now. */
function renderDecision(answer: Row): string {
  const reply = (answer.reply ?? {}) as Row;
  const inbound = answer.inbound as Row | undefined;
  return record({
    changed: answer.changed,
    reply: reply.replyId,
    state: reply.state,
    decided: decided(reply),
    ...(inbound ? { processed: cell(inbound.outcome) } : {}),
  });
}

/** Referrals as `--referral "Name <a@b.example>"` or `--referral a@b.example`. */
function parseReferral(value: string, previous: { email: string; name?: string }[] = []) {
  const match = /^\s*(?:(.*?)\s*<([^>]+)>|([^<>\s]+))\s*$/.exec(value);
  const email = match?.[2] ?? match?.[3];
  if (!email)
    throw new CliError(`--referral ${value} is not an address`, 'use "Name <address>" or an address');
  const name = match?.[1]?.trim();
  return [...previous, { email, ...(name ? { name } : {}) }];
}

export function registerReview(program: Command): void {
  const replies = program
    .command('replies')
    .description('the reply review queue: unsure replies, held and unmatched messages, corrections');

  replies
    .command('list', { isDefault: true })
    .description(
      "the replies waiting for review (or another list, --state); a coach: their own clients' replies",
    )
    .option('--state <state>', `which list: ${STATES.join(', ')}`, 'open')
    .option('--cursor <cursor>', 'the next page')
    .action(async (options: { state: string; cursor?: string }, command: Command) => {
      if (!STATES.includes(options.state)) {
        throw new CliError(`--state ${options.state} is not a list`, `use one of ${STATES.join(', ')}`);
      }
      const { api, out } = contextOf(command);
      const page = await api.request<Page<Row>>({
        method: 'GET',
        path: '/replies',
        query: { state: options.state, cursor: options.cursor },
        what: 'list replies',
        // A coach lists their own clients' replies; the messages that matched no contact are an admin's.
        ...(options.state === 'unmatched' || options.state === 'attached'
          ? {
              hints: {
                403: "the unmatched inbox is an admin's: ask an admin to attach the message to its contact",
              },
            }
          : {}),
      });
      pageNote(page, out);
      out.show(page, () =>
        list(page.items, [
          'replyId',
          'reason',
          ['read as', reading],
          'from',
          'subject',
          'receivedAt',
          ['decided', decided],
        ]),
      );
    });

  replies
    .command('show <replyId>')
    .description('one reply: why it is listed, how it was read, its text')
    .action(async (replyId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const reply = await api.request<Row>({
        method: 'GET',
        path: `/replies/${enc(replyId)}`,
        what: 'read reply',
      });
      out.show(reply, () => renderReply(reply));
    });

  replies
    .command('confirm <replyId>')
    .description('confirm the reading: applied as read (held reminders released, or stopped by the answer)')
    .action(async (replyId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const answer = await api.request<Row>({
        method: 'POST',
        path: `/replies/${enc(replyId)}/confirm`,
        what: 'confirm reply',
      });
      out.show(answer, () => renderDecision(answer));
    });

  replies
    .command('correct <replyId> <intent>')
    .description(`correct the reading (${INTENTS.join(', ')}): applied once, as if read so the first time`)
    .option('--return-date <YYYY-MM-DD>', 'out_of_office: the first day back')
    .option(
      '--proposed-time <instant>',
      'accepted: a proposed meeting time (repeat)',
      (v, p: string[] = []) => [...p, v],
    )
    .option('--referral <"Name <address>">', 'referral: a person suggested (repeat)', parseReferral)
    .option('--confirm-not-asked', 'undoing an unsubscribe: the contact did NOT ask to unsubscribe')
    .action(
      async (
        replyId: string,
        intent: string,
        options: {
          returnDate?: string;
          proposedTime?: string[];
          referral?: { email: string; name?: string }[];
          confirmNotAsked?: boolean;
        },
        command: Command,
      ) => {
        const { api, out } = contextOf(command);
        const answer = await api.request<Row>({
          method: 'POST',
          path: `/replies/${enc(replyId)}/correct`,
          json: {
            intent,
            ...(options.returnDate ? { returnDate: options.returnDate } : {}),
            ...(options.proposedTime ? { proposedTimes: options.proposedTime } : {}),
            ...(options.referral ? { referrals: options.referral } : {}),
            ...(options.confirmNotAsked ? { confirmNotAsked: true } : {}),
          },
          what: 'correct reply',
        });
        out.show(answer, () => renderDecision(answer));
      },
    );

  replies
    .command('attach <replyId> <contactId>')
    .description('attach an unmatched message to a contact: processed as if it had matched')
    .action(async (replyId: string, contactId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const answer = await api.request<Row>({
        method: 'POST',
        path: `/replies/${enc(replyId)}/attach`,
        json: { contactId },
        what: 'attach reply',
      });
      out.show(answer, () => renderDecision(answer));
    });

  replies
    .command('export <dir>')
    .description('write the corrected replies as labelled examples (.eml + labels.json, the dev-set format)')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      mkdirSync(dir, { recursive: true });
      const labelsFile = join(dir, 'labels.json');
      const labels = existsSync(labelsFile) ? (JSON.parse(readFileSync(labelsFile, 'utf8')) as Row[]) : [];
      const known = new Set(labels.map((l) => l.file));
      let cursor: string | undefined;
      let written = 0;
      do {
        const page = await api.request<{
          items: { file: string; raw: string; label: Row }[];
          cursor?: string;
        }>({
          method: 'GET',
          path: '/replies/export',
          query: { cursor },
          what: 'export corrections',
        });
        for (const item of page.items) {
          if (!/^[A-Za-z0-9_.-]+\.eml$/.test(item.file)) continue; // never a path outside dir
          writeFileSync(join(dir, item.file), Buffer.from(item.raw, 'base64'));
          if (!known.has(item.file)) {
            labels.push(item.label);
            known.add(item.file);
            written++;
          }
        }
        cursor = page.cursor;
      } while (cursor);
      writeFileSync(labelsFile, `${JSON.stringify(labels, null, 2)}\n`);
      out.show(
        { dir, added: written, total: labels.length },
        () => `${written} new example(s) written to ${dir} (labels.json: ${labels.length})`,
      );
    });
}
