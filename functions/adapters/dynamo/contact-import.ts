/**
 * Contacts imported into a campaign: each with its dedupe, reply-token, timeline and counters items;
 * an address on the suppression list (unsubscribed, bounced, complained, erased) is refused.
 */
import { normaliseEmail } from '#domain/email.ts';
import { PermanentError, ValidationError, VersionConflict } from '#domain/errors.ts';
import type { ImportReport, Store } from '#domain/ports/store.ts';
import type { Contact, TimelineEntry } from '#domain/types.ts';
import { mapPool } from '#shared/map-pool.ts';
import { keys } from '#shared/table-definition.ts';
import { contactItem, countersUpdate, IS_NEW, IS_NEW_OR_OLD, owned, TOTAL, timelineItem } from './items.ts';
import { type SuppressionSecret, suppressionKey, suppressionSecretValue } from './suppressions.ts';
import type { Table } from './table.ts';

/** Items of one contact in an import transaction (`itemsOf`). */
const ITEMS = 5;
/** Contacts of one import transaction: ITEMS each and the counters update, within the 100 a transaction takes. */
const GROUP = 19;

export function makeContactImport(
  table: Table,
  importConcurrency: number,
  suppressionSecret: SuppressionSecret,
): Pick<Store, 'importContacts'> {
  const { TableName } = table;

  /**
   * A contact's own items: the contact, its dedupe, reply-token and `imported` timeline entry, and
   * the check that its address is not suppressed (in the same request).
   */
  function itemsOf(campaignId: string, contact: Contact, secret: string) {
    const entry: TimelineEntry = {
      contactId: contact.id,
      at: contact.createdAt,
      event: 'imported',
      from: contact.stage,
      to: contact.stage,
    };
    const dedupe = owned(keys.dedupe(campaignId, contact.email), contact.id, 'dedupe', {
      campaignId,
      email: contact.email,
    });
    return [
      { Put: { TableName, Item: contactItem(contact), ...IS_NEW } },
      { Put: { TableName, Item: dedupe, ...IS_NEW_OR_OLD } },
      {
        Put: {
          TableName,
          Item: owned(keys.replyToken(contact.replyToken), contact.id, 'reply-token', { campaignId }),
          ...IS_NEW,
        },
      },
      { Put: { TableName, Item: timelineItem(entry, contact.version) } },
      { ConditionCheck: { TableName, Key: suppressionKey(secret, contact.email), ...IS_NEW } },
    ];
  }

  /**
   * Up to GROUP contacts in ONE transaction (their items and one counters update for all): false
   * when it was cancelled by a condition (a duplicate written or an address suppressed meanwhile),
   * nothing written then.
   */
  async function importGroup(campaignId: string, group: Contact[]): Promise<boolean> {
    const secret = await suppressionSecretValue(suppressionSecret);
    const outcome = await table.transact<'refused'>(
      `import ${group.length} contacts`,
      [
        ...group.flatMap((contact) => itemsOf(campaignId, contact, secret)),
        countersUpdate(TableName, campaignId, { prospect: group.length, [TOTAL]: group.length }),
      ],
      (failed) =>
        group.some((_, i) => failed(i * ITEMS) || failed(i * ITEMS + 1) || failed(i * ITEMS + 4))
          ? 'refused'
          : undefined,
    );
    return outcome !== 'refused';
  }

  /** One contact with its items and the counters; a duplicate or a suppressed address is a value. */
  async function importOne(campaignId: string, contact: Contact) {
    const secret = await suppressionSecretValue(suppressionSecret);
    return table.transact<{ existingContactId: string | undefined } | 'suppressed'>(
      `import contact ${contact.id}`,
      [
        ...itemsOf(campaignId, contact, secret),
        countersUpdate(TableName, campaignId, { [contact.stage]: 1, [TOTAL]: 1 }),
      ],
      (failed) => {
        const duplicate = failed(1);
        if (duplicate) return { existingContactId: duplicate.Item?.contactId?.S };
        if (failed(4)) return 'suppressed';
        if (failed(0)) return new VersionConflict('contact', contact.id);
        if (failed(2)) {
          return new PermanentError(`reply token of contact ${contact.id} is taken`, 'ReplyTokenTaken');
        }
        return undefined;
      },
    );
  }

  return {
    async importContacts(campaignId, contacts) {
      // Validate everything before writing anything.
      const prepared = contacts.map((raw, index) => {
        if (raw.campaignId !== campaignId) {
          throw ValidationError.of(`contacts[${index}].campaignId`, `must be ${campaignId}`);
        }
        return { index, contact: { ...raw, email: normaliseEmail(raw.email, `contacts[${index}].email`) } };
      });

      const report: ImportReport = { created: [], duplicates: [], suppressed: [] };
      const firstOfEmail = new Map<string, string>();
      const toWrite: typeof prepared = [];
      for (const entry of prepared) {
        const earlier = firstOfEmail.get(entry.contact.email);
        if (earlier !== undefined) {
          report.duplicates.push({
            index: entry.index,
            email: entry.contact.email,
            existingContactId: earlier,
          });
        } else {
          firstOfEmail.set(entry.contact.email, entry.contact.id);
          toWrite.push(entry);
        }
      }

      // Addresses the campaign already has: found in batched reads, not by failed writes.
      const existing = new Map<string, string>();
      for (let i = 0; i < toWrite.length; i += 100) {
        const found = await table.batchGet(
          'dedupe of import',
          toWrite.slice(i, i + 100).map(({ contact }) => keys.dedupe(campaignId, contact.email)),
        );
        for (const item of found) existing.set(String(item.email), String(item.contactId));
      }
      const fresh = toWrite.filter(({ contact }) => !existing.has(contact.email));
      // New prospects (the common case) go GROUP to a transaction; a group refused — someone wrote
      // one of its addresses meanwhile — goes again one by one, which sorts out the duplicate.
      const groups: (typeof fresh)[] = [];
      for (let i = 0; i < fresh.length; i += GROUP) groups.push(fresh.slice(i, i + GROUP));
      const written = new Set<string>();
      await mapPool(groups, importConcurrency, async (group) => {
        const contacts = group.map((entry) => entry.contact);
        if (contacts.every((c) => c.stage === 'prospect') && (await importGroup(campaignId, contacts))) {
          for (const c of contacts) written.add(c.id);
        }
      });
      const outcomes = await mapPool(toWrite, importConcurrency, async ({ index, contact }) => {
        const known = existing.get(contact.email);
        if (known !== undefined) return { index, contact, duplicate: { existingContactId: known } };
        if (written.has(contact.id)) return { index, contact, duplicate: undefined };
        return { index, contact, duplicate: await importOne(campaignId, contact) };
      });

      for (const outcome of outcomes) {
        if (outcome.duplicate === 'suppressed') {
          report.suppressed.push({ index: outcome.index, email: outcome.contact.email });
        } else if (outcome.duplicate) {
          const { existingContactId } = outcome.duplicate;
          report.duplicates.push({
            index: outcome.index,
            email: outcome.contact.email,
            ...(existingContactId ? { existingContactId } : {}),
          });
        } else {
          report.created.push(outcome.contact);
        }
      }
      report.duplicates.sort((a, b) => a.index - b.index);
      report.suppressed.sort((a, b) => a.index - b.index);
      return report;
    },
  };
}
