/** Clients: create, list, get, update. */
import { randomUUID } from 'node:crypto';
import type { Client } from '#domain/types.ts';
import { noBody } from '../body.ts';
import { type Caller, isAdmin, listFilterOf } from '../caller.ts';
import { ApiError } from '../errors.ts';
import { type PageBounds, pageOf, pageParameters } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { createClientInput, updateClientInput } from '../schemas.ts';

const CLIENT_PAGE: PageBounds = { defaultLimit: 50, maxLimit: 100 };

/**
 * The coach a client gets: the one an admin names (or none), the coach themself when a coach creates
 * it. A coach may not hand a client to someone else (403 naming `coach`).
 */
function assignedCoach(caller: Caller | undefined, requested: string | undefined): { coach?: string } {
  if (!caller || isAdmin(caller) || caller.kind !== 'user')
    return requested === undefined ? {} : { coach: requested };
  if (requested !== undefined && requested.trim().toLowerCase() !== caller.email) {
    throw new ApiError(403, 'forbidden', 'only an admin may assign a client to another coach', 'coach');
  }
  return { coach: caller.email };
}

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
      async run({ body, caller }) {
        const client: Client = {
          ...body,
          ...assignedCoach(caller, body.coach),
          id: randomUUID(),
          createdAt: now(),
        };
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
      async run({ query, caller }) {
        // A coach lists their own clients only; admins and IAM callers every client.
        return {
          status: 200,
          body: await store.listClients(pageOf(query, CLIENT_PAGE), listFilterOf(caller)),
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
      async run({ body, scope, caller }) {
        const client = must(scope.client);
        if (body.coach !== undefined) assignedCoach(caller, body.coach);
        const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        await store.putClient({ ...client, ...defined });
        return { status: 200, body: await store.getClient(client.id) };
      },
    }),
  ];
}
