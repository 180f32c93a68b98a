/**
 * Reading a reply with the optional model reader (issue 13 item 7): the rules reader always reads
 * first and stays the answer unless the model (when one is configured) answers a valid reading whose
 * confidence beats the rules reading's. An error, throttling, a timeout or an invalid answer of the
 * model leaves the rules reading as it is (logged). Only the intent and its details are taken from
 * the model; the new text, the auto-reply flag and the proposed dates stay the rules reader's. Not
 * asked: auto-replies (read by their headers) and unsubscribes (stopping is the safe side).
 */
import type { ModelReader } from '#domain/ports/model-reader.ts';
import type { IncomingReply, ReplyContext, ReplyReading } from '#domain/reply/read-reply.ts';
import type { CheckedReading } from '#domain/reply-reading-schema.ts';

/** What a reply is read in: when it came, the contact's zone, whether a meeting is booked and when. */
export type ReadContext = ReplyContext;

export type ReadReply = (message: IncomingReply, context: ReadContext) => ReplyReading;

/**
 * The rules reading's confidence: its own when it carries one (the review queue's reader adds
 * `confidence`), else this. A model must be surer than this to be used.
 */
export const RULES_CONFIDENCE_DEFAULT = 0.8;

export function rulesConfidence(reading: ReplyReading): number {
  const own = (reading as ReplyReading & { confidence?: unknown }).confidence;
  return typeof own === 'number' && Number.isFinite(own) ? own : RULES_CONFIDENCE_DEFAULT;
}

/** The rules reading with the model's intent and details (the model's answer won). */
export function withModelReading(rules: ReplyReading, model: CheckedReading, name: string): ReplyReading {
  // The rules' doubt was about their own reading: the model's replaces it.
  const { returnDate: rulesReturnDate, doubt: _doubt, ...rest } = rules;
  const returnDate = model.intent === 'out_of_office' ? (model.returnDate ?? rulesReturnDate) : undefined;
  const reading: ReplyReading = {
    ...rest,
    intent: model.intent,
    ...(returnDate === undefined ? {} : { returnDate }),
    proposedTimes:
      model.intent !== 'accepted' && model.intent !== 'reschedule'
        ? []
        : model.proposedTimes.length > 0
          ? model.proposedTimes
          : rules.proposedTimes,
    referrals: model.referrals.length > 0 ? model.referrals : rules.referrals,
    reasons: [
      `model ${name}: ${model.intent} (confidence ${model.confidence})`,
      ...model.reasons.map((r) => `model: ${r}`),
      ...rules.reasons.map((r) => `rules: ${r}`),
    ],
  };
  // The reading's confidence is the model's now (a field of ReplyReading once the review queue adds it).
  return Object.assign(reading, { confidence: model.confidence });
}

export interface ModelReadLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

/** A reply reader that asks `model` after the rules (`readReply`); without a model, the rules alone. */
export function makeReplyReader(deps: { readReply: ReadReply; model?: ModelReader; log?: ModelReadLog }) {
  return async (message: IncomingReply, context: ReadContext): Promise<ReplyReading> => {
    const rules = deps.readReply(message, context);
    // Software (an auto-reply, a delivery report) is read by its headers: no model needed. An
    // unsubscribe is applied whatever a model thinks: stopping is the safe side.
    if (!deps.model || rules.autoReply || rules.intent === 'unsubscribe') return rules;
    let model: CheckedReading;
    try {
      model = await deps.model.read({
        subject: message.subject,
        text: rules.body,
        receivedAt: context.receivedAt,
        contactTimeZone: context.contactTimeZone,
        ...(context.hasMeeting ? { hasMeeting: true } : {}),
      });
    } catch (error) {
      deps.log?.warn('model reader failed: the rules reading stands', {
        model: deps.model.model,
        error: error instanceof Error ? error.message : String(error),
      });
      return rules;
    }
    // No meeting, nothing to move: a model's `reschedule` then is a misreading (the rules stand).
    if (model.intent === 'reschedule' && !context.hasMeeting) return rules;
    return model.confidence > rulesConfidence(rules)
      ? withModelReading(rules, model, deps.model.model)
      : rules;
  };
}
