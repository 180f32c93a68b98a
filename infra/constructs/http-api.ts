/**
 * The API Gateway HTTP API (payload v2) in front of the API and preview functions. Every route —
 * the catch-all `$default` to the API function, and the two preview routes to the preview function
 * — needs IAM authorization (callers sign with SigV4); the public unsubscribe is not here (it keeps
 * its own Function URL). Unknown paths reach the API function, which answers them in the API's own
 * error shape (404/405). Access logs (who called what, the status, never a body) go to a log group
 * kept 3 months; the stage is throttled.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The routes the preview function serves (its own bundle: the mail renderer and the reply reader). */
export const PREVIEW_ROUTES = [
  { method: apigwv2.HttpMethod.GET, path: '/contacts/{contactId}/preview/{step}' },
  { method: apigwv2.HttpMethod.POST, path: '/replies/classify' },
] as const;

/** Steady requests per second and burst of the stage (one consultancy's coaches and scripts). */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

export interface RapportHttpApiProps {
  api: lambda.IFunction;
  preview: lambda.IFunction;
}

export class RapportHttpApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly url: string;

  constructor(scope: Construct, id: string, props: RapportHttpApiProps) {
    super(scope, id);
    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'rapport: the HTTP API (IAM-signed requests only)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      defaultIntegration: new HttpLambdaIntegration('Api', props.api, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      // Our own stage below: the default one takes no access-log or throttling settings.
      createDefaultStage: false,
    });
    const preview = new HttpLambdaIntegration('Preview', props.preview, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const { method, path } of PREVIEW_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [method], integration: preview });
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
    new CfnOutput(scope, 'ApiUrl', {
      value: this.url,
      description: 'The rapport HTTP API (sign requests with SigV4; `rapport --api <url>`)',
    });
  }
}
