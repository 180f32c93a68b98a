/**
 * What must survive a redeploy of the code: the table, the bucket (resumes, raw inbound mail), and the
 * SES setup (the sending domain's identity with its custom MAIL FROM, the inbound domain's identity,
 * and the configuration set whose events feed the default EventBridge bus). Every data-holding
 * resource is retained on update and delete (`RETAIN_ON_UPDATE_OR_DELETE`: a failed FIRST create
 * still rolls back cleanly, so a retry does not meet a leftover); the table also has deletion
 * protection. Raw inbound and quarantined mail expire after `mailRetentionDays`; resumes (under
 * `resumes/`) do not. The DNS records to publish are outputs. The stateless stack receives these as
 * constructs through props.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { INBOUND_OBJECT_PREFIX, QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import { RapportTable } from './constructs/rapport-table.ts';
import type { Settings } from './settings.ts';

/** The SES events rapport reacts to (ses-events handler): delivery outcome and feedback. */
export const SES_EVENT_TYPES = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
];

export interface StatefulStackProps extends StackProps {
  settings: Settings;
}

/** The custom MAIL FROM subdomain of the sending domain (bounces return there; SPF aligns with it). */
export const MAIL_FROM_SUBDOMAIN = 'bounce';

/** The DMARC policy recommended for the sending domain (DKIM and MAIL FROM both align, relaxed). */
export function dmarcRecord(senderDomain: string, reportsTo: string): string {
  return `_dmarc.${senderDomain} TXT "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:${reportsTo}"`;
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  /** ARNs of the table's indexes, each named (for grants without a wildcard). */
  readonly tableIndexArns: string[];
  readonly bucket: s3.Bucket;
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderIdentity: ses.EmailIdentity;
  /** The inbound domain: SES applies the receipt rule only to a verified domain. */
  readonly inboundIdentity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { senderDomain, inboundDomain } = settings;

    const table = new RapportTable(this, 'Rapport');
    this.table = table.table;
    this.tableIndexArns = table.indexArns;

    this.bucket = new s3.Bucket(this, 'MailBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      // The dashboard PUTs a client's resume to a presigned URL from the browser: S3 refuses the PUT
      // without a CORS rule for its origin (the CloudFront domain lives in the other stack: any
      // *.cloudfront.net, or the custom domain of `dashboardUrl`; the presigned URL stays the credential).
      cors: [
        {
          allowedOrigins: [
            settings.dashboardUrl ? new URL(settings.dashboardUrl).origin : 'https://*.cloudfront.net',
          ],
          allowedMethods: [s3.HttpMethods.PUT],
          allowedHeaders: ['content-type'],
          maxAge: 600,
        },
      ],
      lifecycleRules: [
        {
          // Versioning protects against overwrites and slips, but an erased contact's resume or mail
          // must really go: replaced and deleted versions expire after 30 days.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // Raw replies and quarantined mail are read once (the reply is recorded in the table), kept
        // for a while for a human look, then go. Resumes live under their own prefix and stay.
        ...[INBOUND_OBJECT_PREFIX, QUARANTINE_OBJECT_PREFIX].map((prefix) => ({
          id: `expire-${prefix.replace(/\/$/, '')}`,
          prefix,
          expiration: Duration.days(settings.mailRetentionDays),
        })),
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

    const mailFrom = `${MAIL_FROM_SUBDOMAIN}.${senderDomain}`;
    this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.domain(senderDomain),
      configurationSet: this.configurationSet,
      // Bounces go to our own subdomain, so SPF passes aligned with the From domain (DMARC).
      mailFromDomain: mailFrom,
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    // The DNS records that verify the domain (Easy DKIM): publish them, then SES can send.
    this.senderIdentity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `SenderDkimRecord${i + 1}`, {
        description: `CNAME to publish for ${senderDomain} (DKIM ${i + 1} of 3)`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    new CfnOutput(this, 'MailFromMxRecord', {
      description: `MX record to publish for the custom MAIL FROM domain ${mailFrom}`,
      value: `${mailFrom} MX 10 feedback-smtp.${this.region}.amazonses.com`,
    });
    new CfnOutput(this, 'MailFromSpfRecord', {
      description: `SPF record to publish for the custom MAIL FROM domain ${mailFrom}`,
      value: `${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
    });
    new CfnOutput(this, 'DmarcRecord', {
      description: `Recommended DMARC record for ${senderDomain} (start with p=none to watch the reports first if you prefer)`,
      value: dmarcRecord(senderDomain, settings.alarmEmail),
    });

    // Receiving: SES applies a receipt rule only to a verified domain (its DKIM records verify it).
    this.inboundIdentity = new ses.EmailIdentity(this, 'InboundIdentity', {
      identity: ses.Identity.domain(inboundDomain),
    });
    this.inboundIdentity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `InboundDkimRecord${i + 1}`, {
        description: `CNAME to publish for ${inboundDomain} (DKIM ${i + 1} of 3: verifies the inbound domain)`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }
}
