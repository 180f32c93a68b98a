/**
 * `rapport meeting book|reschedule|cancel|held CONTACT`. Booking without --question asks the same
 * default question set the campaign's bank gives (the domain's own pick, from the campaign read
 * through the API); the time zone defaults to the contact's.
 */
import type { Command } from 'commander';
import { pickDefaultSet } from '#domain/questions.ts';
import { type Question, type QuestionFramework, TIARA_PARTS } from '#domain/types.ts';
import { type Context, callAndShow, contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { answer } from '../format.ts';
import { enc, jsonOption } from '../input.ts';

type Row = Record<string, unknown>;

interface MeetingOptions {
  start?: string;
  end?: string;
  duration?: string;
  timeZone?: string;
  mode?: string;
  videoLink?: string;
  location?: string;
  question?: string[];
  questions?: string;
}

function withMeetingOptions(command: Command, startRequired: boolean): Command {
  const start = '--start <iso>';
  const what = 'the start, ISO 8601 with an offset, e.g. 2027-03-10T15:00:00-05:00';
  (startRequired ? command.requiredOption(start, what) : command.option(start, what))
    .option('--end <iso>', 'the end (or --duration)')
    .option('--duration <minutes>', 'the length in minutes (15-60; the campaign default otherwise)')
    .option('--time-zone <zone>', "the meeting's IANA zone (the contact's by default)")
    .option('--mode <mode>', 'remote or in_person (guessed from --video-link / --location)')
    .option('--video-link <url>', 'the call link of a remote meeting')
    .option('--location <place>', 'where an in-person meeting is')
    .option(
      '--question <domain:text>',
      'a question to ask (repeat it; seed domains: interviewee, field, advice; TIARA parts: trends, insights, advice, resources, assignments)',
      collect,
      [],
    )
    .option('--questions <json>', 'the question set as JSON [{domain, text}] or @file.json');
  return command;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `interviewee:What does a day look like?` → a question. A TIARA part names the part instead
 * (`resources:Who else should I read?`).
 */
export function questionArg(raw: string): { domain?: string; tiara?: string; text: string } {
  const at = raw.indexOf(':');
  if (at <= 0)
    throw new CliError(
      `--question "${raw}" has no domain`,
      'write it as domain:text, e.g. "advice:What would you do first?"',
    );
  const tag = raw.slice(0, at).trim();
  const text = raw.slice(at + 1).trim();
  return tag !== 'advice' && (TIARA_PARTS as readonly string[]).includes(tag)
    ? { tiara: tag, text }
    : { domain: tag, text };
}

/** `advice` is both a seed domain and a TIARA part: in a set that names other TIARA parts, it is TIARA's. */
function questionArgs(raws: string[]) {
  const questions = raws.map(questionArg);
  const tiara = questions.some((q) => q.tiara !== undefined);
  return questions.map((q) => (tiara && q.domain === 'advice' ? { ...q, tiara: 'advice' } : q));
}

/** The meeting fields given on the command line (absent ones left out). */
export async function meetingFields(o: MeetingOptions): Promise<Row> {
  const mode = o.mode ?? (o.videoLink ? 'remote' : o.location ? 'in_person' : undefined);
  const questions =
    o.questions !== undefined
      ? await jsonOption('--questions', o.questions)
      : o.question?.length
        ? questionArgs(o.question)
        : undefined;
  const fields: Row = {
    start: o.start,
    end: o.end,
    durationMinutes: o.duration === undefined ? undefined : Number(o.duration),
    timeZone: o.timeZone,
    mode,
    videoLink: o.videoLink,
    location: o.location,
    questions,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** What the book request lacks and the contact / campaign give: the zone, the default question set. */
async function withDefaults(ctx: Context, contactId: string, fields: Row): Promise<Row> {
  if (fields.timeZone !== undefined && fields.questions !== undefined) return fields;
  const view = await ctx.api.request<{ contact: Row }>({
    method: 'GET',
    path: `/contacts/${enc(contactId)}`,
    what: 'read contact',
  });
  const out: Row = { timeZone: view.contact.timeZone, ...fields };
  if (out.questions === undefined) {
    const campaign = await ctx.api.request<{
      questionBank?: Question[];
      questionFramework?: QuestionFramework;
    }>({
      method: 'GET',
      path: `/campaigns/${enc(String(view.contact.campaignId))}`,
      what: 'read campaign',
    });
    try {
      out.questions = pickDefaultSet(campaign.questionBank ?? [], 'questionBank', campaign.questionFramework);
    } catch (error) {
      throw new CliError(
        `the campaign's question bank gives no default set: ${(error as Error).message}`,
        'give the questions with --question domain:text',
      );
    }
  }
  return out;
}

export function registerMeetings(program: Command): void {
  const meeting = program
    .command('meeting')
    .description('book, reschedule, cancel a meeting, or mark it held');

  withMeetingOptions(
    meeting.command('book <contactId>').description('book the meeting a contact agreed to'),
    true,
  ).action(async (contactId: string, options: MeetingOptions, command: Command) => {
    const ctx = contextOf(command);
    const body = await withDefaults(ctx, contactId, await meetingFields(options));
    const result = await ctx.api.request<Row>({
      method: 'POST',
      path: `/contacts/${enc(contactId)}/meeting`,
      json: body,
      idempotencyKey: ctx.key(),
      what: 'book meeting',
    });
    ctx.out.show(result, () => answer(result ?? {}));
  });

  withMeetingOptions(
    meeting.command('reschedule <contactId>').description('move a booked meeting'),
    true,
  ).action(async (contactId: string, options: MeetingOptions, command: Command) => {
    await callAndShow(command, {
      method: 'PATCH',
      path: `/contacts/${enc(contactId)}/meeting`,
      json: await meetingFields(options),
      what: 'reschedule meeting',
    });
  });

  meeting
    .command('cancel <contactId>')
    .description('cancel a booked meeting')
    .option('--reason <text>', 'why (for the timeline)')
    .action(async (contactId: string, options: { reason?: string }, command: Command) => {
      await callAndShow(command, {
        method: 'POST',
        path: `/contacts/${enc(contactId)}/meeting/cancel`,
        json: options.reason === undefined ? {} : { reason: options.reason },
        what: 'cancel meeting',
      });
    });

  meeting
    .command('held <contactId>')
    .description('mark the meeting held (the thank-you follows)')
    .action(async (contactId: string, _options: unknown, command: Command) => {
      await callAndShow(command, {
        method: 'POST',
        path: `/contacts/${enc(contactId)}/meeting/held`,
        what: 'mark meeting held',
      });
    });
}
