/**
 * Issue 9 item 6, deployed: the HTTP API in front of the API and preview functions. Every route
 * needs IAM (SigV4); the API function may invoke the jobs function and no other; the public
 * unsubscribe stays out of the API (its own Function URL, no auth); the stack outputs the API URL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#shared/env-names.ts';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import {
  actionsOf,
  logicalIdOf,
  propertiesOf,
  resourcesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
} from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

type Json = Record<string, unknown>;
const template = () => synth.stateless.template;
const resources = (type: string) =>
  Object.entries(template().findResources(type)) as [string, { Properties: Json }][];
const idOf = (construct: Parameters<typeof logicalIdOf>[1]) => logicalIdOf(synth.stateless.stack, construct);

/** The function an integration (by logical id) calls: the logical id inside its IntegrationUri. */
function integratedFunction(integrationId: string): string {
  const uri = propertiesOf(template(), integrationId).IntegrationUri as { 'Fn::GetAtt': [string, string] };
  return uri['Fn::GetAtt'][0];
}

/** Every route of one API (the IAM one by default) as `routeKey → { auth, function }`. */
function routes(
  apiId = idOf(synth.stateless.stack.httpApi.httpApi),
): Record<string, { auth: unknown; fn: string; authorizer?: unknown }> {
  return Object.fromEntries(
    resources('AWS::ApiGatewayV2::Route')
      .filter(([, { Properties: p }]) => (p.ApiId as { Ref?: string }).Ref === apiId)
      .map(([, { Properties: p }]) => {
        const target = p.Target as { 'Fn::Join': [string, unknown[]] };
        const integration = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
        return [
          p.RouteKey as string,
          {
            auth: p.AuthorizationType,
            fn: integratedFunction(integration),
            ...(p.AuthorizerId ? { authorizer: p.AuthorizerId } : {}),
          },
        ];
      }),
  );
}

describe('HTTP API', () => {
  it('routes every request to the API function, the preview and classify routes to their functions, all with IAM', () => {
    const api = idOf(synth.stateless.stack.api.function);
    const preview = idOf(synth.stateless.stack.preview.function);
    const classify = idOf(synth.stateless.stack.classify.function);
    expect(routes()).toEqual({
      $default: { auth: 'AWS_IAM', fn: api },
      'GET /contacts/{contactId}/preview/{step}': { auth: 'AWS_IAM', fn: preview },
      'GET /campaigns/{campaignId}/outreach-check': { auth: 'AWS_IAM', fn: preview },
      'POST /replies/classify': { auth: 'AWS_IAM', fn: classify },
    });
    // Payload v2, a Lambda proxy, for every integration.
    for (const [, { Properties: p }] of resources('AWS::ApiGatewayV2::Integration')) {
      expect(p).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
    expect(propertiesOf(template(), idOf(synth.stateless.stack.httpApi.httpApi))).toMatchObject({
      ProtocolType: 'HTTP',
    });
  });

  it('logs every request to its own log group and throttles the stage', () => {
    const apiId = idOf(synth.stateless.stack.httpApi.httpApi);
    const stage = (resources('AWS::ApiGatewayV2::Stage').find(
      ([, { Properties: p }]) => (p.ApiId as { Ref?: string }).Ref === apiId,
    )?.[1].Properties ?? {}) as Json;
    const logs = idOf(synth.stateless.stack.httpApi.accessLogs);
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logs, 'Arn'] } },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse((stage.AccessLogSettings as { Format: string }).Format) as Json;
    expect(format).toMatchObject({ requestId: '$context.requestId', caller: '$context.identity.userArn' });
  });

  it('outputs the API URL', () => {
    const outputs = template().toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(idOf(synth.stateless.stack.httpApi.httpApi));
  });

  it('keeps the public unsubscribe out of it: its own Function URL, no auth, no route', () => {
    const unsubscribe = idOf(synth.stateless.stack.unsubscribe.function);
    // The public Function URLs (the unsubscribe page and the resume links): none behind the API.
    const urls = resources('AWS::Lambda::Url').map(([, u]) => u.Properties);
    expect(urls).toContainEqual(
      expect.objectContaining({
        AuthType: 'NONE',
        TargetFunctionArn: { 'Fn::GetAtt': [unsubscribe, 'Arn'] },
      }),
    );
    expect(Object.values(routes()).map((r) => r.fn)).not.toContain(unsubscribe);
  });
});

