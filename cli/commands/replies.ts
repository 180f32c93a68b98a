/** `rapport classify FILE.eml`: how rapport reads a reply, as the API's JSON (printed as is). */
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { readLocalFile } from '../input.ts';

export function registerReplies(program: Command): void {
  program
    .command('classify <file>')
    .description('read a reply (.eml): intent, auto-reply, return date, proposed times, referrals — as JSON')
    .option(
      '--time-zone <zone>',
      "IANA zone a time without one is read in (the contact's, e.g. America/New_York; default UTC)",
    )
    .option(
      '--meeting <start>',
      'the booked meeting\'s start, e.g. 2026-12-03T15:00:00-05:00: a move reads as reschedule, "same time" as its time',
    )
    .action(async (file: string, options: { timeZone?: string; meeting?: string }, command: Command) => {
      const { api } = contextOf(command);
      const reading = await api.request<unknown>({
        method: 'POST',
        path: '/replies/classify',
        query: { timeZone: options.timeZone, meetingStart: options.meeting },
        body: await readLocalFile(file),
        contentType: 'message/rfc822',
        what: 'classify',
      });
      // JSON for people and scripts alike: the shape may gain fields, never lose or rename them.
      process.stdout.write(`${JSON.stringify(reading, null, 2)}\n`);
    });
}
