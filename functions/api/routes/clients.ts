/** Clients: create, list, get, update. */
import { randomUUID } from 'node:crypto';
import type { Client } from '#domain/types.ts';
import { noBody } from '../body.ts';
import { type PageBounds, pageOf, pageParameters } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { createClientInput, updateClientInput } from '../schemas.ts';

const CLIENT_PAGE: PageBounds = { defaultLimit: 50, maxLimit: 100 };

export function clientRoutes({ store, clock }: OperationDeps): Route[] {
  const now = () => clock.now().toISOString();
  return [
    route({
      name: 'createClient',
      summary: 'Create a client (the person the campaigns write for)',
      status: 201,
      method: 'POST',
      pattern: '/clients',
      body: createClientInput,
      async run({ body }) {
        const client: Client = { ...body, id: randomUUID(), createdAt: now() };
        await store.putClient(client);
        return { status: 201, body: await store.getClient(client.id) };
      },
    }),
    route({
      name: 'listClients',
      method: 'GET',
      pattern: '/clients',
      body: noBody,
      query: pageParameters(CLIENT_PAGE),
      async run({ query }) {
        return {
          status: 200,
          body: await store.listClients(pageOf(query, CLIENT_PAGE)),
        };
      },
    }),
    route({
      name: 'getClient',
      summary: 'Read a client',
      method: 'GET',
      pattern: '/clients/{clientId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: must(scope.client) };
      },
    }),
    route({
      name: 'updateClient',
      summary: "Change some of a client's fields",
      method: 'PATCH',
      pattern: '/clients/{clientId}',
      body: updateClientInput,
      async run({ body, scope }) {
        const client = must(scope.client);
        const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        await store.putClient({ ...client, ...defined });
        return { status: 200, body: await store.getClient(client.id) };
      },
    }),
  ];
}
