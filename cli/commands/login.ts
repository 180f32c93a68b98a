/**
 * `rapport login`, `rapport logout`, `rapport whoami`: a Cognito sign-in for the API (one per API
 * URL, kept in ~/.config/rapport/credentials.json and refreshed when it expires); every later
 * command sends its ID token.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { contextOf, type GlobalOptions } from '../context.ts';
import { credentialsFile, forgetSignIn } from '../credentials.ts';
import { CliError } from '../errors.ts';
import { DEFAULT_API } from '../http.ts';
import { claimsOf, signInSettings, signInWithPassword } from '../sign-in.ts';

function apiOf(command: Command): string {
  return command.optsWithGlobals<GlobalOptions>().api ?? process.env.RAPPORT_API ?? DEFAULT_API;
}

/** One line from the terminal (not echoed when `hidden`), or the first line of piped input. */
async function ask(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (hidden && process.stdin.isTTY) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? question : '');
  }
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, resolve);
      rl.once('close', () => reject(new CliError('no input', 'pass --email and --password')));
    });
  } finally {
    if (hidden && process.stdin.isTTY) process.stderr.write('\n');
    rl.close();
  }
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('sign in to the API (Cognito); later commands send the token, refreshed when it expires')
    .option('--email <email>', 'your sign-in email (asked when absent)')
    .option('--password <password>', 'your password (asked without echo when absent)')
    .option(
      '--cognito-endpoint <url>',
      'where to sign in (default: RAPPORT_COGNITO_ENDPOINT, or the API tells)',
    )
    .option(
      '--client-id <id>',
      'the Cognito app client (default: RAPPORT_COGNITO_CLIENT_ID, or the API tells)',
    )
    .action(
      async (
        options: { email?: string; password?: string; cognitoEndpoint?: string; clientId?: string },
        command: Command,
      ) => {
        const { out } = contextOf(command);
        const api = apiOf(command);
        const settings = await signInSettings(api, {
          ...(options.cognitoEndpoint ? { endpoint: options.cognitoEndpoint } : {}),
          ...(options.clientId ? { clientId: options.clientId } : {}),
        });
        const email = (options.email ?? (await ask('email: ', false))).trim().toLowerCase();
        const password = options.password ?? (await ask('password: ', true));
        if (!email || !password)
          throw new CliError('an email and a password are needed', 'pass --email and --password');
        const saved = await signInWithPassword(api, settings, email, password);
        const groups = claimsOf(saved.idToken)['cognito:groups'];
        const result = {
          api,
          email,
          groups: Array.isArray(groups) ? groups : [],
          expiresAt: saved.expiresAt,
        };
        out.show(
          result,
          () =>
            `signed in to ${api} as ${email} (${result.groups.join(', ') || 'no group'}); saved in ${credentialsFile()}`,
        );
      },
    );

  program
    .command('logout')
    .description("forget this API's sign-in")
    .action(async (_options: unknown, command: Command) => {
      const { out } = contextOf(command);
      const api = apiOf(command);
      const forgotten = forgetSignIn(api);
      out.show({ api, signedOut: forgotten }, () =>
        forgotten ? `signed out of ${api}` : `not signed in to ${api}`,
      );
    });

  program
    .command('whoami')
    .description('who the API sees: your email and groups (GET /me)')
    .action(async (_options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const me = await api.request<{ email: string | null; groups: string[]; arn?: string }>({
        method: 'GET',
        path: '/me',
        what: 'whoami',
      });
      out.show(me, () => `${me.email ?? me.arn ?? 'unknown'} (${me.groups.join(', ') || 'no group'})`);
    });
}
