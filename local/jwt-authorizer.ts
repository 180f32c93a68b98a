/**
 * API Gateway's JWT authorizer, locally: the `Authorization: Bearer <ID token>` of a request checked
 * with aws-jwt-verify (signature against cognito-local's JWKS, issuer, audience = the app client,
 * expiry), its claims handed on as API Gateway does — every value a string, an array as `[a b]`.
 *
 * aws-jwt-verify fetches JWKS over https only; cognito-local serves http, so its JWKS is read here
 * once and given to the verifier (its signing key never changes).
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';

export interface TokenIssuer {
  /** `http://localhost:<port>/<userPoolId>` for cognito-local. */
  issuer: string;
  /** The app client: the ID token's `aud`. */
  clientId: string;
  jwksUri: string;
}

/** The claims of a valid token as API Gateway passes them on; undefined for none, forged or expired. */
export type JwtAuthorizer = (
  authorization: string | undefined,
) => Promise<Record<string, string> | undefined>;

/** A claim's value as API Gateway's JWT authorizer hands it over. */
export function claimAsString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(String).join(' ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export async function makeJwtAuthorizer(from: TokenIssuer): Promise<JwtAuthorizer> {
  const response = await fetch(from.jwksUri);
  if (!response.ok) throw new Error(`JWKS not readable at ${from.jwksUri}: HTTP ${response.status}`);
  const jwks = (await response.json()) as Jwks;
  const verifier = JwtRsaVerifier.create({
    issuer: from.issuer,
    audience: from.clientId,
    jwksUri: from.jwksUri,
  });
  verifier.cacheJwks(jwks);
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const payload = await verifier.verify(token);
      return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, claimAsString(value)]));
    } catch {
      return undefined;
    }
  };
}
