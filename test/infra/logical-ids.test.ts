/**
 * The deployed identity of every resource: its logical ID (a changed one makes CloudFormation create a
 * new resource and delete the old — a new table, a new schedule group), its type, and its physical
 * name (the schedule group's name is also what the scheduler role's `aws:SourceArn` condition and every
 * waiting schedule point at). Written out by hand, not a regenerated snapshot: renaming, moving or
 * adding anything fails here until this list is changed on purpose — and a changed entry is a
 * migration to plan, not a line to update.
 *
 * `name` is the physical name the template sets; no `name` means the template sets none and
 * CloudFormation generates it (or the type has no name). Outputs list their export: the stateless
 * stack imports the stateful one's by these names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesizedApp } from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

/** Where each resource type keeps its physical name (`null`: the type has none). */
const NAME_PROPERTY: Record<string, string[] | null> = {
  'AWS::ApiGatewayV2::Api': ['Name'],
  'AWS::ApiGatewayV2::Integration': null,
  'AWS::ApiGatewayV2::Route': null,
  'AWS::ApiGatewayV2::Stage': ['StageName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::CloudFront::Distribution': null,
  'AWS::CloudFront::Function': ['Name'],
  'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig', 'Name'],
  'AWS::Lambda::LayerVersion': ['LayerName'],
  'Custom::CDKBucketDeployment': null,
  'AWS::Cognito::UserPool': ['UserPoolName'],
  'AWS::Cognito::UserPoolClient': ['ClientName'],
  'AWS::Cognito::UserPoolDomain': ['Domain'],
  'AWS::Cognito::UserPoolGroup': ['GroupName'],
  'AWS::ApiGatewayV2::Authorizer': ['Name'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::Events::Rule': ['Name'],
  'AWS::IAM::Policy': ['PolicyName'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::Lambda::Permission': null,
  'AWS::Lambda::Url': null,
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::Logs::MetricFilter': ['FilterName'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::S3::BucketPolicy': null,
  'AWS::SES::ConfigurationSet': ['Name'],
  'AWS::SES::ConfigurationSetEventDestination': ['EventDestination', 'Name'],
  'AWS::SES::EmailIdentity': ['EmailIdentity'],
  'AWS::SES::ReceiptRule': ['Rule', 'Name'],
  'AWS::SES::ReceiptRuleSet': ['RuleSetName'],
  'AWS::SNS::Subscription': null,
  'AWS::SNS::Topic': ['TopicName'],
  'AWS::SNS::TopicPolicy': null,
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::SQS::QueuePolicy': null,
  'AWS::Scheduler::ScheduleGroup': ['Name'],
  'AWS::SecretsManager::Secret': ['Name'],
};

const EXPECTED = {
  RapportStateful: {
    resources: {
      RapportTableD292694C: { type: 'AWS::DynamoDB::Table' },
      MailBucketFABEC941: { type: 'AWS::S3::Bucket' },
      MailBucketPolicy590BB94B: { type: 'AWS::S3::BucketPolicy' },
      ConfigurationSet3DD38186: { type: 'AWS::SES::ConfigurationSet' },
      ConfigurationSetToEventBridge70391941: { type: 'AWS::SES::ConfigurationSetEventDestination' },
      SenderIdentity5AECAF6F: { type: 'AWS::SES::EmailIdentity', name: 'mail.example-consultancy.com' },
      InboundIdentityDB66772D: { type: 'AWS::SES::EmailIdentity', name: 'reply.example-consultancy.com' },
    },
    outputs: {
      SenderDkimRecord1: {},
      SenderDkimRecord2: {},
      SenderDkimRecord3: {},
      MailFromMxRecord: {},
      MailFromSpfRecord: {},
      DmarcRecord: {},
      InboundDkimRecord1: {},
      InboundDkimRecord2: {},
      InboundDkimRecord3: {},
      ExportsOutputFnGetAttRapportTableD292694CArn06C53211: {
        export: 'RapportStateful:ExportsOutputFnGetAttRapportTableD292694CArn06C53211',
      },
      ExportsOutputRefRapportTableD292694C41D52843: {
        export: 'RapportStateful:ExportsOutputRefRapportTableD292694C41D52843',
      },
      ExportsOutputRefMailBucketFABEC941635F74D2: {
        export: 'RapportStateful:ExportsOutputRefMailBucketFABEC941635F74D2',
      },
      ExportsOutputRefConfigurationSet3DD381867BBB7945: {
        export: 'RapportStateful:ExportsOutputRefConfigurationSet3DD381867BBB7945',
      },
      ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6: {
        export: 'RapportStateful:ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6',
      },
      ExportsOutputRefSenderIdentity5AECAF6F2FB26831: {
        export: 'RapportStateful:ExportsOutputRefSenderIdentity5AECAF6F2FB26831',
      },
    },
    parameters: ['BootstrapVersion'],
  },
  RapportStateless: {
    resources: {
      // The dashboard (issue 11): S3 + CloudFront, its files uploaded by CDK's BucketDeployment.
      DashboardFilesFF9B60FA: { type: 'AWS::S3::Bucket' },
      DashboardFilesPolicyBF38C064: { type: 'AWS::S3::BucketPolicy' },
      DashboardCdn39D764F3: { type: 'AWS::CloudFront::Distribution' },
      DashboardCdnOrigin1S3OriginAccessControlFB593E0A: {
        type: 'AWS::CloudFront::OriginAccessControl',
        name: 'RapportStatelessDashboardCdnOrigin1S3OriginAccessControl9F44A3FD',
      },
      DashboardIndexRewrite1120917B: {
        type: 'AWS::CloudFront::Function',
        name: { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, 'RapportStatelessoardIndexRewriteC027293E']] },
      },
      DashboardDeployAwsCliLayerA77CBBCD: { type: 'AWS::Lambda::LayerVersion' },
      DashboardDeployCustomResource256MiB4F36FE8D: { type: 'Custom::CDKBucketDeployment' },
      CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB5F7BD223: {
        type: 'AWS::Lambda::Function',
      },
      CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiBServiceRoleF991ED9F: {
        type: 'AWS::IAM::Role',
      },
      CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiBServiceRoleDefaultPolicyE5468F0E: {
        type: 'AWS::IAM::Policy',
        name: 'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiBServiceRoleDefaultPolicyE5468F0E',
      },
      // The unsubscribe key ring (retained: its keys sign every link sent).
      UnsubscribeKeys475927FD: { type: 'AWS::SecretsManager::Secret' },
      ScheduleGroup4D377372: {
        type: 'AWS::Scheduler::ScheduleGroup',
        name: 'RapportStateless-ScheduleGroup-AB0538C9',
      },
      DispatchDeadLetters55D2D538: { type: 'AWS::SQS::Queue' },
      DispatchDeadLettersPolicyA0D25F7C: { type: 'AWS::SQS::QueuePolicy' },
      SchedulerRole59E73443: { type: 'AWS::IAM::Role' },
      SchedulerRoleDefaultPolicy66F774B8: {
        type: 'AWS::IAM::Policy',
        name: 'SchedulerRoleDefaultPolicy66F774B8',
      },
      UnsubscribeLogs062AC566: { type: 'AWS::Logs::LogGroup' },
      UnsubscribeRole0CCADAD8: { type: 'AWS::IAM::Role' },
      UnsubscribeRoleDefaultPolicyB9151C60: {
        type: 'AWS::IAM::Policy',
        name: 'UnsubscribeRoleDefaultPolicyB9151C60',
      },
      UnsubscribeFunction5EAE04C1: { type: 'AWS::Lambda::Function' },
      UnsubscribeFunctionFunctionUrl4F15E666: { type: 'AWS::Lambda::Url' },
      UnsubscribeFunctioninvokefunctionurlBA64BA09: { type: 'AWS::Lambda::Permission' },
      UnsubscribeFunctioninvokefunction27B9E4B6: { type: 'AWS::Lambda::Permission' },
      ResumeLogsAD381D91: { type: 'AWS::Logs::LogGroup' },
      ResumeRole3FC0CD96: { type: 'AWS::IAM::Role' },
      ResumeRoleDefaultPolicyD27C50F6: {
        type: 'AWS::IAM::Policy',
        name: 'ResumeRoleDefaultPolicyD27C50F6',
      },
      ResumeFunction2D368345: { type: 'AWS::Lambda::Function' },
      ResumeFunctionFunctionUrlBF37D2F1: { type: 'AWS::Lambda::Url' },
      ResumeFunctioninvokefunctionurlB2F28B95: { type: 'AWS::Lambda::Permission' },
      ResumeFunctioninvokefunction373F8674: { type: 'AWS::Lambda::Permission' },
      DispatchLogs05E1D4C4: { type: 'AWS::Logs::LogGroup' },
      DispatchRoleCDD03C3A: { type: 'AWS::IAM::Role' },
      DispatchRoleDefaultPolicy23EF90CD: {
        type: 'AWS::IAM::Policy',
        name: 'DispatchRoleDefaultPolicy23EF90CD',
      },
      DispatchFunctionCD7C4A01: { type: 'AWS::Lambda::Function', name: 'RapportStateless-dispatch' },
      SesEventsLogsC87499F6: { type: 'AWS::Logs::LogGroup' },
      SesEventsRole59FEAD3C: { type: 'AWS::IAM::Role' },
      SesEventsRoleDefaultPolicy109C6DDB: {
        type: 'AWS::IAM::Policy',
        name: 'SesEventsRoleDefaultPolicy109C6DDB',
      },
      SesEventsFunctionEB9BAB8F: { type: 'AWS::Lambda::Function' },
      SesEventsRule17EB9DCF: { type: 'AWS::Events::Rule' },
      SesEventsRuleAllowEventRuleRapportStatelessSesEventsFunction7504EC2E519FD424: {
        type: 'AWS::Lambda::Permission',
      },
      InboundLogs06404AD5: { type: 'AWS::Logs::LogGroup' },
      InboundRole4F2AE2F6: { type: 'AWS::IAM::Role' },
      InboundRoleDefaultPolicy2550CDAC: {
        type: 'AWS::IAM::Policy',
        name: 'InboundRoleDefaultPolicy2550CDAC',
      },
      InboundFunction337AA678: { type: 'AWS::Lambda::Function' },
      InboundFunctionAllowSes2547029C: { type: 'AWS::Lambda::Permission' },
      InboundRuleSet3F1E0E90: { type: 'AWS::SES::ReceiptRuleSet' },
      InboundRuleSetRepliesE5464113: { type: 'AWS::SES::ReceiptRule' },
      Alarms04B5A0BF: { type: 'AWS::SNS::Topic' },
      AlarmsPolicy5C860CFE: { type: 'AWS::SNS::TopicPolicy' },
      DeadLettersAlarm3F8DE0AC: { type: 'AWS::CloudWatch::Alarm' },
      DispatchErrorsAlarm66850828: { type: 'AWS::CloudWatch::Alarm' },
      SesEventsErrorsAlarm16A9DF63: { type: 'AWS::CloudWatch::Alarm' },
      InboundErrorsAlarmE1E3FE29: { type: 'AWS::CloudWatch::Alarm' },
      // The unmatched inbox: a reply matching no contact notifies the operations address.
      UnmatchedRepliesFilterCA0390A1: { type: 'AWS::Logs::MetricFilter' },
      UnmatchedRepliesAlarm04E7EB9C: { type: 'AWS::CloudWatch::Alarm' },
      JobsLogs6D40247A: { type: 'AWS::Logs::LogGroup' },
      JobsRole621A81E5: { type: 'AWS::IAM::Role' },
      JobsRoleDefaultPolicyBB6452F2: { type: 'AWS::IAM::Policy', name: 'JobsRoleDefaultPolicyBB6452F2' },
      JobsFunction0F6DA2A5: { type: 'AWS::Lambda::Function' },
      PreviewLogsB1ABB830: { type: 'AWS::Logs::LogGroup' },
      PreviewRole778C4AA8: { type: 'AWS::IAM::Role' },
      PreviewRoleDefaultPolicy9D0507CA: {
        type: 'AWS::IAM::Policy',
        name: 'PreviewRoleDefaultPolicy9D0507CA',
      },
      PreviewFunctionEF9560D9: { type: 'AWS::Lambda::Function' },
      ClassifyLogs88DC4EE9: { type: 'AWS::Logs::LogGroup' },
      ClassifyRoleFA475C24: { type: 'AWS::IAM::Role' },
      ClassifyRoleDefaultPolicyCA7165C2: {
        type: 'AWS::IAM::Policy',
        name: 'ClassifyRoleDefaultPolicyCA7165C2',
      },
      ClassifyFunctionD38D458D: { type: 'AWS::Lambda::Function' },
      ApiLogsCD139AD4: { type: 'AWS::Logs::LogGroup' },
      ApiRoleDE7A08EC: { type: 'AWS::IAM::Role' },
      ApiRoleDefaultPolicyEAA3579A: { type: 'AWS::IAM::Policy', name: 'ApiRoleDefaultPolicyEAA3579A' },
      ApiFunction6BF808ED: { type: 'AWS::Lambda::Function' },
      HttpApi9292168F: { type: 'AWS::ApiGatewayV2::Api', name: 'RapportStateless-api' },
      HttpApiDefaultRouteApi47E2DBB7: { type: 'AWS::ApiGatewayV2::Integration' },
      HttpApiDefaultRouteApiPermissionBFB30139: { type: 'AWS::Lambda::Permission' },
      HttpApiDefaultRoute429244B6: { type: 'AWS::ApiGatewayV2::Route' },
      HttpApiGETcontactscontactIdpreviewstepPreview9F74FC00: { type: 'AWS::ApiGatewayV2::Integration' },
      HttpApiGETcontactscontactIdpreviewstepPreviewPermission2E2182E1: { type: 'AWS::Lambda::Permission' },
      HttpApiGETcontactscontactIdpreviewstep347308C5: { type: 'AWS::ApiGatewayV2::Route' },
      HttpApiPOSTrepliesclassifyClassify29B1A910: { type: 'AWS::ApiGatewayV2::Integration' },
      // The launch's outreach check (issue 16 item 2): the preview function's second route.
      HttpApiGETcampaignscampaignIdoutreachcheckBCB4BBB2: { type: 'AWS::ApiGatewayV2::Route' },
      HttpApiGETcampaignscampaignIdoutreachcheckPreviewPermission528D9A3B: {
        type: 'AWS::Lambda::Permission',
      },
      HttpApiPOSTrepliesclassifyClassifyPermissionA32E4748: { type: 'AWS::Lambda::Permission' },
      HttpApiPOSTrepliesclassifyE6153A7E: { type: 'AWS::ApiGatewayV2::Route' },
      HttpApiAccessLogsDED8C7A4: { type: 'AWS::Logs::LogGroup' },
      HttpApiDefaultStage3EEB07D6: { type: 'AWS::ApiGatewayV2::Stage', name: '$default' },
      // Coach logins (issue 11): the user pool (retained), its groups, clients, hosted UI, and the JWT API.
      CoachLoginsUserPoolEEC78CE3: { type: 'AWS::Cognito::UserPool' },
      CoachLoginsGroupadminAFA6413C: { type: 'AWS::Cognito::UserPoolGroup', name: 'admin' },
      CoachLoginsGroupcoachA28534C4: { type: 'AWS::Cognito::UserPoolGroup', name: 'coach' },
      CoachLoginsUserPoolHostedUi08DBD70B: {
        type: 'AWS::Cognito::UserPoolDomain',
        name: { 'Fn::Join': ['', ['rapport-', { Ref: 'AWS::AccountId' }]] },
      },
      CoachLoginsUserPoolDashboardClientF24BCC8E: { type: 'AWS::Cognito::UserPoolClient' },
      CoachLoginsUserPoolCliClient3C7C0D24: { type: 'AWS::Cognito::UserPoolClient' },
      CoachLoginsJwtApi5D037ECD: { type: 'AWS::ApiGatewayV2::Api', name: 'RapportStateless-coach-api' },
      CoachLoginsJwtApiCoachTokens56D9151E: { type: 'AWS::ApiGatewayV2::Authorizer', name: 'CoachTokens' },
      CoachLoginsJwtApiDefaultRouteApi4A7A90FD: { type: 'AWS::ApiGatewayV2::Integration' },
      CoachLoginsJwtApiDefaultRouteApiPermission334A6342: { type: 'AWS::Lambda::Permission' },
      CoachLoginsJwtApiDefaultRouteEC01E8AB: { type: 'AWS::ApiGatewayV2::Route' },
      CoachLoginsJwtApiGETcontactscontactIdpreviewstep7807CE4F: { type: 'AWS::ApiGatewayV2::Route' },
      CoachLoginsJwtApiGETcontactscontactIdpreviewstepPreview0762EE82: {
        type: 'AWS::ApiGatewayV2::Integration',
      },
      CoachLoginsJwtApiGETcontactscontactIdpreviewstepPreviewPermissionFBC403C0: {
        type: 'AWS::Lambda::Permission',
      },
      CoachLoginsJwtApiPOSTrepliesclassifyAC1188C8: { type: 'AWS::ApiGatewayV2::Route' },
      CoachLoginsJwtApiGETcampaignscampaignIdoutreachcheck748DDFE5: { type: 'AWS::ApiGatewayV2::Route' },
      CoachLoginsJwtApiGETcampaignscampaignIdoutreachcheckPreviewPermission8321E01A: {
        type: 'AWS::Lambda::Permission',
      },
      CoachLoginsJwtApiPOSTrepliesclassifyClassify2014128F: { type: 'AWS::ApiGatewayV2::Integration' },
      CoachLoginsJwtApiPOSTrepliesclassifyClassifyPermission1DC7D008: { type: 'AWS::Lambda::Permission' },
      CoachLoginsJwtApiGETopenapijson2B81F1A0: { type: 'AWS::ApiGatewayV2::Route' },
      CoachLoginsJwtApiGETopenapijsonPublicBA7A74A8: { type: 'AWS::ApiGatewayV2::Integration' },
      CoachLoginsJwtApiGETopenapijsonPublicPermission5E08B367: { type: 'AWS::Lambda::Permission' },
      CoachLoginsJwtApiAccessLogs04B40A91: { type: 'AWS::Logs::LogGroup' },
      CoachLoginsJwtApiDefaultStage58BB9F1E: { type: 'AWS::ApiGatewayV2::Stage', name: '$default' },
      // Issue 14 (operations): the alarm e-mail (its id follows the address), SES reputation, operator alerts,
      // and for every function its errors (dispatch, ses-events, inbound had theirs), throttles and filter.
      Alarmsalarmsexampleconsultancycom17AC1432: { type: 'AWS::SNS::Subscription' },
      SesBounceRateAlarm40102DD9: { type: 'AWS::CloudWatch::Alarm' },
      SesComplaintRateAlarmB5474BD1: { type: 'AWS::CloudWatch::Alarm' },
      OperatorAlertsAlarm492D6BF6: { type: 'AWS::CloudWatch::Alarm' },
      UnsubscribeErrorsAlarm0DB814D8: { type: 'AWS::CloudWatch::Alarm' },
      UnsubscribeThrottlesAlarm0408B872: { type: 'AWS::CloudWatch::Alarm' },
      UnsubscribeOperatorAlertFilter4C5008CC: { type: 'AWS::Logs::MetricFilter' },
      DispatchThrottlesAlarm67529FF3: { type: 'AWS::CloudWatch::Alarm' },
      DispatchOperatorAlertFilter795B7B79: { type: 'AWS::Logs::MetricFilter' },
      SesEventsThrottlesAlarmBEC26B79: { type: 'AWS::CloudWatch::Alarm' },
      SesEventsOperatorAlertFilter4E9E2F89: { type: 'AWS::Logs::MetricFilter' },
      InboundThrottlesAlarmA80C41AE: { type: 'AWS::CloudWatch::Alarm' },
      InboundOperatorAlertFilter0DAAB3EB: { type: 'AWS::Logs::MetricFilter' },
      JobsErrorsAlarmE6552877: { type: 'AWS::CloudWatch::Alarm' },
      JobsThrottlesAlarm58B3DEEC: { type: 'AWS::CloudWatch::Alarm' },
      JobsOperatorAlertFilterA1C8D294: { type: 'AWS::Logs::MetricFilter' },
      PreviewErrorsAlarm1AA0EDC3: { type: 'AWS::CloudWatch::Alarm' },
      PreviewThrottlesAlarm3A15B862: { type: 'AWS::CloudWatch::Alarm' },
      ResumeErrorsAlarm1433360B: { type: 'AWS::CloudWatch::Alarm' },
      ResumeThrottlesAlarm6F52F1A8: { type: 'AWS::CloudWatch::Alarm' },
      ResumeOperatorAlertFilterA5A16D40: { type: 'AWS::Logs::MetricFilter' },
      PreviewOperatorAlertFilter04C2C841: { type: 'AWS::Logs::MetricFilter' },
      ClassifyErrorsAlarm60AA1109: { type: 'AWS::CloudWatch::Alarm' },
      ClassifyThrottlesAlarm83AD5C0A: { type: 'AWS::CloudWatch::Alarm' },
      ClassifyOperatorAlertFilterEB0BC1D2: { type: 'AWS::Logs::MetricFilter' },
      ApiErrorsAlarm77A8953B: { type: 'AWS::CloudWatch::Alarm' },
      ApiThrottlesAlarmEF45997D: { type: 'AWS::CloudWatch::Alarm' },
      ApiOperatorAlertFilter3DE592EA: { type: 'AWS::Logs::MetricFilter' },
    },
    outputs: {
      UnsubscribeUrl: {},
      ResumeUrl: {},
      InboundActivation: {},
      InboundMxRecord: {},
      ApiUrl: {},
      CoachApiUrl: {},
      DashboardDashboardUrlAD662199: {},
      UserPoolId: {},
      HostedUiDomain: {},
      DashboardClientId: {},
      CliClientId: {},
    },
    parameters: ['UnsubscribeSecret', 'BootstrapVersion'],
  },
};

