/**
 * What the inbound function may invoke for the optional model reader (`modelReader` setting), as
 * Bedrock authorises it:
 * - a foundation model id (`amazon.nova-micro-v1:0`): `bedrock:InvokeModel` on that model in the
 *   stack's Region;
 * - a cross-Region (system-defined) inference profile id (`us.amazon.nova-micro-v1:0`,
 *   `eu.anthropic.claude-3-haiku-20240307-v1:0`, `global.…`): Bedrock checks the call TWICE — on the
 *   profile in the source Region, and on the foundation model in whichever destination Region the
 *   profile routes it to. Without the first, or with the model granted in the source Region only,
 *   AWS refuses the call (AccessDeniedException) — the rules reading then stands on every reply.
 *   The model is granted in every Region (`bedrock:*`: AWS picks, and adds, the destinations), and
 *   only through this profile (`bedrock:InferenceProfileArn`); a global profile also names the
 *   Region-less model ARN.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import type { Settings } from '../settings.ts';
import { grant } from './stateless-wiring.ts';

/** The prefixes of Bedrock's cross-Region inference profiles: `<geo>.<foundation model id>`. */
export const INFERENCE_PROFILE_GEOS: readonly string[] = [
  'us',
  'us-gov',
  'eu',
  'apac',
  'ca',
  'jp',
  'au',
  'global',
];

/** The profile's geography and its foundation model, or undefined for a foundation model id. */
export function inferenceProfileOf(modelId: string): { geo: string; foundationModel: string } | undefined {
  const dot = modelId.indexOf('.');
  const geo = modelId.slice(0, dot);
  return dot > 0 && INFERENCE_PROFILE_GEOS.includes(geo)
    ? { geo, foundationModel: modelId.slice(dot + 1) }
    : undefined;
}

export interface ModelReaderGrant {
  statements: iam.PolicyStatement[];
  /** The resources with a wildcard, as cdk-nag names them (each acknowledged). */
  wildcardResources: string[];
}

export function modelReaderGrant(stack: Stack, modelId: string): ModelReaderGrant {
  const foundationModelArn = (region: string, model: string) =>
    `arn:${Aws.PARTITION}:bedrock:${region}::foundation-model/${model}`;
  const profile = inferenceProfileOf(modelId);
  if (!profile) {
    return {
      statements: [
        new iam.PolicyStatement({
          sid: 'ModelReader',
          actions: ['bedrock:InvokeModel'],
          resources: [
            stack.formatArn({
              service: 'bedrock',
              account: '',
              resource: 'foundation-model',
              resourceName: modelId,
            }),
          ],
        }),
      ],
      wildcardResources: [],
    };
  }
  const profileArn = stack.formatArn({
    service: 'bedrock',
    resource: 'inference-profile',
    resourceName: modelId,
  });
  const model = profile.foundationModel;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'ModelReader',
        actions: ['bedrock:InvokeModel'],
        resources: [profileArn],
      }),
      new iam.PolicyStatement({
        sid: 'ModelReaderProfileModel',
        actions: ['bedrock:InvokeModel'],
        resources: [
          foundationModelArn('*', model),
          ...(profile.geo === 'global' ? [foundationModelArn('', model)] : []),
        ],
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
      }),
    ],
    wildcardResources: [`arn:<AWS::Partition>:bedrock:*::foundation-model/${model}`],
  };
}

/** The model reader's environment of a function that reads replies: the model id, when one is set. */
export function modelReaderEnvironment(settings: Pick<Settings, 'modelReader'>): Record<string, string> {
  return settings.modelReader ? { [OPTIONAL_ENV.modelReaderId]: settings.modelReader } : {};
}

/**
 * Grants `fn` the model reader when the `modelReader` setting names one (nothing otherwise); answers
 * the wildcard resources granted, for cdk-nag's acknowledgements.
 */
export function grantModelReader(fn: lambda.IFunction, settings: Pick<Settings, 'modelReader'>): string[] {
  if (!settings.modelReader) return [];
  const model = modelReaderGrant(Stack.of(fn), settings.modelReader);
  grant(fn, model.statements);
  return model.wildcardResources;
}
