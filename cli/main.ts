/**
 * The `rapport` CLI: every command calls the HTTP API only (`npm start`'s by default, a deployed one
 * with --api / RAPPORT_API, signed with SigV4). Tables for people, --json for scripts; any error is
 * one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { registerCampaigns } from './commands/campaigns.ts';
import { registerClients } from './commands/clients.ts';
import { registerClock } from './commands/clock.ts';
import { registerContacts } from './commands/contacts.ts';
import { registerImport } from './commands/import.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerLogin } from './commands/login.ts';
import { registerMeetings } from './commands/meetings.ts';
import { registerOutreachCheck } from './commands/outreach-check.ts';
import { registerReplies } from './commands/replies.ts';
import { registerReport } from './commands/report.ts';
import { registerReview } from './commands/review.ts';
import { registerSending } from './commands/sending.ts';
import { errorLine } from './errors.ts';
import { DEFAULT_API } from './http.ts';

export function makeProgram(): Command {
  const program = new Command('rapport')
    .description('rapport: informational-interview outreach, from the command line')
    .option(
      '--api <url>',
      `the rapport API (default: RAPPORT_API or ${DEFAULT_API}, the one \`npm start\` prints)`,
    )
    .option('--json', 'print JSON (for scripts) instead of tables')
    .option(
      '--iam',
      'sign requests with your AWS credentials (SigV4, the IAM API) instead of `rapport login`',
    )
    .option('--idempotency-key <key>', "the Idempotency-Key of the command's POST (to replay it exactly)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerClients(program);
  registerCampaigns(program);
  registerImport(program);
  registerJobs(program);
  registerContacts(program);
  registerMeetings(program);
  registerReplies(program);
  registerReview(program);
  registerSending(program);
  registerReport(program);
  registerClock(program);
  registerLogin(program);
  registerOutreachCheck(program);
  // Every subcommand reports its errors through the same one line.
  const quiet = (command: Command) => {
    command.exitOverride().configureOutput({ outputError: () => {} });
    command.commands.forEach(quiet);
  };
  program.commands.forEach(quiet);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function run(
  argv: string[],
  stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  try {
    await makeProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      if (error.code === 'commander.help') return 0;
      stderr(`rapport: ${error.message.replace(/^error: /, '')} (see \`rapport --help\`)`);
      return 2;
    }
    if (process.env.RAPPORT_DEBUG) console.error(error);
    stderr(errorLine(error));
    return 1;
  }
}
