/** Contacts, read: one contact with its timeline, next emails and proposed times; a stage's contacts, paged. */
import { nextEmails, proposedTimesInZone } from '#domain/contact-view.ts';
import { noBody } from '../body.ts';
import { type PageBounds, pageOf, pageParameters, stageOf, stageParameter } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

const CONTACT_PAGE: PageBounds = { defaultLimit: 50, maxLimit: 100 };

export function contactReadRoutes({ store, clock }: OperationDeps): Route[] {
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
            // Whether "held" / "not held" can be said yet (the API refuses them before the start).
            ...(contact.meeting
              ? { meetingStarted: clock.now().getTime() >= Date.parse(contact.meeting.start) }
              : {}),
          },
        };
      },
    }),
    route({
      name: 'listContacts',
      method: 'GET',
      pattern: '/campaigns/{campaignId}/contacts',
      body: noBody,
      query: [stageParameter(true, 'the stage listed'), ...pageParameters(CONTACT_PAGE)],
      async run({ query, scope }) {
        const campaign = must(scope.campaign);
        const stage = stageOf(query.stage);
        const page = pageOf(query, CONTACT_PAGE);
        return { status: 200, body: await store.listContactsByStage(campaign.id, stage, page) };
      },
    }),
  ];
}
