/**
 * `checkAccess`, the one role check (`scope.ts`), on its own: who may call what, whatever the route.
 * The whole API through the gateway is `test/integration/api/access.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { Caller } from '#api/caller.ts';
import { checkAccess } from '#api/scope.ts';
import type { Client } from '#domain/types.ts';

const coach: Caller = { kind: 'user', id: 'u-1', email: 'coach@rapport.local', groups: ['coach'] };
const admin: Caller = { kind: 'user', id: 'u-2', email: 'admin@rapport.local', groups: ['admin'] };
const iam: Caller = { kind: 'iam', arn: 'arn:aws:iam::123456789012:user/ci' };
const clientOf = (email?: string) => ({ id: 'c-1', ...(email ? { coach: email } : {}) }) as Client;
const refused = (f: () => void) => {
  try {
    f();
  } catch (error) {
    return (error as { status: number; code: string }).status;
  }
  return undefined;
};

describe('checkAccess', () => {
  it('no caller: 401, but on public routes', () => {
    expect(refused(() => checkAccess(undefined, 'signed-in'))).toBe(401);
    expect(refused(() => checkAccess(undefined, 'admin'))).toBe(401);
    expect(refused(() => checkAccess(undefined, 'public'))).toBeUndefined();
  });

  it('admins and IAM callers: everything', () => {
    for (const caller of [admin, iam]) {
      expect(refused(() => checkAccess(caller, 'admin'))).toBeUndefined();
      expect(
        refused(() => checkAccess(caller, 'signed-in', { client: clientOf('other@rapport.local') })),
      ).toBeUndefined();
      expect(refused(() => checkAccess(caller, 'signed-in', {}, { replyId: 'unmatched.x' }))).toBeUndefined();
    }
  });

  it('a coach: their own clients; 403 on admin routes, on another coach’s client, on a client with no coach', () => {
    expect(
      refused(() =>
        checkAccess(
          coach,
          'signed-in',
          { client: clientOf(coach.kind === 'user' ? coach.email : '') },
          { clientId: 'c-1' },
        ),
      ),
    ).toBeUndefined();
    expect(refused(() => checkAccess(coach, 'admin'))).toBe(403);
    expect(refused(() => checkAccess(coach, 'signed-in', { client: clientOf('coach2@rapport.local') }))).toBe(
      403,
    );
    expect(refused(() => checkAccess(coach, 'signed-in', { client: clientOf() }))).toBe(403);
  });

  it('a person in neither group (a revoked coach): 403 on everything but the public routes', () => {
    const revoked: Caller = { kind: 'user', id: 'u-3', email: 'coach@rapport.local', groups: [] };
    expect(
      refused(() => checkAccess(revoked, 'signed-in', { client: clientOf('coach@rapport.local') })),
    ).toBe(403);
    expect(refused(() => checkAccess(revoked, 'signed-in'))).toBe(403);
    expect(refused(() => checkAccess(revoked, 'public'))).toBeUndefined();
  });

  it('a coach on something that belongs to no client (a message matching no contact): 403; routes naming nothing: allowed', () => {
    expect(refused(() => checkAccess(coach, 'signed-in', {}, { replyId: 'unmatched.x' }))).toBe(403);
    expect(refused(() => checkAccess(coach, 'signed-in', {}, {}))).toBeUndefined();
  });
});
