/**
 * What must survive a redeploy of the code: the table, the bucket (resumes, raw inbound mail), and the
 * SES sending setup (the verified domain identity and the configuration set whose events feed the
 * default EventBridge bus). Every data-holding resource is RETAINed; the table also has deletion
 * protection. The stateless stack receives these as constructs through props.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { RapportTable } from './constructs/rapport-table.ts';

/** The SES events rapport reacts to (ses-events handler): delivery outcome and feedback. */
export const SES_EVENT_TYPES = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
];

export interface StatefulStackProps extends StackProps {
  senderDomain: string;
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  /** ARNs of the table's indexes, each named (for grants without a wildcard). */
  readonly tableIndexArns: string[];
  readonly bucket: s3.Bucket;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderIdentity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const table = new RapportTable(this, 'Rapport');
    this.table = table.table;
    this.tableIndexArns = table.indexArns;

    this.bucket = new s3.Bucket(this, 'MailBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          // Versioning protects against overwrites and slips, but an erased contact's resume or mail
          // must really go: replaced and deleted versions expire after 30 days.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // SES also stops sending to addresses that bounced or complained, on top of rapport's own list.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      // SES can only publish to the default bus.
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: SES_EVENT_TYPES,
    });

    this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
    });
    // The DNS records that verify the domain (Easy DKIM): publish them, then SES can send.
    this.senderIdentity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `SenderDkimRecord${i + 1}`, {
        description: `CNAME to publish for ${props.senderDomain} (DKIM ${i + 1} of 3)`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }
}
