/**
 * The deployed dashboard: a private bucket read by CloudFront through OAC, the built files and a
 * generated config.json (hosted sign-in) under app/, `/` → `/app/`, and cdk-nag clean with every
 * acknowledgement in use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DashboardSite,
  dashboardSiteAcknowledgements,
  INDEX_REWRITE,
} from '../../../infra/constructs/dashboard-site.ts';
import { buildWebSync } from '../../../web/build.ts';

interface Report {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: { acknowledgedId: string }[];
  }[];
}

describe('the dashboard site (S3 + CloudFront)', () => {
  let dir: string;
  let template: Template;
  let report: Report['pluginReports'][number] | undefined;
  let acknowledged: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-site-'));
    const dist = join(dir, 'dist');
    buildWebSync(dist);
    const app = new App({ outdir: join(dir, 'cdk.out') });
    const stack = new Stack(app, 'Site');
    const site = new DashboardSite(stack, 'Dashboard', { webDist: dist });
    site.publish({
      apiUrl: 'https://jwt.execute-api.eu-west-1.amazonaws.com',
      cognitoDomain: 'https://northwind.auth.eu-west-1.amazoncognito.com',
      userPoolClientId: 'client123',
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const acks = dashboardSiteAcknowledgements(site);
    for (const a of acks) Validations.of(a.scope).acknowledge({ id: a.id, reason: a.reason });
    acknowledged = acks.map((a) => a.id);
    const assembly = app.synth();
    template = Template.fromJSON(assembly.getStackByName('Site').template);
    report = (
      JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as Report
    ).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the files in a private bucket, TLS only, read by CloudFront through an origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it('uploads the build and a config.json under app/, invalidating /app/*', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'app/',
      DistributionPaths: ['/app/*'],
      Prune: true,
      SourceObjectKeys: Match.arrayWith([Match.stringLikeRegexp('\\.zip$')]),
    });
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as {
      Properties: { SourceObjectKeys: unknown[]; SourceMarkers?: unknown[] };
    };
    // The built files and the generated config.json (its redirect URI the distribution's domain).
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain('DomainName');
  });

  it('sends / and /app to /app/, and a folder to its index.html', () => {
    const handler = new Function(`${INDEX_REWRITE}; return handler;`)() as (e: unknown) => {
      uri?: string;
      statusCode?: number;
      headers?: { location: { value: string } };
    };
    expect(handler({ request: { uri: '/' } })).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/app/' } },
    });
    expect(handler({ request: { uri: '/app' } })).toMatchObject({ statusCode: 302 });
    expect(handler({ request: { uri: '/app/' } })).toEqual({ uri: '/app/index.html' });
    expect(handler({ request: { uri: '/app/app.js' } })).toEqual({ uri: '/app/app.js' });
  });

  it('passes cdk-nag: no finding left, every acknowledgement used', () => {
    expect(report?.violations).toEqual([]);
    expect(report?.conclusion).toBe('success');
    const used = report?.suppressedViolations?.map((s) => s.acknowledgedId) ?? [];
    expect([...new Set(used)].sort()).toEqual([...acknowledged].sort());
  });
});