describe('coach logins: the user pool and the JWT API', () => {
  it('puts a second API with the JWT authorizer (issuer = the pool, audience = its clients) in front of the same functions', () => {
    const stack = synth.stateless.stack;
    const jwtApi = idOf(stack.coachLogins.jwtApi.httpApi);
    const authorizer = resources('AWS::ApiGatewayV2::Authorizer').find(
      ([, { Properties: p }]) => (p.ApiId as { Ref?: string }).Ref === jwtApi,
    );
    expect(authorizer).toBeDefined();
    const [authorizerId, { Properties: a }] = authorizer as [string, { Properties: Json }];
    const pool = idOf(stack.coachLogins.userPool);
    expect(a).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(JSON.stringify((a.JwtConfiguration as Json).Issuer)).toContain(pool);
    expect((a.JwtConfiguration as Json).Audience).toEqual([
      { Ref: idOf(stack.coachLogins.dashboardClient) },
      { Ref: idOf(stack.coachLogins.cliClient) },
    ]);
    const jwt = { auth: 'JWT', authorizer: { Ref: authorizerId } };
    expect(routes(jwtApi)).toEqual({
      $default: { ...jwt, fn: idOf(stack.api.function) },
      'GET /contacts/{contactId}/preview/{step}': { ...jwt, fn: idOf(stack.preview.function) },
      'GET /campaigns/{campaignId}/outreach-check': { ...jwt, fn: idOf(stack.preview.function) },
      'POST /replies/classify': { ...jwt, fn: idOf(stack.classify.function) },
      'GET /openapi.json': { auth: 'NONE', fn: idOf(stack.api.function) },
    });
    const outputs = template().toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.CoachApiUrl?.Value)).toContain(jwtApi);
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'CoachApiUrl',
        'UserPoolId',
        'HostedUiDomain',
        'DashboardClientId',
        'CliClientId',
      ]),
    );
  });

  it('invites only: no self sign-up, email sign-in, groups admin and coach; the dashboard client takes the code flow, the CLI client passwords', () => {
    const stack = synth.stateless.stack;
    const pool = propertiesOf(template(), idOf(stack.coachLogins.userPool));
    expect(pool).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
    });
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, { Properties: p }]) => p.GroupName);
    expect(groups.sort()).toEqual(['admin', 'coach']);
    const dashboard = propertiesOf(template(), idOf(stack.coachLogins.dashboardClient));
    expect(dashboard).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
    });
    // The sign-in calls back to the deployed dashboard: its CloudFront distribution's /app/.
    expect(dashboard.CallbackURLs).toEqual([
      {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [idOf(stack.dashboard.distribution), 'DomainName'] }, '/app/'],
        ],
      },
    ]);
    // …which the API for people answers CORS for.
    const coachApi = propertiesOf(template(), idOf(stack.coachLogins.jwtApi.httpApi));
    expect(JSON.stringify(coachApi.CorsConfiguration)).toContain(idOf(stack.dashboard.distribution));
    expect(dashboard.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    const cli = propertiesOf(template(), idOf(stack.coachLogins.cliClient));
    expect(cli.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );
    expect(cli.AllowedOAuthFlows).toBeUndefined();
  });

  it('lets the API function invite and list coaches in that pool only, and names the pool in its environment', () => {
    const stack = synth.stateless.stack;
    const cognito = statementsOfRole(template(), idOf(stack.api.role)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toEqual([
      expect.objectContaining({
        Action: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:ListUsersInGroup',
        ],
        Resource: { 'Fn::GetAtt': [idOf(stack.coachLogins.userPool), 'Arn'] },
      }),
    ]);
    const env = (propertiesOf(template(), idOf(stack.api.function)).Environment as { Variables: Json })
      .Variables;
    expect(env[ENV.userPoolId]).toEqual({ Ref: idOf(stack.coachLogins.userPool) });
  });
});

describe('API function', () => {
  const apiRole = () => idOf(synth.stateless.stack.api.role);
  const jobsFunction = () => idOf(synth.stateless.stack.jobs.function);

  it("may invoke the jobs, inbound (attaching a reply) and preview (a launch's outreach check) functions, which its environment names, and no other", () => {
    const lambdaStatements = statementsOfRole(template(), apiRole()).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('lambda:')),
    );
    expect(lambdaStatements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [jobsFunction(), 'Arn'] },
      }),
      // The review queue: an unmatched reply attached to a contact is processed by the inbound function.
      expect.objectContaining({
        Sid: 'AttachReplies',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [idOf(synth.stateless.stack.inbound.function), 'Arn'] },
      }),
      // A launch's outreach check: the preview function renders every prospect's outreach.
      expect.objectContaining({
        Sid: 'CheckLaunches',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [idOf(synth.stateless.stack.preview.function), 'Arn'] },
      }),
    ]);
    const env = (
      propertiesOf(template(), idOf(synth.stateless.stack.api.function)).Environment as {
        Variables: Json;
      }
    ).Variables;
    expect(env[ENV.jobsFunction]).toEqual({ Ref: jobsFunction() });
    expect(env[ENV.inboundFunction]).toEqual({ Ref: idOf(synth.stateless.stack.inbound.function) });
    expect(env[OPTIONAL_ENV.previewFunction]).toEqual({ Ref: idOf(synth.stateless.stack.preview.function) });
  });

  it('reaches the bucket under the upload prefixes (and, to erase, the stored mail) only; only ListSchedules allows every resource', () => {
    const statements = statementsOfRole(template(), apiRole());
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const uploads = s3.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(uploads).toHaveLength(1);
    expect(actionsOf(uploads[0] as Json).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    const keys = resourcesOf(uploads[0] as Json).map((r) => JSON.stringify(r));
    expect(keys).toHaveLength(Object.keys(UPLOAD_PREFIXES).length);
    for (const prefix of Object.values(UPLOAD_PREFIXES)) {
      expect(keys.some((k) => k.includes(`/${prefix}*`))).toBe(true);
    }
    // Erasure: versions listed under the mail prefixes, each version deleted there; nothing else.
    const erase = s3.filter((s) => !actionsOf(s).includes('s3:PutObject'));
    expect(erase.map((s) => actionsOf(s).sort())).toEqual([
      ['s3:ListBucketVersions'],
      ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      // The review queue's export reads the raw mail of corrected replies.
      ['s3:GetObject'],
    ]);
    expect(resourcesOf(erase[2] as Json).map((r) => JSON.stringify(r))).toEqual([
      expect.stringContaining('/inbound/*'),
    ]);
    const mailKeys = resourcesOf(erase[1] as Json).map((r) => JSON.stringify(r));
    expect(mailKeys.every((k) => k.includes('/inbound/*') || k.includes('/quarantine/*'))).toBe(true);
    const everything = statements.filter((s) => resourcesOf(s).includes('*'));
    expect(everything.map((s) => actionsOf(s))).toEqual([['scheduler:ListSchedules']]);
  });
});
