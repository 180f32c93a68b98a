/**
 * The operations of the first slice: clients and campaigns. Each route names its method, its path
 * pattern and its body schema; `run` gets the parsed body and the scope (`scope.ts`) already
 * resolved, so a route never looks its client up itself.
 */
import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Store } from '#domain/ports/store.ts';
import { DEFAULT_QUESTION_BANK } from '#domain/questions.ts';
import type { Campaign, CampaignPolicy, Client, Question } from '#domain/types.ts';
import type { Workflow } from '#usecases/workflow.ts';
import { noBody } from './body.ts';
import type { Params } from './router.ts';
import { createCampaignInput, createClientInput, updateCampaignInput, updateClientInput } from './schemas.ts';
import type { Scope } from './scope.ts';

export interface OperationDeps {
  store: Store;
  workflow: Pick<Workflow, 'launchCampaign' | 'pauseCampaign' | 'resumeCampaign'>;
  clock: Clock;
}

export interface Outcome {
  status: number;
  body: unknown;
}

export interface Route<T = unknown> {
  /** The operation's name (and, later, its OpenAPI operationId). */
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  pattern: string;
  body: z.ZodMiniType<T>;
  run(input: { body: T; params: Params; scope: Scope }): Promise<Outcome>;
}

/** A route whose run is typed by its schema. */
function route<T>(r: Route<T>): Route<unknown> {
  return r as Route<unknown>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A policy patch over the current policy, one level deep for `sendWindow` and `keepInTouch` (as parsePolicy merges). */
function mergePolicy(current: CampaignPolicy, patch: Record<string, unknown>): unknown {
  const nested = (key: 'sendWindow' | 'keepInTouch') =>
    isPlainObject(patch[key]) ? { ...current[key], ...patch[key] } : (patch[key] ?? current[key]);
  return { ...current, ...patch, sendWindow: nested('sendWindow'), keepInTouch: nested('keepInTouch') };
}

function must<T>(value: T | undefined): T {
  // The scope resolver has thrown NotFound for a route whose pattern names the entity.
  if (value === undefined) throw new Error('route scope not resolved');
  return value;
}

export function makeRoutes(deps: OperationDeps): Route[] {
  const { store, workflow, clock } = deps;
  const now = () => clock.now().toISOString();

  return [
    route({
      name: 'createClient',
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
      name: 'getClient',
      method: 'GET',
      pattern: '/clients/{clientId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: must(scope.client) };
      },
    }),
    route({
      name: 'updateClient',
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
    route({
      name: 'createCampaign',
      method: 'POST',
      pattern: '/clients/{clientId}/campaigns',
      body: createCampaignInput,
      async run({ body, scope }) {
        const client = must(scope.client);
        const campaign = {
          id: randomUUID(),
          clientId: client.id,
          name: body.name,
          // parseCampaignFields (in putCampaign) runs it through parsePolicy: missing settings take the defaults.
          policy: (body.policy ?? {}) as unknown as CampaignPolicy,
          questionBank: (body.questionBank ?? [...DEFAULT_QUESTION_BANK]) as Question[],
          status: 'draft',
          createdAt: now(),
        } satisfies Campaign;
        await store.putCampaign(campaign);
        return { status: 201, body: await store.getCampaign(campaign.id) };
      },
    }),
    route({
      name: 'listCampaigns',
      method: 'GET',
      pattern: '/clients/{clientId}/campaigns',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: { items: await store.listCampaigns(must(scope.client).id) } };
      },
    }),
    route({
      name: 'getCampaign',
      method: 'GET',
      pattern: '/campaigns/{campaignId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: must(scope.campaign) };
      },
    }),
    route({
      name: 'updateCampaign',
      method: 'PATCH',
      pattern: '/campaigns/{campaignId}',
      body: updateCampaignInput,
      async run({ body, scope }) {
        const campaign = must(scope.campaign);
        if (body.name === undefined && body.policy === undefined) {
          throw ValidationError.of('body', 'give name or policy');
        }
        const updated = await store.updateCampaign(campaign.id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.policy !== undefined
            ? { policy: mergePolicy(campaign.policy, body.policy) as CampaignPolicy }
            : {}),
        });
        return { status: 200, body: updated };
      },
    }),
    ...(['launch', 'pause', 'resume'] as const).map((verb) =>
      route({
        name: `${verb}Campaign`,
        method: 'POST',
        pattern: `/campaigns/{campaignId}/${verb}`,
        body: noBody,
        async run({ scope }) {
          return { status: 200, body: await workflow[`${verb}Campaign`](must(scope.campaign).id) };
        },
      }),
    ),
    route({
      name: 'campaignStats',
      method: 'GET',
      pattern: '/campaigns/{campaignId}/stats',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: await store.getCampaignStats(must(scope.campaign).id) };
      },
    }),
  ];
}
