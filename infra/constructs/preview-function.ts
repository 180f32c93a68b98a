/**
 * PLACEHOLDER — replaced at merge by the preview branch's construct. The preview function builds the
 * exact email a contact will get for a step (the mail renderer, too big for the API's bundle) and
 * reads replies (`POST /replies/classify`); the HTTP API (`http-api.ts`) routes those two paths to
 * it. The shape the API wiring needs: a RapportFunction built from the wiring, with `.function`.
 *
 * Its grants: reading the table and the resumes; it writes and sends nothing.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { RapportFunction } from './rapport-function.ts';
import { grant, type StatelessWiring } from './stateless-wiring.ts';

/** A preview reads the contact, its campaign, client and plan: reads only. */
export const PREVIEW_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

export interface PreviewFunctionProps {
  wiring: StatelessWiring;
  /** Where the unsubscribe links of the previewed emails point (as dispatch's). */
  linkBase: string;
}

export class PreviewFunction extends RapportFunction {
  constructor(scope: Construct, id: string, { wiring, linkBase }: PreviewFunctionProps) {
    super(scope, id, {
      handler: 'preview',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport preview: the exact email a contact gets for a step, and reply reading',
      baseEnvironment: wiring.baseEnvironment,
      environment: { [ENV.unsubscribeBaseUrl]: linkBase },
    });
    grant(this.function, [
      new iam.PolicyStatement({
        sid: 'ReadStore',
        actions: PREVIEW_TABLE_ACTIONS,
        resources: [wiring.table.tableArn, ...wiring.tableIndexArns],
      }),
      new iam.PolicyStatement({
        sid: 'ReadResumes',
        actions: ['s3:GetObject'],
        resources: [wiring.bucket.arnForObjects(`${UPLOAD_PREFIXES.resumes}*`)],
      }),
    ]);
  }
}
