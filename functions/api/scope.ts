/**
 * The one place a request's client is resolved: every route that touches a client or a campaign
 * goes through `resolveScope`, so that limiting a coach to their own clients is one check here
 * (`checkAccess`): no caller → 401, a coach on an admin route or on another coach's client → 403.
 */
import { NotFound } from '#domain/errors.ts';
import type { Job } from '#domain/job.ts';
import type { JobStore } from '#domain/ports/jobs.ts';
import { parseReplyId, UNMATCHED } from '#domain/ports/review-store.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Campaign, Client, Contact } from '#domain/types.ts';
import { type Caller, isAdmin } from './caller.ts';
import { ApiError } from './errors.ts';
import type { Params } from './router.ts';

export interface Scope {
  client?: Client;
  campaign?: Campaign;
  contact?: Contact;
  job?: Job;
}

/** Ids rapport makes are UUIDs; anything else names nothing (and never reaches the table as a key). */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkedId(entity: string, id: string): string {
  if (!ID.test(id)) throw new NotFound(entity, id.slice(0, 64));
  return id;
}

/** What resolving a scope reads. */
export type ScopeStore = Pick<Store, 'getClient' | 'getCampaign' | 'getContact'>;

export function makeScopeResolver(store: ScopeStore, jobs?: Pick<JobStore, 'get'>) {
  return async function resolveScope(params: Params): Promise<Scope> {
    if (params.replyId !== undefined) {
      // A reply in review names its contact (`<contactId>.<replyKey>`): resolved as the contact is.
      // An unmatched message has no client: consultancy-level (the route says `access: 'consultancy'`).
      const reply = parseReplyId(params.replyId);
      if (!reply) throw new NotFound('reply', params.replyId.slice(0, 140));
      return reply.owner === UNMATCHED ? {} : resolveScope({ contactId: reply.owner });
    }
    if (params.jobId !== undefined && jobs) {
      const job = await jobs.get(checkedId('job', params.jobId));
      if (!job) throw new NotFound('job', params.jobId);
      const client = await store.getClient(job.clientId);
      if (!client) throw new NotFound('client', job.clientId);
      return { client, job };
    }
    if (params.contactId !== undefined) {
      const contact = await store.getContact(checkedId('contact', params.contactId));
      if (!contact) throw new NotFound('contact', params.contactId);
      const campaign = await store.getCampaign(contact.campaignId);
      if (!campaign) throw new NotFound('campaign', contact.campaignId);
      const client = await store.getClient(contact.clientId);
      if (!client) throw new NotFound('client', contact.clientId);
      return { client, campaign, contact };
    }
    if (params.campaignId !== undefined) {
      const campaign = await store.getCampaign(checkedId('campaign', params.campaignId));
      if (!campaign) throw new NotFound('campaign', params.campaignId);
      const client = await store.getClient(campaign.clientId);
      if (!client) throw new NotFound('client', campaign.clientId);
      return { client, campaign };
    }
    if (params.clientId !== undefined) {
      const client = await store.getClient(checkedId('client', params.clientId));
      if (!client) throw new NotFound('client', params.clientId);
      return { client };
    }
    return {};
  };
}

/** Who may call a route (`Route.access`). */
export type Access = 'signed-in' | 'admin' | 'consultancy' | 'public';

/**
 * The role check, the one place it is made. Admins and IAM callers may do everything; a coach may
 * call every signed-in route, but only on clients assigned to them (`client.coach`, their email).
 * A route that names something (`params`) which resolves to no client (a message matching no
 * contact, say) is the consultancy's: admins only.
 */
export function checkAccess(
  caller: Caller | undefined,
  access: Access = 'signed-in',
  scope: Scope = {},
  params: Params = {},
): void {
  if (access === 'public') return;
  if (!caller)
    throw new ApiError(401, 'unauthorized', 'sign in first: send Authorization: Bearer <ID token>');
  if (isAdmin(caller)) return;
  // Taken out of every group (how an admin revokes a coach without deleting them): nothing.
  if (caller.kind === 'user' && !caller.groups.includes('coach')) {
    throw new ApiError(403, 'forbidden', 'this sign-in is in neither the admin nor the coach group');
  }
  if (access === 'admin' || access === 'consultancy')
    throw new ApiError(403, 'forbidden', 'only an admin may do this');
  if (caller.kind !== 'user') return;
  if (scope.client && scope.client.coach !== caller.email) {
    throw new ApiError(403, 'forbidden', 'this client is assigned to another coach');
  }
  if (!scope.client && Object.keys(params).length > 0) {
    throw new ApiError(403, 'forbidden', 'only an admin may see what belongs to no client');
  }
}

/**
 * The check before anything runs (before an Idempotency-Key is claimed, so a refused request writes
 * nothing and cannot replay another caller's response): for a coach, the scope is resolved to see
 * whose client it is. A scope that names nothing is left to the route (its 404, or a replay).
 */
export async function checkAccessFirst(
  caller: Caller | undefined,
  access: Access | undefined,
  params: Params,
  resolveScope: (params: Params) => Promise<Scope>,
): Promise<void> {
  checkAccess(caller, access);
  if (!caller || isAdmin(caller) || access === 'public') return;
  const scope = await resolveScope(params).catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });
  if (scope) checkAccess(caller, access, scope, params);
}
