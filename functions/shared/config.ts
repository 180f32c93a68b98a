// zod's default messages have one home: domain/validation.ts sets them (and keeps zod's locales out of the bundles).
import '#domain/validation.ts';
import * as z from 'zod/mini';
import { type MailConfig, parseMailConfig } from '#mail/config.ts';
import { ENV } from './env-names.ts';

const nonEmpty = () => z.string().check(z.minLength(1));
const optionalUrl = z.optional(z.url());

const schema = z.object({
  [ENV.tableName]: nonEmpty(),
  [ENV.bucketName]: nonEmpty(),
  [ENV.scheduleGroup]: nonEmpty(),
  [ENV.dispatchArn]: nonEmpty(),
  [ENV.schedulerRoleArn]: nonEmpty(),
  [ENV.deadLetterArn]: nonEmpty(),
  [ENV.configurationSet]: nonEmpty(),
  [ENV.consultancyName]: nonEmpty(),
  // Their formats (https URLs, domains, colour) are checked by parseMailConfig.
  [ENV.brandColor]: nonEmpty(),
  [ENV.logoUrl]: nonEmpty(),
  [ENV.postalAddress]: nonEmpty(),
  [ENV.senderDomain]: nonEmpty(),
  [ENV.inboundDomain]: nonEmpty(),
  [ENV.unsubscribeBaseUrl]: nonEmpty(),
  [ENV.unsubscribeKeysSecret]: nonEmpty(),
  [ENV.jobsFunction]: z.optional(nonEmpty()),
  [ENV.inboundFunction]: z.optional(nonEmpty()),
  [ENV.consultancyCountry]: z.optional(nonEmpty()),
  [ENV.resumeBaseUrl]: z.optional(nonEmpty()),
  [ENV.resumeLinkDays]: z.optional(nonEmpty()),
  [ENV.dynamoEndpoint]: optionalUrl,
  [ENV.sesEndpoint]: optionalUrl,
  [ENV.s3Endpoint]: optionalUrl,
  [ENV.schedulerEndpoint]: optionalUrl,
  [ENV.userPoolId]: z.optional(nonEmpty()),
  [ENV.cognitoEndpoint]: optionalUrl,
  [ENV.secretsEndpoint]: optionalUrl,
  [ENV.sessionToken]: z.optional(z.string()),
});

export interface Config {
  tableName: string;
  bucketName: string;
  scheduler: { groupName: string; targetArn: string; roleArn: string; deadLetterArn: string };
  configurationSet: string;
  mail: Readonly<MailConfig>;
  endpoints: { dynamo?: string; ses?: string; s3?: string; scheduler?: string; secrets?: string };
  /** The secret holding the unsubscribe key ring, and the session token its extension asks for. */
  unsubscribeKeys: { secretId: string; sessionToken?: string };
  /** The jobs function's name (the API function's config only). */
  jobsFunction?: string;
  /** The coaches' user pool and, locally, cognito-local's endpoint (the API function's config only). */
  coachLogins?: { userPoolId: string; endpoint?: string };
  /** The inbound function's name (the API function's config only: attaching an unmatched reply). */
  inboundFunction?: string;
}

/**
 * Parses the environment once, failing fast with every missing or malformed variable named (a
 * malformed mail setting throws the ValidationError of parseMailConfig, naming `mail.<field>`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    tableName: e[ENV.tableName],
    bucketName: e[ENV.bucketName],
    scheduler: {
      groupName: e[ENV.scheduleGroup],
      targetArn: e[ENV.dispatchArn],
      roleArn: e[ENV.schedulerRoleArn],
      deadLetterArn: e[ENV.deadLetterArn],
    },
    configurationSet: e[ENV.configurationSet],
    ...(e[ENV.jobsFunction] !== undefined ? { jobsFunction: e[ENV.jobsFunction] } : {}),
    ...(e[ENV.userPoolId] !== undefined
      ? { coachLogins: { userPoolId: e[ENV.userPoolId] as string, endpoint: e[ENV.cognitoEndpoint] } }
      : {}),
    ...(e[ENV.inboundFunction] !== undefined ? { inboundFunction: e[ENV.inboundFunction] } : {}),
    mail: parseMailConfig({
      consultancyName: e[ENV.consultancyName],
      brandColor: e[ENV.brandColor],
      logoUrl: e[ENV.logoUrl],
      postalAddress: e[ENV.postalAddress],
      senderDomain: e[ENV.senderDomain],
      inboundDomain: e[ENV.inboundDomain],
      unsubscribeBaseUrl: e[ENV.unsubscribeBaseUrl],
      ...(e[ENV.consultancyCountry] !== undefined ? { consultancyCountry: e[ENV.consultancyCountry] } : {}),
      ...(e[ENV.resumeBaseUrl] !== undefined ? { resumeBaseUrl: e[ENV.resumeBaseUrl] } : {}),
      ...(e[ENV.resumeLinkDays] !== undefined ? { resumeLinkDays: Number(e[ENV.resumeLinkDays]) } : {}),
    }),
    unsubscribeKeys: {
      secretId: e[ENV.unsubscribeKeysSecret],
      ...(e[ENV.sessionToken] ? { sessionToken: e[ENV.sessionToken] } : {}),
    },
    endpoints: {
      dynamo: e[ENV.dynamoEndpoint],
      ses: e[ENV.sesEndpoint],
      s3: e[ENV.s3Endpoint],
      scheduler: e[ENV.schedulerEndpoint],
      secrets: e[ENV.secretsEndpoint],
    },
  });
}
