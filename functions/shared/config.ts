import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { type MailConfig, parseMailConfig } from '#mail/config.ts';
import { ENV } from './env-names.ts';

/** English default messages, as classic zod gave: zod/mini registers no locale (see domain/validation.ts). */
z.config(en());

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
  // Their formats (https URLs, domains, colour, secret length) are checked by parseMailConfig.
  [ENV.brandColor]: nonEmpty(),
  [ENV.logoUrl]: nonEmpty(),
  [ENV.postalAddress]: nonEmpty(),
  [ENV.senderDomain]: nonEmpty(),
  [ENV.inboundDomain]: nonEmpty(),
  [ENV.unsubscribeBaseUrl]: nonEmpty(),
  [ENV.unsubscribeSecret]: nonEmpty(),
  [ENV.dynamoEndpoint]: optionalUrl,
  [ENV.sesEndpoint]: optionalUrl,
  [ENV.s3Endpoint]: optionalUrl,
  [ENV.schedulerEndpoint]: optionalUrl,
});

export interface Config {
  tableName: string;
  bucketName: string;
  scheduler: { groupName: string; targetArn: string; roleArn: string; deadLetterArn: string };
  configurationSet: string;
  mail: Readonly<MailConfig>;
  endpoints: { dynamo?: string; ses?: string; s3?: string; scheduler?: string };
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
    mail: parseMailConfig({
      consultancyName: e[ENV.consultancyName],
      brandColor: e[ENV.brandColor],
      logoUrl: e[ENV.logoUrl],
      postalAddress: e[ENV.postalAddress],
      senderDomain: e[ENV.senderDomain],
      inboundDomain: e[ENV.inboundDomain],
      unsubscribeBaseUrl: e[ENV.unsubscribeBaseUrl],
      unsubscribeSecret: e[ENV.unsubscribeSecret],
    }),
    endpoints: {
      dynamo: e[ENV.dynamoEndpoint],
      ses: e[ENV.sesEndpoint],
      s3: e[ENV.s3Endpoint],
      scheduler: e[ENV.schedulerEndpoint],
    },
  });
}
