import { NotFound, TransitionRefused } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Store } from '#domain/ports/store.ts';
import type { ContactEvent } from '#domain/types.ts';

export interface UnsubscribeContactDeps {
  store: Pick<Store, 'suppress'>;
  /** `Workflow.apply`: moves the contact to `unsubscribed` (deleting its schedules). */
  workflow: { apply(contactId: string, event: ContactEvent): Promise<unknown> };
  clock: Clock;
}

/** Who asked: the contact (the one-click link) or the coach on the contact's behalf (the API). */
export type UnsubscribedBy = 'contact' | 'coach';

/**
 * Unsubscribes a contact, whoever asked — the one use case behind the one-click link and the
 * coach's `POST /contacts/{id}/unsubscribe`. The address goes on the global suppression list
 * FIRST (every campaign, every client): that alone guarantees nothing is sent again, since every
 * send checks the list. Then the contact moves to `unsubscribed` (its schedules deleted), the
 * timeline noting who asked. A contact already in a suppression stage (a repeat, an earlier
 * bounce) or erased is left as it is: the suppression is what protects the address.
 */
export async function unsubscribeContact(
  deps: UnsubscribeContactDeps,
  who: { contactId: string; email: string },
  by: UnsubscribedBy,
): Promise<'unsubscribed' | 'already_unsubscribed'> {
  const suppressed = await deps.store.suppress(who.email, 'unsubscribed', deps.clock.now().toISOString());
  try {
    await deps.workflow.apply(
      who.contactId,
      by === 'coach' ? { type: 'unsubscribed', by } : { type: 'unsubscribed' },
    );
  } catch (error) {
    if (!(error instanceof TransitionRefused) && !(error instanceof NotFound)) throw error;
  }
  return suppressed === 'suppressed' ? 'unsubscribed' : 'already_unsubscribed';
}
