/**
 * Where uploads land in the mail bucket: the API presigns PUTs under these prefixes (a client's
 * resume, a large import file), and the CDK stack grants each function exactly these prefixes —
 * the same constants, so keys and grants cannot drift apart.
 */
export const UPLOAD_PREFIXES = {
  /** `resumes/<clientId>/<uuid>.pdf`: presigned by the API, read by dispatch and preview. */
  resumes: 'resumes/',
  /** `imports/<campaignId>/<uuid>.csv`: presigned by the API, read by the import job. */
  imports: 'imports/',
} as const;
