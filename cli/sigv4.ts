/**
 * SigV4 for a deployed API (API Gateway with IAM authorisation): service `execute-api`, the region
 * from the URL (`<id>.execute-api.<region>.amazonaws.com`) or AWS_REGION, credentials from the
 * default AWS chain. Loopback APIs (`npm start`) are not signed.
 */
import { CliError } from './errors.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type CredentialSource = () => Promise<Credentials>;

export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** Requests to these hosts are the local stack's: no signature. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The region of an API URL, else AWS_REGION / AWS_DEFAULT_REGION. */
export function regionOf(url: URL, env: NodeJS.ProcessEnv = process.env): string {
  const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
  const region = fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new CliError(
      `cannot tell the AWS region of ${url.origin}`,
      'set AWS_REGION to the region the API is deployed in',
    );
  }
  return region;
}

/** The headers to send: the given ones plus host, x-amz-date, (x-amz-security-token) and authorization. */
export async function signRequest(
  request: RequestToSign,
  options: { region: string; credentials: Credentials | CredentialSource; signingDate?: Date },
): Promise<Record<string, string>> {
  // Loaded when a request is signed: the local stack's commands start without them.
  const [{ Sha256 }, { HttpRequest }, { SignatureV4 }] = await Promise.all([
    import('@aws-crypto/sha256-js'),
    import('@smithy/protocol-http'),
    import('@smithy/signature-v4'),
  ]);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const { url } = request;
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      ...(request.body !== undefined ? { body: request.body } : {}),
    }),
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  return signed.headers;
}

/** The default AWS credential chain (env, SSO, shared files, instance roles), loaded once on first use. */
export function defaultCredentials(): CredentialSource {
  let source: CredentialSource | undefined;
  return async () => {
    if (!source) {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      source = defaultProvider();
    }
    try {
      return await source();
    } catch (error) {
      throw new CliError(
        `no AWS credentials to sign the request (${(error as Error).message})`,
        'configure them (aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID) or use the local API',
      );
    }
  };
}
