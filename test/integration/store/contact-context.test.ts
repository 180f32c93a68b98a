import { describe, expect, it } from 'vitest';
import { useTestTable } from '../store-fixture.ts';
import { aCampaign, aClient, aContact } from './fixtures.ts';

describe('getContactContext', () => {
  const t = useTestTable('store-context');

  it('reads the contact, its client and its campaign in one BatchGetItem', async () => {
    const client = aClient();
    const campaign = aCampaign(client.id);
    await t.store.putClient(client);
    await t.store.putCampaign(campaign);
    const {
      created: [contact],
    } = await t.store.importContacts(campaign.id, [aContact(campaign)]);
    if (!contact) throw new Error('import created nothing');
    t.commands.length = 0;

    const context = await t.store.getContactContext({
      contactId: contact.id,
      clientId: client.id,
      campaignId: campaign.id,
    });

    expect(t.commands).toEqual(['BatchGetItemCommand']);
    expect(context.contact?.email).toBe(contact.email);
    expect(context.client?.email).toBe(client.email);
    expect(context.campaign?.name).toBe(campaign.name);
  });

  it('answers undefined for what does not exist', async () => {
    const context = await t.store.getContactContext({
      contactId: 'nope',
      clientId: 'nope',
      campaignId: 'nope',
    });
    expect(context).toEqual({ contact: undefined, client: undefined, campaign: undefined });
  });
});