interface Identity {
  type: string;
  name?: unknown;
}
type CfnTemplate = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Export?: { Name: string } }>;
  Parameters?: Record<string, unknown>;
};

function identities(template: CfnTemplate) {
  const resources = Object.fromEntries(
    Object.entries(template.Resources)
      // The CLI adds its version-reporting resource; the app synthesised here does not.
      .filter(([, { Type: type }]) => type !== 'AWS::CDK::Metadata')
      .map(([id, { Type: type, Properties }]): [string, Identity] => {
        const path = NAME_PROPERTY[type];
        if (path === undefined) throw new Error(`${id}: add where ${type} keeps its physical name`);
        const name = path?.reduce<unknown>(
          (at, key) => (at as Record<string, unknown> | undefined)?.[key],
          Properties,
        );
        return [id, name === undefined ? { type } : { type, name }];
      }),
  );
  const outputs = Object.fromEntries(
    Object.entries(template.Outputs ?? {}).map(([id, output]) => [
      id,
      output.Export ? { export: output.Export.Name } : {},
    ]),
  );
  return { resources, outputs, parameters: Object.keys(template.Parameters ?? {}) };
}

describe('deployed identities', () => {
  it('keeps every logical ID, resource type and physical name of both stacks (the committed list)', () => {
    const actual = Object.fromEntries(
      [synth.stateful.stack, synth.stateless.stack].map((stack) => [
        stack.stackName,
        identities(synth.assembly.getStackArtifact(stack.artifactId).template as CfnTemplate),
      ]),
    );
    expect(actual).toEqual(EXPECTED);
  });
});
