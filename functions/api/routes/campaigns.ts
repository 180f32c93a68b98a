/** Campaigns: create, list, get, update the policy, launch / pause / resume, stats. */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '#domain/errors.ts';
import { publicJob } from '#domain/job.ts';
import { DEFAULT_QUESTION_BANK } from '#domain/questions.ts';
import type { Campaign, CampaignPolicy, Question } from '#domain/types.ts';
import { noBody } from '../body.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { createCampaignInput, updateCampaignInput } from '../schemas.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A policy patch over the current policy, one level deep for `sendWindow` and `keepInTouch` (as parsePolicy merges). */
function mergePolicy(current: CampaignPolicy, patch: Record<string, unknown>): unknown {
  const nested = (key: 'sendWindow' | 'keepInTouch') =>
    isPlainObject(patch[key]) ? { ...current[key], ...patch[key] } : (patch[key] ?? current[key]);
  return { ...current, ...patch, sendWindow: nested('sendWindow'), keepInTouch: nested('keepInTouch') };
}

export function campaignRoutes({ store, workflow, clock, submitJob }: OperationDeps): Route[] {
  const now = () => clock.now().toISOString();
  return [
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
    route({
      name: 'launchCampaign',
      method: 'POST',
      pattern: '/campaigns/{campaignId}/launch',
      body: noBody,
      // Launching 10,000 contacts takes longer than API Gateway waits: a job (`GET /jobs/{jobId}`).
      async run({ scope }) {
        return { status: 202, body: { job: publicJob(await submitJob('launch', must(scope.campaign))) } };
      },
    }),
    ...(['pause', 'resume'] as const).map((verb) =>
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
