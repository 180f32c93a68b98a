/** Campaigns: create, list, get, update the policy, launch / pause / resume, stats. */
import { randomUUID } from 'node:crypto';
import { assertBankFillsFramework, parseCampaignFields } from '#domain/campaign-input.ts';
import { ValidationError } from '#domain/errors.ts';
import { publicJob } from '#domain/job.ts';
import { parsePolicy } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK } from '#domain/questions.ts';
import type { Campaign, CampaignPolicy, Question, QuestionFramework } from '#domain/types.ts';
import { launchRefusal, type OutreachCheckReport } from '#usecases/launch-check.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { createCampaignInput, launchInput, updateCampaignInput } from '../schemas.ts';
import { assertResumeChecked } from './resume.ts';

const VERB_SUMMARY = {
  launch: 'Launch the campaign: plan the outreach of its contacts',
  pause: 'Pause the campaign: nothing more is sent until it is resumed',
  resume: 'Resume a paused campaign',
};

export function campaignRoutes({ store, workflow, clock, submitJob, outreachCheck }: OperationDeps): Route[] {
  const now = () => clock.now().toISOString();
  return [
    route({
      name: 'createCampaign',
      summary: 'Create a draft campaign for a client (its policy checked by parsePolicy)',
      status: 201,
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
          ...(body.questionFramework === undefined
            ? {}
            : { questionFramework: body.questionFramework as QuestionFramework }),
          status: 'draft',
          createdAt: now(),
        } satisfies Campaign;
        // The fields first (a bad framework is named as such), then the bank against the framework.
        parseCampaignFields({
          questionBank: campaign.questionBank,
          questionFramework: campaign.questionFramework,
        });
        assertBankFillsFramework(campaign.questionBank, campaign.questionFramework);
        await store.putCampaign(campaign);
        return { status: 201, body: await store.getCampaign(campaign.id) };
      },
    }),
    route({
      name: 'listCampaigns',
      summary: "A client's campaigns",
      method: 'GET',
      pattern: '/clients/{clientId}/campaigns',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: { items: await store.listCampaigns(must(scope.client).id) } };
      },
    }),
    route({
      name: 'getCampaign',
      summary: 'Read a campaign',
      method: 'GET',
      pattern: '/campaigns/{campaignId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: must(scope.campaign) };
      },
    }),
    route({
      name: 'updateCampaign',
      summary:
        'Rename a campaign, patch its policy (merged over the current one, then checked whole), or set its question bank or framework (seed or tiara)',
      method: 'PATCH',
      pattern: '/campaigns/{campaignId}',
      body: updateCampaignInput,
      async run({ body, scope }) {
        const campaign = must(scope.campaign);
        const { questionBank, questionFramework } = body as {
          questionBank?: Question[];
          questionFramework?: QuestionFramework;
        };
        if (
          body.name === undefined &&
          body.policy === undefined &&
          questionBank === undefined &&
          questionFramework === undefined
        ) {
          throw ValidationError.of('body', 'give name, policy, questionBank or questionFramework');
        }
        if (questionBank !== undefined || questionFramework !== undefined) {
          parseCampaignFields({ questionBank, questionFramework });
          assertBankFillsFramework(
            questionBank ?? campaign.questionBank,
            questionFramework ?? campaign.questionFramework,
          );
        }
        const updated = await store.updateCampaign(campaign.id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.policy !== undefined
            ? { policy: parsePolicy(body.policy, 'policy', campaign.policy) }
            : {}),
          ...(questionBank !== undefined ? { questionBank } : {}),
          ...(questionFramework !== undefined ? { questionFramework } : {}),
        });
        return { status: 200, body: updated };
      },
    }),
    route({
      name: 'launchCampaign',
      summary: VERB_SUMMARY.launch,
      status: 202,
      method: 'POST',
      pattern: '/campaigns/{campaignId}/launch',
      body: launchInput,
      // Launching 10,000 contacts takes longer than API Gateway waits: a job (`GET /jobs/{jobId}`).
      // The outreach check runs first, here (by the preview function): its errors refuse the launch
      // with a 422 naming `override` and listing the findings — nothing written, no job — unless the
      // coach overrode it (`{"override": {"reason": "…"}}`, recorded on the campaign). The job checks again.
      async run({ body, scope, caller }) {
        assertResumeChecked(must(scope.client));
        let campaign = must(scope.campaign);
        const reason = body?.override?.reason.trim();
        if (!reason && outreachCheck) refuseOnErrors(await outreachCheck(campaign.id, caller));
        if (reason)
          campaign = await store.updateCampaign(campaign.id, { launchOverride: { reason, at: now() } });
        return { status: 202, body: { job: publicJob(await submitJob('launch', campaign)) } };
      },
    }),
    ...(['pause', 'resume'] as const).map((verb) =>
      route({
        name: `${verb}Campaign`,
        summary: VERB_SUMMARY[verb],
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
      summary: "The campaign's counters",
      method: 'GET',
      pattern: '/campaigns/{campaignId}/stats',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: await store.getCampaignStats(must(scope.campaign).id) };
      },
    }),
  ];
}

/** The launch refused on the outreach check's errors: a 422 naming `override`, the findings listed. */
function refuseOnErrors(report: OutreachCheckReport): void {
  const refusal = launchRefusal(report);
  if (refusal)
    throw new ApiError(422, 'invalid_input', refusal.message, 'override', { findings: refusal.failing });
}
