/**
 * The public one-click unsubscribe (RFC 8058): a Function URL without auth — the signed token in the
 * link is the authorisation. Links point at it unless a custom domain is configured. The function
 * reads the contact, writes the suppression and the transition, and deletes the contact's schedules.
 *
 * Like every function construct of the stateless stack it IS the RapportFunction (no extra level in
 * the construct tree), and its stack-level companion (the UnsubscribeUrl output) is created in the
 * parent scope: logical IDs and construct paths stay those of the deployed stack.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { RapportFunction } from './rapport-function.ts';
import {
  deleteSchedulesStatement,
  grant,
  noLinksEnvironment,
  type StatelessWiring,
} from './stateless-wiring.ts';

/** Unsubscribing reads the contact, writes the suppression and the transition, deletes schedules. */
export const UNSUBSCRIBE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

export class UnsubscribeFunction extends RapportFunction {
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    super(scope, id, {
      handler: 'unsubscribe',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport unsubscribe: the one-click List-Unsubscribe endpoint and its confirmation page',
      baseEnvironment: wiring.baseEnvironment,
      // This function never builds links; its own URL here would be a reference to itself.
      environment: noLinksEnvironment(wiring.settings),
      // Opt-in: a public URL's ceiling, so a flood of clicks cannot take the account's concurrency.
      ...(wiring.settings.unsubscribeReservedConcurrency
        ? { reservedConcurrentExecutions: wiring.settings.unsubscribeReservedConcurrency }
        : {}),
    });
    this.url = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    new CfnOutput(scope, 'UnsubscribeUrl', {
      value: this.url.url,
      description:
        'The one-click unsubscribe endpoint (front it with a custom domain via the unsubscribeBaseUrl setting)',
    });
    grant(this.function, [
      new iam.PolicyStatement({
        sid: 'Store',
        actions: UNSUBSCRIBE_TABLE_ACTIONS,
        resources: [wiring.table.tableArn],
      }),
      // An unsubscribed contact's plan is emptied; nothing is created or sent.
      deleteSchedulesStatement(wiring),
    ]);
  }
}
