/**
 * A token's expiry comes from its own `exp` claim: cognito-local answers InitiateAuth without
 * `ExpiresIn`, and a dashboard that trusted it alone refreshed before every call.
 */
import { describe, expect, it } from 'vitest';

// Loaded by a computed path: web/src is typed for the DOM (web/tsconfig.json), this file for Node.
const WEB = '../../../web/src/';
const { expiryOf } = (await import(`${WEB}auth.ts`)) as {
  expiryOf: (token: string | undefined) => number | undefined;
};

const jwt = (claims: object) =>
  ['{"alg":"RS256"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') +
  '.sig';

describe("the dashboard's token expiry", () => {
  it("is the ID token's exp claim, in ms", () => {
    expect(expiryOf(jwt({ exp: 1_800_000_000, email: 'coach@rapport.local' }))).toBe(1_800_000_000_000);
  });

  it('is unknown for no token, a token without exp, or garbage (the caller falls back to ExpiresIn)', () => {
    expect(expiryOf(undefined)).toBeUndefined();
    expect(expiryOf(jwt({ email: 'x@y.z' }))).toBeUndefined();
    expect(expiryOf('not-a-jwt')).toBeUndefined();
    expect(expiryOf('a.%%%.c')).toBeUndefined();
  });
});
