/**
 * The public resume function (resume mode `link`): a Function URL without auth — the signed,
 * expiring token in the link is the authorisation. It reads the resume PDFs and nothing else (no
 * table, no schedules). The emails link to it (`RAPPORT_RESUME_BASE_URL` of the dispatch and
 * preview functions) unless a custom domain is configured (the `resumeBaseUrl` setting).
 *
 * Like every function construct of the stateless stack it IS the RapportFunction; its output
 * (ResumeUrl) is created in the parent scope.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { RapportFunction } from './rapport-function.ts';
import { grant, noLinksEnvironment, type StatelessWiring } from './stateless-wiring.ts';

export class ResumeFunction extends RapportFunction {
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    super(scope, id, {
      handler: 'resume',
      bundlesDir: wiring.bundlesDir,
      description: "rapport resume: serves a client's resume PDF to a signed, expiring link",
      baseEnvironment: wiring.baseEnvironment,
      environment: noLinksEnvironment(wiring.settings),
    });
    this.url = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    new CfnOutput(scope, 'ResumeUrl', {
      value: this.url.url,
      description: 'The resume link endpoint (front it with a custom domain via the resumeBaseUrl setting)',
    });
    grant(this.function, [
      new iam.PolicyStatement({
        sid: 'ReadResumes',
        actions: ['s3:GetObject'],
        resources: [wiring.bucket.arnForObjects(`${UPLOAD_PREFIXES.resumes}*`)],
      }),
    ]);
  }
}
