/**
 * GDPR erasure of a contact (`DELETE /contacts/{contactId}`): everything rapport keeps about the
 * person, in an order that makes a failed run safe to run again.
 *
 * 1. The address goes on the suppression list (an HMAC of it, no address): from here on nothing is
 *    sent to it and no import takes it back, whatever happens next.
 * 2. Its schedules in EventBridge Scheduler: the ones the contact names, and every one listed under
 *    its name prefixes (steps, retries, reply forwards).
 * 3. Every version of the raw mail the bucket keeps for it (`storedObjectsOf`).
 * 4. The store: every item of the contact, the API's idempotency records of its routes included,
 *    the contact itself last (`eraseContact`).
 * 5. The schedules again: one a dispatch running during the erasure may have created.
 *
 * Until step 4 the contact is there, so a run that fails before it is simply run again.
 */
import type { BlobEraser } from '#domain/ports/blob-store.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { Store } from '#domain/ports/store.ts';
import { contactSchedulePrefixes, scheduleName } from '#domain/schedule-name.ts';
import type { Contact } from '#domain/types.ts';

export interface EraseContactDeps {
  store: Pick<Store, 'getContact' | 'suppress' | 'storedObjectsOf' | 'eraseContact'>;
  scheduler: Pick<Scheduler, 'delete'> & { listSchedules(prefix: string): Promise<{ name: string }[]> };
  blobs: BlobEraser;
  clock: Clock;
}

export interface EraseOutcome {
  /** False when there was no contact (only leftovers of an earlier run, if any, were deleted). */
  erased: boolean;
  itemsDeleted: number;
  schedulesDeleted: number;
  /** Object versions deleted from the bucket (one per object where the store keeps no versions). */
  objectsDeleted: number;
}

export function makeEraseContact(deps: EraseContactDeps) {
  /** Deletes the contact's schedules: those it names and those under its prefixes; how many existed. */
  async function deleteSchedules(contactId: string, contact: Contact | undefined): Promise<number> {
    const names = new Set(
      (contact?.schedules ?? [])
        .filter((s) => !s.immediate)
        .map((s) => scheduleName(contactId, s.step, s.planVersion)),
    );
    for (const prefix of contactSchedulePrefixes(contactId)) {
      for (const listed of await deps.scheduler.listSchedules(prefix)) names.add(listed.name);
    }
    let deleted = 0;
    for (const name of names) if ((await deps.scheduler.delete(name)) === 'deleted') deleted++;
    return deleted;
  }

  return async function eraseContact(contactId: string): Promise<EraseOutcome> {
    const contact = await deps.store.getContact(contactId);
    if (contact) await deps.store.suppress(contact.email, 'unsubscribed', deps.clock.now().toISOString());
    let schedulesDeleted = await deleteSchedules(contactId, contact);
    let objectsDeleted = 0;
    for (const key of await deps.store.storedObjectsOf(contactId)) {
      objectsDeleted += await deps.blobs.deleteEveryVersion(key);
    }
    const { erased, itemsDeleted } = await deps.store.eraseContact(contactId);
    schedulesDeleted += await deleteSchedules(contactId, undefined);
    return { erased, itemsDeleted, schedulesDeleted, objectsDeleted };
  };
}

export type EraseContact = ReturnType<typeof makeEraseContact>;
