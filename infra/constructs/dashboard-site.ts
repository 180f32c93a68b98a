/**
 * The coach's dashboard deployed: web/dist (built here, while the app synthesises) in a private S3
 * bucket (public access blocked, TLS only, S3-managed encryption) read by CloudFront through an origin
 * access control, under /app/ like `npm start` serves it, with a generated /app/config.json that
 * signs in through the Cognito hosted UI (authorization code + PKCE) and calls the JWT API.
 * `/` and `/app` redirect to `/app/`; a path ending in `/` serves its index.html (a CloudFront Function).
 *
 * Two steps, so that the sign-in can name the site and the site the sign-in: the constructor makes
 * the bucket and the distribution (`url` known), `publish` uploads the files with the config, whose
 * inputs are the API the dashboard calls (its JWT-authorised URL; it must answer CORS for `url`), the
 * hosted UI's domain and the app client id (the client must list `<url>/app/` as a callback URL).
 */
import { CfnOutput, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebSync, WEB_DIST } from '../../web/build.ts';
import type { NagAcknowledgement } from '../nag-acknowledgements.ts';

export interface DashboardSiteProps {
  /** A folder that already holds the built dashboard (tests); default: build web/dist now. */
  webDist?: string;
}

export interface DashboardConfig {
  /** The HTTP API the dashboard calls with the id token (the JWT-authorised API), no trailing slash. */
  apiUrl: string;
  /** The hosted UI, e.g. https://<prefix>.auth.<region>.amazoncognito.com. */
  cognitoDomain: string;
  /** The user pool's app client (no secret; authorization code grant, PKCE). */
  userPoolClientId: string;
}

export const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/app') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/app/' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

export class DashboardSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The upload of the files and the config (`publish`). */
  deployment?: s3deploy.BucketDeployment;
  /** https://<distribution domain>: the dashboard is at `${url}/app/`. */
  readonly url: string;
  private readonly dist: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps = {}) {
    super(scope, id);
    this.dist = props.webDist ?? WEB_DIST;
    if (!props.webDist) buildWebSync(this.dist);
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The files are rebuilt from the repository at every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'rapport: the coach dashboard',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'IndexRewrite', {
              code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: 'rapport dashboard: / → /app/, a folder → its index.html',
            }),
          },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the built files and the config.json that signs in through the hosted UI (once). */
  publish(props: DashboardConfig): void {
    if (this.deployment) throw new Error('the dashboard is already published');
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'app/',
      sources: [
        s3deploy.Source.asset(this.dist),
        s3deploy.Source.jsonData('config.json', {
          apiBase: props.apiUrl,
          auth: {
            kind: 'hosted',
            domain: props.cognitoDomain,
            clientId: props.userPoolClientId,
            redirectUri: `${this.url}/app/`,
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/app/*'],
      prune: true,
      memoryLimit: 256,
    });
    this.deployment.node.addDependency(this.distribution);
    new CfnOutput(this, 'DashboardUrl', {
      value: `${this.url}/app/`,
      description: 'The coach dashboard (sign in through the Cognito hosted UI)',
    });
  }
}

const IAM5 = 'AwsSolutions::AwsSolutions-IAM5';

/** The name a value has in cdk-nag's finding ids: the literal, or `<AWS::…>` for an env-agnostic stack. */
const nagName = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);

/** The cdk-nag findings the site accepts on purpose (for nag-acknowledgements.ts's list). */
export function dashboardSiteAcknowledgements(site: DashboardSite): NagAcknowledgement[] {
  const stack = Stack.of(site);
  const role = site.deployment?.handlerRole;
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const filesArn = `<${stack.getLogicalId(site.bucket.node.defaultChild as s3.CfnBucket)}.Arn>`;
  const assets = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${nagName(stack.account, 'AccountId')}-${nagName(stack.region, 'Region')}/*`;
  const deployer =
    "CDK's BucketDeployment custom resource (runs only during a deploy): it copies the built dashboard from " +
    "the CDK assets bucket into the site's bucket and invalidates /app/*; its policy is CDK's own, ";
  return [
    {
      scope: site.bucket,
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Static, public-by-design files (the built dashboard, no data) read only by CloudFront through OAC; ' +
        'server access logs would add a second bucket for nothing to audit.',
    },
    {
      scope: site.distribution,
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason:
        'Coaches sign in from wherever they work; the data is behind Cognito and the JWT API, not the CDN.',
    },
    {
      scope: site.distribution,
      id: 'AwsSolutions::AwsSolutions-CFR2',
      reason:
        'The distribution serves static files only; every data request goes to the API (throttled, JWT-checked). ' +
        'Add a WAF web ACL if the consultancy requires one.',
    },
    {
      scope: site.distribution,
      id: 'AwsSolutions::AwsSolutions-CFR3',
      reason:
        'Static files only: who signs in and what they do is recorded by Cognito and the API access logs; ' +
        'CloudFront standard logs would need an ACL-enabled bucket.',
    },
    {
      scope: site.distribution,
      id: 'AwsSolutions::AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot set a minimum TLS version; with a custom domain and an ' +
        'ACM certificate, set minimumProtocolVersion TLSv1.2_2021.',
    },
    ...(role
      ? [
          {
            scope: role,
            id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason: `${deployer}the managed policy only lets it write its own logs.`,
          },
          ...[
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            'Action::s3:DeleteObject*',
            'Action::s3:Abort*',
            `Resource::${assets}`,
            `Resource::${filesArn}/*`,
            'Resource::*',
          ].map((what) => ({
            scope: role,
            id: `${IAM5}[${what}]`,
            reason: `${deployer}limited to the assets bucket, the site's bucket and the invalidation of its distribution.`,
          })),
        ]
      : []),
    ...(handler
      ? [
          {
            scope: handler,
            id: 'AwsSolutions::AwsSolutions-L1',
            reason: `${deployer}its runtime is chosen by aws-cdk-lib and moves with it.`,
          },
        ]
      : []),
  ];
}
