/**
 * Environment variable names the functions read. The CDK stack imports these same constants, so
 * infrastructure and runtime cannot drift apart.
 */
export const ENV = {
  tableName: 'RAPPORT_TABLE_NAME',
  bucketName: 'RAPPORT_BUCKET_NAME',
  scheduleGroup: 'RAPPORT_SCHEDULE_GROUP',
  dispatchArn: 'RAPPORT_DISPATCH_ARN',
  schedulerRoleArn: 'RAPPORT_SCHEDULER_ROLE_ARN',
  deadLetterArn: 'RAPPORT_DEAD_LETTER_ARN',
  configurationSet: 'RAPPORT_SES_CONFIGURATION_SET',
  consultancyName: 'RAPPORT_CONSULTANCY_NAME',
  brandColor: 'RAPPORT_BRAND_COLOR',
  logoUrl: 'RAPPORT_LOGO_URL',
  postalAddress: 'RAPPORT_POSTAL_ADDRESS',
  senderDomain: 'RAPPORT_SENDER_DOMAIN',
  inboundDomain: 'RAPPORT_INBOUND_DOMAIN',
  unsubscribeBaseUrl: 'RAPPORT_UNSUBSCRIBE_BASE_URL',
  /** The ARN of the Secrets Manager secret holding the unsubscribe key ring (`mail/key-ring.ts`). */
  unsubscribeKeysSecret: 'RAPPORT_UNSUBSCRIBE_KEYS_SECRET',
  /** ISO country code whose law decides whether emails to contacts show the postal address (unset: shown). */
  consultancyCountry: 'RAPPORT_CONSULTANCY_COUNTRY',
  /** HTTPS endpoint of the public resume function (unset: `/resume` on the unsubscribe origin). */
  resumeBaseUrl: 'RAPPORT_RESUME_BASE_URL',
  /** Days a resume link stays valid (default 60). */
  resumeLinkDays: 'RAPPORT_RESUME_LINK_DAYS',
  /** The API function: the name of the jobs function it invokes asynchronously (import, launch). */
  jobsFunction: 'RAPPORT_JOBS_FUNCTION',
  /** The API function: the coaches' Cognito user pool (`POST /coaches` invites into it). */
  userPoolId: 'RAPPORT_USER_POOL_ID',
  /** The API function: the inbound function it runs on an unmatched message attached to a contact. */
  inboundFunction: 'RAPPORT_INBOUND_FUNCTION',
  /** Local stack only: emulator endpoints. Unset in AWS. */
  dynamoEndpoint: 'RAPPORT_DYNAMODB_ENDPOINT',
  sesEndpoint: 'RAPPORT_SES_ENDPOINT',
  s3Endpoint: 'RAPPORT_S3_ENDPOINT',
  schedulerEndpoint: 'RAPPORT_SCHEDULER_ENDPOINT',
  cognitoEndpoint: 'RAPPORT_COGNITO_ENDPOINT',
  /** The Parameters and Secrets extension's endpoint; in AWS the extension's own (localhost:2773). */
  secretsEndpoint: 'RAPPORT_SECRETS_ENDPOINT',
  /** Set by Lambda: the extension requires it on every request. */
  sessionToken: 'AWS_SESSION_TOKEN',
} as const;
