/**
 * SES event publishing, locally. aws-ses-v2-local publishes no events; in AWS, SES publishes an
 * event record per message through the configuration set to EventBridge, and the ses-events
 * function hands it to the SES feedback use case. This Mailer decorator plays SES's part: once the
 * emulator accepted a message it builds the same records SES would publish — with the message tags
 * sanitised exactly as the SES adapter sends them (`sanitiseTag`), so what comes back locally is what
 * comes back in AWS — and hands them to `deliver` (the feedback use case, in-process).
 *
 * Which events, per message:
 * - always `Send`, delivered before `sendRaw` returns: SES publishes it when it accepts the message,
 *   and it is what lets a retry of an expired claim recover a send instead of repeating it;
 * - per envelope recipient, what the SES mailbox simulator would produce: `bounce@simulator…` → a
 *   Permanent `Bounce` (General), `complaint@simulator…` → `Delivery` then `Complaint`, `success@…`
 *   and `ooto@…` → `Delivery`, any other address → `Delivery` (the emulator delivers everything). The
 *   out-of-office auto-reply of `ooto@` is an inbound message, the inbound path's business, not a
 *   sending event.
 *   These come from the recipient's server after the message left, so they are QUEUED and delivered
 *   by `flush()` — the local stack and the test harness call it after each dispatch invocation
 *   returns, which is when they would arrive in AWS (after the commit) and keeps tests deterministic.
 *
 * The cycle (feedback → workflow → dispatch → this mailer) is broken by `connect(deliver)`: build the
 * publisher, then dispatch, workflow and feedback, then connect. Sending before `connect` throws
 * (before anything is sent), so no event can be lost silently.
 */
import { sanitiseTag } from '#adapters/ses-mailer.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { SesEvent } from '#usecases/ses-feedback.ts';

export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export type SesEventSink = (event: SesEvent) => Promise<unknown>;

export interface SesEventsPublisher extends Mailer {
  /** Where the events go. Call once the feedback use case exists. */
  connect(deliver: SesEventSink): void;
  /** Delivers the queued recipient events (Delivery, Bounce, Complaint), in order. Rethrows the first failure. */
  flush(): Promise<void>;
  /** Events delivered so far (for tests and the local UI). */
  readonly published: SesEvent[];
}

export interface SesEventsPublisherOptions {
  /** The configuration set the adapter sends with; SES echoes it as the `ses:configuration-set` tag. */
  configurationSet: string;
  /** The local clock (timestamps of the events). */
  clock: Clock;
}

/** The simulator mailbox of an address (`bounce`, `complaint`, …), or undefined for any other address. */
function simulatorMailbox(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== SIMULATOR_DOMAIN) return undefined;
  // SES accepts labels: bounce+anything@simulator.amazonses.com behaves as bounce@.
  return address.slice(0, at).toLowerCase().split('+')[0];
}

export function withSesEventsPublisher(
  mailer: Mailer,
  options: SesEventsPublisherOptions,
): SesEventsPublisher {
  let deliver: SesEventSink | undefined;
  const queue: SesEvent[] = [];
  const published: SesEvent[] = [];

  async function publish(event: SesEvent): Promise<void> {
    if (!deliver) throw new Error('SES events publisher is not connected');
    published.push(event);
    await deliver(event);
  }

  return {
    published,
    connect(sink) {
      deliver = sink;
    },

    async sendRaw(input) {
      if (!deliver) throw new Error('SES events publisher is not connected: call connect() first');
      const accepted = await mailer.sendRaw(input);
      const now = () => options.clock.now().toISOString();
      const tags: Record<string, string[]> = {
        'ses:operation': ['SendRawEmail'],
        'ses:configuration-set': [options.configurationSet],
      };
      for (const [name, value] of Object.entries(input.tags)) tags[sanitiseTag(name)] = [sanitiseTag(value)];
      const mail = {
        messageId: accepted.messageId,
        timestamp: now(),
        destination: [...input.destinations],
        tags,
      };

      await publish({ eventType: 'Send', mail });

      for (const recipient of input.destinations) {
        switch (simulatorMailbox(recipient)) {
          case 'bounce':
            queue.push({
              eventType: 'Bounce',
              mail,
              bounce: {
                bounceType: 'Permanent',
                bounceSubType: 'General',
                bouncedRecipients: [{ emailAddress: recipient }],
                timestamp: now(),
              },
            });
            break;
          case 'complaint':
            queue.push({ eventType: 'Delivery', mail });
            queue.push({
              eventType: 'Complaint',
              mail,
              complaint: {
                complainedRecipients: [{ emailAddress: recipient }],
                complaintFeedbackType: 'abuse',
                timestamp: now(),
              },
            });
            break;
          default:
            queue.push({ eventType: 'Delivery', mail });
        }
      }
      return accepted;
    },

    async flush() {
      let failure: unknown;
      for (let event = queue.shift(); event; event = queue.shift()) {
        try {
          await publish(event);
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}
