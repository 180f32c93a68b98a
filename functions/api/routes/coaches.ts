/** Who is signed in (`GET /me`), and the coaches an admin invites and lists (`/coaches`). */
import * as z from 'zod/mini';
import { normaliseEmail } from '#domain/email.ts';
import type { Coaches } from '#domain/ports/coaches.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { type OperationDeps, type Route, route } from '../route.ts';

const inviteInput = z.strictObject({
  email: z.string().check(z.maxLength(254, 'must be at most 254 characters')),
});

function configured(coaches: Coaches | undefined): Coaches {
  if (!coaches) throw new ApiError(503, 'unavailable', 'coach logins are not set up for this deployment');
  return coaches;
}

export function coachRoutes({ coaches }: Pick<OperationDeps, 'coaches'>): Route[] {
  return [
    route({
      name: 'getMe',
      summary: 'Who is signed in: their email and groups (an IAM caller: its ARN, with admin rights)',
      method: 'GET',
      pattern: '/me',
      body: noBody,
      async run({ caller }) {
        if (caller?.kind === 'user')
          return { status: 200, body: { email: caller.email, groups: caller.groups } };
        return { status: 200, body: { email: null, arn: caller?.arn ?? null, groups: ['admin'] } };
      },
    }),
    route({
      name: 'inviteCoach',
      summary: 'Invite a coach by email (admins only): Cognito emails them a temporary password',
      status: 201,
      method: 'POST',
      pattern: '/coaches',
      access: 'admin',
      body: inviteInput,
      async run({ body }) {
        const email = normaliseEmail(body.email, 'email').toLowerCase();
        const { coach, created } = await configured(coaches).invite(email);
        return { status: created ? 201 : 200, body: coach };
      },
    }),
    route({
      name: 'listCoaches',
      summary: 'Every coach who can sign in (admins only)',
      method: 'GET',
      pattern: '/coaches',
      access: 'admin',
      body: noBody,
      async run() {
        return { status: 200, body: { items: await configured(coaches).list() } };
      },
    }),
  ];
}
