/** `rapport clock advance 1d|3h|30m`: moves the local stack's clock (`npm start` only). */
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { durationHours } from '../input.ts';

export function registerClock(program: Command): void {
  const clock = program.command('clock').description("the local stack's clock (npm start only)");
  clock
    .command('advance <duration>')
    .description('move the local clock forward (1d, 3h, 30m): whatever falls due is sent')
    .action(async (duration: string, _options: unknown, command: Command) => {
      const hours = durationHours(duration);
      const { api, out, key } = contextOf(command);
      if (api.signed) {
        throw new CliError(
          'the clock moves on the local stack only',
          'drop --api / RAPPORT_API to use `npm start`',
        );
      }
      const result = await api.request<{ now: string }>({
        method: 'POST',
        path: '/local/clock/advance',
        query: { hours },
        idempotencyKey: key(),
        what: 'clock advance',
      });
      out.show(result, () => `local time is now ${result.now}`);
    });
}
