/**
 * Coach logins (issue 11): the Cognito user pool the coaches sign in to, and a SECOND HTTP API in
 * front of the same API, preview and classify functions whose routes take a Cognito ID token (API
 * Gateway's JWT authorizer: issuer = the pool, audience = its app clients).
 *
 * Why two APIs: an HTTP API route takes exactly one authorizer. Automation keeps signing with IAM on
 * the first API (`http-api.ts`); people (the dashboard, `rapport login`) send a JWT to this one. Both
 * reach the same functions, which read the caller from either authorizer in one place
 * (`functions/api/caller.ts`: IAM callers have admin rights, people the rights of their groups).
 *
 * The pool: no self sign-up (the consultancy's admin invites coaches: `POST /coaches`, Cognito
 * emails the temporary password), email as the username, groups `admin` and `coach`, the hosted UI
 * on a Cognito domain prefix (a setting). Two app clients, neither with a secret:
 * - the dashboard's: authorization code + PKCE at the hosted UI only, callback = the dashboard URL;
 *   a password never passes through the dashboard's pages;
 * - the CLI's: USER_PASSWORD_AUTH (+ refresh) — a terminal has no browser to redirect. Kept apart
 *   so the dashboard's client id (public, in its config.json) cannot be used to post passwords.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import { RapportHttpApi } from './http-api.ts';

export const COACH_GROUPS = ['admin', 'coach'] as const;

export interface CoachLoginsProps {
  /** The hosted UI's domain prefix: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string;
  /** The dashboard's URL (`https://<cloudfront>/app/`): the sign-in callback and sign-out URL. */
  dashboardUrl: string;
  /** The dashboard's origin, for the API's CORS (default: `dashboardUrl`'s; give it when that is a token). */
  dashboardOrigin?: string;
  /** The API function: it reads the pool (`POST /coaches`, `GET /coaches`). */
  api: lambda.Function;
  separate: Record<'preview' | 'classify', lambda.IFunction>;
}

export class CoachLogins extends Construct {
  readonly userPool: cognito.UserPool;
  readonly dashboardClient: cognito.UserPoolClient;
  readonly cliClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly jwtApi: RapportHttpApi;

  constructor(scope: Construct, id: string, props: CoachLoginsProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      userInvitation: {
        emailSubject: 'Your rapport sign-in',
        emailBody:
          'You have been invited to rapport as a coach. Sign in with {username} and the temporary password {####}; you will choose your own.',
      },
      // The coaches' accounts outlive a stack replacement.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of COACH_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description:
          group === 'admin' ? 'every client; invites coaches' : 'only the clients assigned to them',
      });
    }
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.dashboardClient = this.userPool.addClient('DashboardClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.dashboardUrl],
        logoutUrls: [props.dashboardUrl],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.cliClient = this.userPool.addClient('CliClient', {
      generateSecret: false,
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    const region = Stack.of(this).region;
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.jwtApi = new RapportHttpApi(this, 'JwtApi', {
      api: props.api,
      separate: props.separate,
      name: 'coach-api',
      description: 'rapport: the HTTP API for people (Cognito ID tokens: the dashboard, `rapport login`)',
      authorizer: new HttpJwtAuthorizer('CoachTokens', issuer, {
        jwtAudience: [this.dashboardClient.userPoolClientId, this.cliClient.userPoolClientId],
      }),
      publicRoutes: ['GET /openapi.json'],
      corsOrigins: [props.dashboardOrigin ?? new URL(props.dashboardUrl).origin],
      output: {
        id: 'CoachApiUrl',
        description: 'The rapport HTTP API for people: send a Cognito ID token (`rapport login --api <url>`)',
      },
    });

    // The API function invites and lists coaches in the pool.
    props.api.addEnvironment(ENV.userPoolId, this.userPool.userPoolId);
    props.api.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'CoachLogins',
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:ListUsersInGroup',
        ],
        resources: [this.userPool.userPoolArn],
      }),
    );

    new CfnOutput(scope, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: "The coaches' user pool",
    });
    new CfnOutput(scope, 'HostedUiDomain', {
      value: this.domain.baseUrl(),
      description: "The hosted sign-in UI (the dashboard's config.json `auth.domain`)",
    });
    new CfnOutput(scope, 'DashboardClientId', {
      value: this.dashboardClient.userPoolClientId,
      description: "The dashboard's app client (authorization code + PKCE)",
    });
    new CfnOutput(scope, 'CliClientId', {
      value: this.cliClient.userPoolClientId,
      description:
        "The CLI's app client: rapport login --cognito-endpoint https://cognito-idp.<region>.amazonaws.com/ --client-id <this>",
    });
  }
}
