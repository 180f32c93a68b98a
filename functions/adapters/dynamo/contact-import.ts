/**
 * Contacts imported into a campaign: each with its dedupe, reply-token, timeline and counters items;
 * an address on the suppression list (unsubscribed, bounced, complained, erased) is refused.
 */
import { normaliseEmail } from '#domain/email.ts';
import { PermanentError, ValidationError, VersionConflict } from '#domain/errors.ts';
import type { ImportReport, Store } from '#domain/ports/store.ts';
import type { Contact, TimelineEntry } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { contactItem, countersUpdate, IS_NEW, IS_NEW_OR_OLD, owned, TOTAL, timelineItem } from './items.ts';
import { suppressionKey } from './suppressions.ts';
import type { Table } from './table.ts';

export function makeContactImport(
  table: Table,
  importConcurrency: number,
  suppressionSecret: string,
): Pick<Store, 'importContacts'> {
  const { TableName } = table;

  /**
   * One contact with its dedupe, reply-token, timeline and counters items, the address checked not
   * suppressed in the same request; a duplicate or a suppressed address is a value.
   */
  function importOne(campaignId: string, contact: Contact) {
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
    return table.transact<{ existingContactId: string | undefined } | 'suppressed'>(
      `import contact ${contact.id}`,
      [
        { Put: { TableName, Item: contactItem(contact), ...IS_NEW } },
        {
          Put: {
            TableName,
            Item: dedupe,
            ...IS_NEW_OR_OLD,
          },
        },
        {
          Put: {
            TableName,
            Item: owned(keys.replyToken(contact.replyToken), contact.id, 'reply-token', { campaignId }),
            ...IS_NEW,
          },
        },
        { Put: { TableName, Item: timelineItem(entry, contact.version) } },
        countersUpdate(TableName, campaignId, { [contact.stage]: 1, [TOTAL]: 1 }),
        { ConditionCheck: { TableName, Key: suppressionKey(suppressionSecret, contact.email), ...IS_NEW } },
      ],
      (failed) => {
        if (failed(5)) return 'suppressed';
        const duplicate = failed(1);
        if (duplicate) return { existingContactId: duplicate.Item?.contactId?.S };
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

      const outcomes = await mapPool(toWrite, importConcurrency, async ({ index, contact }) => ({
        index,
        contact,
        duplicate: await importOne(campaignId, contact),
      }));

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

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. Waits for all before throwing. */
async function mapPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
