import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { startS3Local } from '#local/s3-local.ts';
import { startSesLocal } from '#local/ses-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
    s3Endpoint: string;
  }
}

/** Starts the emulators once for the integration project, each on a free loopback port. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [dynamo, ses, s3] = await Promise.all([startDynamoDbLocal(), startSesLocal(), startS3Local()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
  };
}
