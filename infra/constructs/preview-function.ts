/**
 * The HTTP API's routes that live in their own functions (the API function's bundle cannot carry
 * their code): the preview function (`GET /contacts/{contactId}/preview/{step}`: the mail renderer;
 * it reads the contact, client and campaign, and the client's resume to attach it) and the classify
 * function (`POST /replies/classify`: the reply reader; it reads nothing). Both write nothing. The
 * HTTP API routes `routesOf(name)` to each (with the API's IAM authorizer), like the API function's.
 *
 * Each IS its RapportFunction (no extra level in the construct tree), like the other functions.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { separateOperations } from '#api/separate-routes.ts';
import { ENV } from '#shared/env-names.ts';
import { grantModelReader, modelReaderEnvironment } from './model-reader-grant.ts';
import { RapportFunction } from './rapport-function.ts';
import { grant, noLinksEnvironment, type StatelessWiring } from './stateless-wiring.ts';

/** Reading the scope of a request (contact, campaign, client): items only. */
export const PREVIEW_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/** The routes (`METHOD /pattern`, as HttpApi route keys) the function serves. */
export function routesOf(fn: 'preview' | 'classify'): string[] {
  return separateOperations()
    .filter((op) => op.fn === fn)
    .map(({ route }) => `${route.method} ${route.pattern}`);
}

export interface PreviewFunctionProps {
  wiring: StatelessWiring;
  /** Where the unsubscribe links point (the preview shows the List-Unsubscribe of the real email). */
  linkBase: string;
  /** Where the resume links of the outreach point (resume mode `link`). */
  resumeBase?: string;
}

export class PreviewFunction extends RapportFunction {
  constructor(scope: Construct, id: string, { wiring, linkBase, resumeBase }: PreviewFunctionProps) {
    super(scope, id, {
      handler: 'preview',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport preview: the exact email a contact gets for a step (HTTP API)',
      baseEnvironment: wiring.baseEnvironment,
      environment: {
        [ENV.unsubscribeBaseUrl]: linkBase,
        ...(resumeBase ? { [ENV.resumeBaseUrl]: resumeBase } : {}),
      },
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
        resources: [wiring.bucket.arnForObjects('resumes/*')],
      }),
    ]);
  }
}

export class ClassifyFunction extends RapportFunction {
  /** The model reader's wildcard resources (an inference profile's model in every Region), as cdk-nag names them. */
  readonly modelReaderWildcards: string[];

  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    super(scope, id, {
      handler: 'classify',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport classify: a raw reply read as the inbound function reads it (HTTP API)',
      baseEnvironment: wiring.baseEnvironment,
      environment: { ...noLinksEnvironment(wiring.settings), ...modelReaderEnvironment(wiring.settings) },
    });
    // It reads only the request — and asks the model reader, when one is set, as inbound does.
    this.modelReaderWildcards = grantModelReader(this.function, wiring.settings);
  }
}
