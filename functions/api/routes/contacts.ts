/** Contacts, read: one contact with its timeline, next emails and proposed times; a stage's contacts, paged. */
import { nextEmails, proposedTimesInZone } from '#domain/contact-view.ts';
import { noBody } from '../body.ts';
import { pageOf, stageOf } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

export function contactReadRoutes({ store }: OperationDeps): Route[] {
  return [
    route({
      name: 'getContact',
      method: 'GET',
      pattern: '/contacts/{contactId}',
      body: noBody,
      async run({ scope }) {
        const contact = must(scope.contact);
        const timeline = await store.listTimeline(contact.id);
        return {
          status: 200,
          body: {
            contact,
            timeline,
            nextEmails: nextEmails(contact),
            proposedTimes: proposedTimesInZone(contact),
          },
        };
      },
    }),
    route({
      name: 'listContacts',
      method: 'GET',
      pattern: '/campaigns/{campaignId}/contacts',
      body: noBody,
      async run({ query, scope }) {
        const campaign = must(scope.campaign);
        const stage = stageOf(query.stage);
        const page = pageOf(query, { defaultLimit: 50, maxLimit: 100 });
        return { status: 200, body: await store.listContactsByStage(campaign.id, stage, page) };
      },
    }),
  ];
}
