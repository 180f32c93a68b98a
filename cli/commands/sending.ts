/**
 * `rapport sending` (the consultancy's sending: stopped or not, why, the SES feedback counts against
 * the limits) and `rapport sending resume --reason "…"` (a person clears the stop). Admins only: a
 * coach is told so, once.
 */
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { record } from '../format.ts';

interface Stop {
  reason: string;
  at: string;
}

interface Sending {
  stopped: Stop | null;
  counts: { sends: number; hardBounces: number; complaints: number };
  limits: { minSends: number; hardBouncesBp: number; complaintsBp: number };
}

interface Resumed {
  resumed: boolean;
  wasStopped: Stop | null;
  reason?: string;
}

/** The hint of a 403 here: the consultancy's sending is an admin's, whatever client a coach has. */
const ADMIN_ONLY = {
  403: "the consultancy's sending is an admin's: ask an admin; `rapport whoami` shows who you are signed in as",
};

/** `n of sends` as a percentage with two decimals ("25 (2.50 %)"). */
function rate(n: number, sends: number): string {
  return sends === 0 ? String(n) : `${n} (${((n / sends) * 100).toFixed(2)} %)`;
}

const percent = (bp: number) => `${bp / 100} %`;

export function renderSending(sending: Sending): string {
  const { stopped, counts, limits } = sending;
  return record({
    sending: stopped ? 'STOPPED' : 'on',
    ...(stopped ? { why: stopped.reason, since: stopped.at } : {}),
    sends: counts.sends,
    'hard bounces': rate(counts.hardBounces, counts.sends),
    complaints: rate(counts.complaints, counts.sends),
    'stops at': `${percent(limits.hardBouncesBp)} hard bounces or ${percent(limits.complaintsBp)} complaints, after ${limits.minSends} sends`,
  });
}

export function renderResumed(answer: Resumed): string {
  if (!answer.resumed) return 'sending was not stopped: nothing changed';
  const was = answer.wasStopped;
  return record({
    sending: 'resumed',
    ...(was ? { 'was stopped': `${was.at}: ${was.reason}` } : {}),
    ...(answer.reason ? { reason: answer.reason } : {}),
  });
}

export function registerSending(program: Command): void {
  const sending = program
    .command('sending')
    .description("the consultancy's sending: stopped on reputation or not, why, the counts (admins)");

  sending
    .command('show', { isDefault: true })
    .description('whether sending is stopped, why, and the SES feedback counts against the limits')
    .action(async (_options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const answer = await api.request<Sending>({
        method: 'GET',
        path: '/sending',
        what: 'show sending',
        hints: ADMIN_ONLY,
      });
      out.show(answer, () => renderSending(answer));
    });

  sending
    .command('resume')
    .description('clear the stop: sending resumes (campaigns and contacts paused on their own stay paused)')
    .requiredOption('--reason <text>', 'why it is safe to send again (kept in the API log)')
    .action(async (options: { reason: string }, command: Command) => {
      const reason = options.reason.trim();
      if (reason === '') throw new CliError('--reason is empty', 'say why it is safe to send again');
      const { api, out, key } = contextOf(command);
      const answer = await api.request<Resumed>({
        method: 'POST',
        path: '/sending/resume',
        json: { reason },
        idempotencyKey: key(),
        what: 'resume sending',
        hints: ADMIN_ONLY,
      });
      out.show(answer, () => renderResumed(answer));
    });
}
