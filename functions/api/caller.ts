/**
 * Who is calling, read from the payload v2 event in ONE function: a signed-in person (the JWT API's
 * authorizer, or a token verified by the local gateway) or automation signing with IAM (the IAM API).
 * IAM callers have admin rights; a person's rights come from their Cognito groups.
 */

export type Group = 'admin' | 'coach';

export type Caller =
  | { kind: 'user'; id: string; email: string; groups: Group[] }
  | { kind: 'iam'; arn: string };

const GROUPS: readonly string[] = ['admin', 'coach'] satisfies Group[];

/**
 * `cognito:groups` in both forms it arrives in: API Gateway's JWT authorizer hands every claim over
 * as a string, an array as `[admin coach]`; a token verified in the function (or locally) carries a
 * JSON array. Groups rapport does not know are dropped.
 */
export function groupsOf(claim: unknown): Group[] {
  let names: unknown[] = [];
  if (Array.isArray(claim)) names = claim;
  else if (typeof claim === 'string') {
    const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
    names = inner.split(/[\s,]+/).filter((n) => n !== '');
  }
  const groups = names.filter((n): n is Group => typeof n === 'string' && GROUPS.includes(n));
  return [...new Set(groups)];
}

interface AuthorizerContext {
  jwt?: { claims?: Record<string, unknown> };
  iam?: { userArn?: unknown };
}

/** The caller of an event, or undefined when no authorizer vouched for one (answered 401). */
export function callerOf(event: { requestContext?: { authorizer?: unknown } }): Caller | undefined {
  const authorizer = event.requestContext?.authorizer as AuthorizerContext | undefined;
  const claims = authorizer?.jwt?.claims;
  if (claims) {
    const id = claims.sub;
    const email = claims.email;
    if (typeof id !== 'string' || id === '' || typeof email !== 'string' || email === '') return undefined;
    return { kind: 'user', id, email: email.toLowerCase(), groups: groupsOf(claims['cognito:groups']) };
  }
  const arn = authorizer?.iam?.userArn;
  if (typeof arn === 'string' && arn !== '') return { kind: 'iam', arn };
  return undefined;
}

/** Admin rights: an IAM caller (automation) or a person in the `admin` group. */
export function isAdmin(caller: Caller): boolean {
  return caller.kind === 'iam' || caller.groups.includes('admin');
}

/** The lists a caller sees: a coach's (`{coach: email}`) for a coach, everything (`{}`) for an admin or IAM caller. */
export function listFilterOf(caller: Caller | undefined): { coach?: string } {
  return caller && !isAdmin(caller) && caller.kind === 'user' ? { coach: caller.email } : {};
}

/**
 * The authorizer context `callerOf` reads `caller` from: what the API function hands on when it
 * invokes another of the HTTP API's functions for the same request (the launch's outreach check).
 */
export function authorizerOf(caller: Caller): AuthorizerContext {
  return caller.kind === 'iam'
    ? { iam: { userArn: caller.arn } }
    : { jwt: { claims: { sub: caller.id, email: caller.email, 'cognito:groups': caller.groups } } };
}
