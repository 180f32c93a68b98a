/**
 * `callerOf`: the one function that reads who is calling, with `cognito:groups` in both forms it
 * arrives in — a string like `[admin coach]` from API Gateway's JWT authorizer, an array from a
 * token verified in code — and the IAM authorizer's caller (automation, admin rights).
 */
import { describe, expect, it } from 'vitest';
import { authorizerOf, callerOf, groupsOf, isAdmin } from '#api/caller.ts';
import { claimAsString } from '#local/jwt-authorizer.ts';

const jwt = (claims: Record<string, unknown>) => ({ requestContext: { authorizer: { jwt: { claims } } } });

describe('callerOf', () => {
  it("reads API Gateway's JWT authorizer claims: groups as the string `[admin coach]`", () => {
    const caller = callerOf(
      jwt({
        sub: 'u-1',
        email: 'Coach@Rapport.Local',
        'cognito:groups': '[admin coach]',
        email_verified: 'true',
      }),
    );
    expect(caller).toEqual({
      kind: 'user',
      id: 'u-1',
      email: 'coach@rapport.local',
      groups: ['admin', 'coach'],
    });
    expect(isAdmin(caller as never)).toBe(true);
  });

  it('reads a verified token: groups as an array', () => {
    const caller = callerOf(jwt({ sub: 'u-2', email: 'coach@rapport.local', 'cognito:groups': ['coach'] }));
    expect(caller).toEqual({ kind: 'user', id: 'u-2', email: 'coach@rapport.local', groups: ['coach'] });
    expect(isAdmin(caller as never)).toBe(false);
  });

  it('gives the same groups for both forms of the same token (the local gateway turns one into the other)', () => {
    for (const groups of [['admin'], ['coach'], ['admin', 'coach'], []]) {
      expect(groupsOf(claimAsString(groups))).toEqual(groupsOf(groups));
    }
  });

  it('drops groups rapport does not know, and accepts one group, none, or no claim at all', () => {
    expect(groupsOf('[coach superuser]')).toEqual(['coach']);
    expect(groupsOf('coach')).toEqual(['coach']);
    expect(groupsOf('[]')).toEqual([]);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf(['admin', 7, 'admin'])).toEqual(['admin']);
    const noGroups = callerOf(jwt({ sub: 'u-3', email: 'someone@rapport.local' }));
    expect(noGroups).toMatchObject({ kind: 'user', groups: [] });
  });

  it('reads the IAM authorizer: automation, with admin rights', () => {
    const caller = callerOf({
      requestContext: { authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/ci' } } },
    });
    expect(caller).toEqual({ kind: 'iam', arn: 'arn:aws:iam::123456789012:user/ci' });
    expect(isAdmin(caller as never)).toBe(true);
  });

  it('has no caller without an authorizer, or with claims that name nobody', () => {
    expect(callerOf({ requestContext: {} })).toBeUndefined();
    expect(callerOf({})).toBeUndefined();
    expect(callerOf(jwt({ email: 'x@rapport.local' }))).toBeUndefined();
    expect(callerOf(jwt({ sub: 'u-4' }))).toBeUndefined();
  });
});

describe('authorizerOf', () => {
  it('is what callerOf reads the same caller from (the API hands it on to the preview function)', () => {
    const user = {
      kind: 'user' as const,
      id: 'u1',
      email: 'coach@rapport.local',
      groups: ['coach' as const],
    };
    const iam = { kind: 'iam' as const, arn: 'arn:aws:iam::000000000000:user/automation' };
    for (const caller of [user, iam]) {
      expect(callerOf({ requestContext: { authorizer: authorizerOf(caller) } })).toEqual(caller);
    }
  });
});
