import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE, tableDefinition } from '#shared/table-definition.ts';
import { onlyResource, type SynthesizedApp, synthesizedApp } from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

describe('stateful stack: the table', () => {
  it('has exactly the key schema, index and billing of tableDefinition()', () => {
    const definition = tableDefinition('ignored');
    const { props } = onlyResource(synth.stateful.template, 'AWS::DynamoDB::Table');
    expect(props.KeySchema).toEqual(definition.KeySchema);
    expect(props.AttributeDefinitions).toEqual(expect.arrayContaining(definition.AttributeDefinitions ?? []));
    expect(props.AttributeDefinitions).toHaveLength(definition.AttributeDefinitions?.length ?? 0);
    expect(props.GlobalSecondaryIndexes).toEqual(definition.GlobalSecondaryIndexes);
    expect(props.BillingMode).toBe(definition.BillingMode);
    expect(props.TableName).toBeUndefined(); // named by CloudFormation, passed to the code by env
  });

  it('survives: point-in-time recovery, deletion protection, retained, TTL on the design attribute', () => {
    synth.stateful.template.hasResource('AWS::DynamoDB::Table', {
      // RETAIN_ON_UPDATE_OR_DELETE: a failed first create rolls back without leaving the table behind.
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    });
  });
});

describe('stateful stack: the mail bucket', () => {
  it('is private, encrypted, versioned and retained', () => {
    synth.stateful.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        // An erased contact's files must really go: old versions expire.
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]),
        },
      }),
    });
  });

  it("takes the dashboard's resume upload: a PUT to a presigned URL from a CloudFront origin, nothing else", () => {
    synth.stateful.template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['https://*.cloudfront.net'],
            AllowedMethods: ['PUT'],
            AllowedHeaders: ['content-type'],
            MaxAge: 600,
          },
        ],
      },
    });
  });

  it('refuses requests without TLS', () => {
    const { id } = onlyResource(synth.stateful.template, 'AWS::S3::Bucket');
    synth.stateful.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('stateful stack: SES', () => {
  it('publishes send, delivery, bounce, complaint and reject events to the default bus', () => {
    const { id: configurationSet } = onlyResource(synth.stateful.template, 'AWS::SES::ConfigurationSet');
    const { props } = onlyResource(synth.stateful.template, 'AWS::SES::ConfigurationSetEventDestination');
    expect(props.ConfigurationSetName).toEqual({ Ref: configurationSet });
    const destination = props.EventDestination as {
      Enabled: boolean;
      MatchingEventTypes: string[];
      EventBridgeDestination: { EventBusArn: unknown };
    };
    expect(destination.Enabled).toBe(true);
    expect([...destination.MatchingEventTypes].sort()).toEqual([
      'bounce',
      'complaint',
      'delivery',
      'reject',
      'send',
    ]);
    expect(JSON.stringify(destination.EventBridgeDestination.EventBusArn)).toMatch(/:event-bus\/default"/);
  });

  it('verifies the sender domain from the settings, with the configuration set as its default', () => {
    const { id: configurationSet } = onlyResource(synth.stateful.template, 'AWS::SES::ConfigurationSet');
    synth.stateful.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: synth.settings.senderDomain,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSet } },
    });
  });

  it('outputs the three DKIM records to publish', () => {
    const outputs = Object.keys(synth.stateful.template.findOutputs('*'));
    expect(outputs.filter((id) => id.startsWith('SenderDkimRecord')).sort()).toEqual([
      'SenderDkimRecord1',
      'SenderDkimRecord2',
      'SenderDkimRecord3',
    ]);
  });
});
