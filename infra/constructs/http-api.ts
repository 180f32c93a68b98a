/**
 * The API Gateway HTTP API (payload v2) in front of the API, preview and classify functions. Every route —
 * the catch-all `$default` to the API function, `routesOf` each of the preview and classify functions
 * — needs IAM authorization (callers sign with SigV4); the public unsubscribe is not here (it keeps
 * its own Function URL). Unknown paths reach the API function, which answers them in the API's own
 * error shape (404/405). Access logs (who called what, the status, never a body) go to a log group
 * kept 3 months; the stage is throttled.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routesOf } from './preview-function.ts';

/** Steady requests per second and burst of the stage (one consultancy's coaches and scripts). */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

export interface RapportHttpApiProps {
  api: lambda.IFunction;
  /** The functions that serve the routes the API function's bundle cannot carry (`routesOf`). */
  separate: Record<'preview' | 'classify', lambda.IFunction>;
  /**
   * Every route's authorizer. @default IAM (SigV4). The coaches' API passes the JWT authorizer
   * (`coach-logins.ts`): an HTTP API route takes one authorizer, hence two APIs.
   */
  authorizer?: apigwv2.IHttpRouteAuthorizer;
  /** The API's name suffix and description. @default `api`, IAM-signed requests only */
  name?: string;
  description?: string;
  /** The stack output of the URL. @default ApiUrl */
  output?: { id: string; description: string };
  /** Routes with no authorizer (`METHOD /path`, e.g. the OpenAPI document). */
  publicRoutes?: string[];
  /** Browser origins allowed to call it (CORS preflights answered by API Gateway, no token needed). */
  corsOrigins?: string[];
}

export class RapportHttpApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly url: string;

  constructor(scope: Construct, id: string, props: RapportHttpApiProps) {
    super(scope, id);
    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-${props.name ?? 'api'}`,
      description: props.description ?? 'rapport: the HTTP API (IAM-signed requests only)',
      defaultAuthorizer: props.authorizer ?? new HttpIamAuthorizer(),
      ...(props.corsOrigins
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [apigwv2.CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      defaultIntegration: new HttpLambdaIntegration('Api', props.api, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      // Our own stage below: the default one takes no access-log or throttling settings.
      createDefaultStage: false,
    });
    for (const [name, fn] of Object.entries(props.separate) as ['preview' | 'classify', lambda.IFunction][]) {
      const integration = new HttpLambdaIntegration(name === 'preview' ? 'Preview' : 'Classify', fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      });
      for (const key of routesOf(name)) {
        const [method, path] = key.split(' ') as [apigwv2.HttpMethod, string];
        this.httpApi.addRoutes({ path, methods: [method], integration });
      }
    }
    for (const key of props.publicRoutes ?? []) {
      const [method, path] = key.split(' ') as [apigwv2.HttpMethod, string];
      this.httpApi.addRoutes({
        path,
        methods: [method],
        integration: new HttpLambdaIntegration('Public', props.api, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        }),
        authorizer: new apigwv2.HttpNoneAuthorizer(),
      });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            caller: '$context.identity.userArn',
            sourceIp: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.url = this.stage.url;
    new CfnOutput(Stack.of(this), props.output?.id ?? 'ApiUrl', {
      value: this.url,
      description:
        props.output?.description ?? 'The rapport HTTP API (sign requests with SigV4; `rapport --api <url>`)',
    });
  }
}
