/**
 * rapport's single DynamoDB table: key design and definition, in ONE place. The CDK stateful stack
 * imports these constants (keep this file free of CDK imports and SDK calls), the store adapter builds
 * its keys with the helpers below, and the tests and the local stack create the table with
 * `createTable` (`local/dynamodb-local.ts`).
 *
 * Access patterns → keys (strings throughout; `<email>` is normalised, `<at>` is an ISO instant):
 *
 * | item                | PK                                  | SK                          | GSI1PK                                  | GSI1SK                |
 * |---------------------|-------------------------------------|-----------------------------|-----------------------------------------|-----------------------|
 * | client              | CLIENT#<clientId>                   | CLIENT                      | CLIENTS                                 | <createdAt>#<id>      |
 * | client of a coach   | CLIENT#<clientId>                   | COACH                       | COACH#<email>#CLIENTS                   | <createdAt>#<id>      |
 * | campaign            | CAMPAIGN#<campaignId>               | CAMPAIGN                    | CLIENT#<clientId>#CAMPAIGNS             | <createdAt>#<id>      |
 * | campaign counters   | CAMPAIGN#<campaignId>               | STATS                       |                                         |                       |
 * | contact             | CONTACT#<contactId>                 | CONTACT                     | CAMPAIGN#<campaignId>#STAGE#<stage>     | <createdAt>#<id>      |
 * | timeline entry      | CONTACT#<contactId>                 | TIMELINE#<at>#<version:10>  |                                         |                       |
 * | held reply          | CONTACT#<contactId>                 | HELD#<sesMessageId>         | CAMPAIGN#<campaignId>#HELD              | <receivedAt>#<id>     |
 * | referral count      | CONTACT#<contactId>                 | REFERRALS                   |                                         |                       |
 * | reply in review     | CONTACT#<contactId>                 | REVIEW#<replyKey>           | REVIEW#<list>                           | <receivedAt>#<id>     |
 * | unmatched reply     | UNMATCHED#<replyKey>                | REVIEW                      | REVIEW#<list>                           | <receivedAt>#<id>     |
 * | reply of a coach    | CONTACT#<contactId>                 | COACHREVIEW#<replyKey>      | COACH#<email>#REVIEW#<list>             | <receivedAt>#<id>     |
 * | its forward claimed | UNMATCHED#<replyKey>                | FORWARD                     |                                         |                       |
 * | dedupe (uniqueness) | CAMPAIGN#<campaignId>#EMAIL#<email> | DEDUPE                      | CONTACT#<contactId>#OWNS                | <PK>                  |
 * | reply token lookup  | REPLYTOKEN#<token>                  | LOOKUP                      | CONTACT#<contactId>#OWNS                | <PK>                  |
 * | Message-ID lookup   | MESSAGEID#<messageId>               | LOOKUP                      | CONTACT#<contactId>#OWNS                | <PK>                  |
 * | send record         | SEND#<idempotencyKey>               | SEND                        | CONTACT#<contactId>#OWNS                | <PK>                  |
 * | stored message      | CONTACT#<contactId>                 | OBJECT#<objectKey>          |                                         |                       |
 * | suppression         | SUPPRESSION#<hmac of email>         | SUPPRESSION                 |                                         |                       |
 * | API idempotency key | IDEMPOTENCY#<key>                   | IDEMPOTENCY                 | CONTACT#<contactId>#OWNS (contact routes) | <PK>                |
 * | job (import/launch) | JOB#<jobId>                         | JOB                         | CAMPAIGN#<campaignId>#JOBS              | <createdAt>#<id>      |
 * | campaign reputation | CAMPAIGN#<campaignId>               | REPUTATION                  |                                         |                       |
 * | consultancy counts  | CONSULTANCY                         | REPUTATION                  |                                         |                       |
 * | sending stop flag   | CONSULTANCY                         | STOP                        |                                         |                       |
 * | feedback counted    | FEEDBACK#<sesMessageId>             | <kind>                      |                                         |                       |
 *
 * - client / campaign / contact by id, suppression by email (its HMAC: `dynamo/suppressions.ts`),
 *   send record by key, lookups: GetItem.
 * - clients, oldest first, paged: Query GSI1 `CLIENTS` (one partition: a consultancy has hundreds of
 *   clients, not millions; the client put writes the GSI keys).
 * - a coach's clients, paged: Query GSI1 `COACH#<email>#CLIENTS`. The client put also writes (in the
 *   same transaction) a copy of the client under SK `COACH` whose GSI1PK names its coach — one item
 *   per client, so a new coach moves it and a client without a coach has none (exact pages, no filter).
 * - campaigns of a client: Query GSI1 `CLIENT#<id>#CAMPAIGNS`.
 * - pipeline board: Query GSI1 `CAMPAIGN#<id>#STAGE#<stage>` (paged; the contact put keeps GSI1PK
 *   in step with the stage, in the same transaction as the counters).
 * - campaign stats: GetItem of the counters item (one Number attribute per stage, plus `total`).
 * - held replies of a campaign (the review queue): Query GSI1 `CAMPAIGN#<id>#HELD`.
 * - the reply review queue (`#adapters/dynamo-review-store.ts`): Query GSI1 `REVIEW#<list>` (open,
 *   unmatched, confirmed, corrected, attached), oldest first, paged.
 * - a coach's review queue: Query GSI1 `COACH#<email>#REVIEW#<list>`. Every write of a reply in
 *   review also writes (same transaction) a copy under SK `COACHREVIEW#<replyKey>` naming the coach
 *   of its client at that moment (none without a coach), like the clients' `COACH` copy.
 * - jobs of a campaign, newest first: Query GSI1 `CAMPAIGN#<id>#JOBS` backwards (`#adapters/dynamo-jobs.ts`).
 * - timeline in order: Query `CONTACT#<id>` with SK begins_with `TIMELINE#`. The suffix is the
 *   contact version the entry was written with (zero-padded): unique per contact, and ordered.
 * - erasure: Query `CONTACT#<id>` (contact + timeline) and GSI1 `CONTACT#<id>#OWNS` (every item of
 *   the contact that lives outside its partition, the API's idempotency keys of its routes included).
 *   Suppressions are deliberately not owned: they hold no address, only its HMAC, and stay.
 *
 * GSI1 projects ALL (the board shows contacts without a second read). Billing is on demand. TTL
 * attribute `expiresAt` (epoch seconds) is enabled for short-lived items: the API's idempotency keys
 * (`#adapters/dynamo-idempotency.ts`) carry it.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
  billingMode: 'PAY_PER_REQUEST',
  ttlAttribute: 'expiresAt',
} as const;

/** The CreateTable request for a table of this design (the CDK stack mirrors the same constants). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, gsi1 } = TABLE;
  return {
    TableName: tableName,
    BillingMode: TABLE.billingMode,
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      { AttributeName: sortKey, AttributeType: 'S' },
      { AttributeName: gsi1.partitionKey, AttributeType: 'S' },
      { AttributeName: gsi1.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi1.indexName,
        KeySchema: [
          { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: gsi1.projection },
      },
    ],
  };
}

/** Key builders: the only place the key strings above are spelled. */
export const keys = {
  client: (clientId: string) => ({ PK: `CLIENT#${clientId}`, SK: 'CLIENT' }),
  /** GSI1 partition of every client (the client list). */
  allClients: 'CLIENTS',
  /** The copy of a client listed under its coach. */
  coachOfClient: (clientId: string) => ({ PK: `CLIENT#${clientId}`, SK: 'COACH' }),
  /** GSI1 partition of one coach's clients (`email` lower case). */
  clientsOfCoach: (email: string) => `COACH#${email}#CLIENTS`,
  campaign: (campaignId: string) => ({ PK: `CAMPAIGN#${campaignId}`, SK: 'CAMPAIGN' }),
  campaignsOfClient: (clientId: string) => `CLIENT#${clientId}#CAMPAIGNS`,
  counters: (campaignId: string) => ({ PK: `CAMPAIGN#${campaignId}`, SK: 'STATS' }),
  contact: (contactId: string) => ({ PK: `CONTACT#${contactId}`, SK: 'CONTACT' }),
  contactPartition: (contactId: string) => `CONTACT#${contactId}`,
  stageOfCampaign: (campaignId: string, stage: string) => `CAMPAIGN#${campaignId}#STAGE#${stage}`,
  /** Sorts the board oldest first; the id makes it unique. */
  boardSort: (createdAt: string, id: string) => `${createdAt}#${id}`,
  timelinePrefix: 'TIMELINE#',
  timeline: (contactId: string, at: string, version: number) => ({
    PK: `CONTACT#${contactId}`,
    SK: `TIMELINE#${at}#${String(version).padStart(10, '0')}`,
  }),
  dedupe: (campaignId: string, email: string) => ({
    PK: `CAMPAIGN#${campaignId}#EMAIL#${email}`,
    SK: 'DEDUPE',
  }),
  replyToken: (token: string) => ({ PK: `REPLYTOKEN#${token}`, SK: 'LOOKUP' }),
  messageId: (messageId: string) => ({ PK: `MESSAGEID#${messageId}`, SK: 'LOOKUP' }),
  send: (key: string) => ({ PK: `SEND#${key}`, SK: 'SEND' }),
  /** A message of the contact kept in the bucket (raw inbound mail): erased with every version. */
  storedObject: (contactId: string, objectKey: string) => ({
    PK: `CONTACT#${contactId}`,
    SK: `OBJECT#${objectKey}`,
  }),
  storedObjectPrefix: 'OBJECT#',
  /** A reply already processed (by its Message-ID): processing it again changes nothing. */
  inbound: (messageId: string) => ({ PK: `INBOUND#${messageId}`, SK: 'INBOUND' }),
  /** A message held for review instead of being taken as the contact's reply. */
  heldReply: (contactId: string, sesMessageId: string) => ({
    PK: `CONTACT#${contactId}`,
    SK: `HELD#${sesMessageId}`,
  }),
  heldOfCampaign: (campaignId: string) => `CAMPAIGN#${campaignId}#HELD`,
  /** A reply in the review queue: in its contact's partition (erased with it), or unmatched. */
  review: (owner: string, replyKey: string) =>
    owner === 'unmatched'
      ? { PK: `UNMATCHED#${replyKey}`, SK: 'REVIEW' }
      : { PK: `CONTACT#${owner}`, SK: `REVIEW#${replyKey}` },
  reviewList: (list: string) => `REVIEW#${list}`,
  /** How many people a contact's replies referred (capped). */
  referralCount: (contactId: string) => ({ PK: `CONTACT#${contactId}`, SK: 'REFERRALS' }),
  /** `hash`: HMAC of the normalised address (`dynamo/suppressions.ts`); older versions stored the address. */
  suppression: (hash: string) => ({ PK: `SUPPRESSION#${hash}`, SK: 'SUPPRESSION' }),
  suppressionPrefix: 'SUPPRESSION#',
  /** An `Idempotency-Key` of the API and the response it answered (expires by TTL). */
  idempotency: (key: string) => ({ PK: `IDEMPOTENCY#${key}`, SK: 'IDEMPOTENCY' }),
  /** A job (import or launch, `#domain/job.ts`) and the GSI1 partition listing a campaign's jobs. */
  job: (jobId: string) => ({ PK: `JOB#${jobId}`, SK: 'JOB' }),
  jobsOfCampaign: (campaignId: string) => `CAMPAIGN#${campaignId}#JOBS`,
  /** The consultancy's stop flag: every send claim checks it is absent (rarely written, so no contention). */
  sendingStop: { PK: 'CONSULTANCY', SK: 'STOP' },
  /** GSI1 partition of everything a contact owns outside its own partition (for erasure). */
  ownedBy: (contactId: string) => `CONTACT#${contactId}#OWNS`,
} as const;

/** A client reply address (`client+<token>@…`, issue 15): what it asks, for whom (expires by TTL). */
export const clientReplyKey = (token: string) => ({ PK: `CLIENTREPLY#${token}`, SK: 'TOKEN' });

/**
 * The reputation counters' keys (`#adapters/dynamo-reputation.ts`), apart from `keys` so the dispatch
 * bundle does not carry them.
 */
export const reputationKeys = {
  /** SES feedback counts of a campaign (sends, hard bounces, complaints: `#domain/reputation.ts`). */
  campaign: (campaignId: string) => ({ PK: `CAMPAIGN#${campaignId}`, SK: 'REPUTATION' }),
  /** The same over every campaign of the consultancy. */
  consultancy: { PK: 'CONSULTANCY', SK: 'REPUTATION' },
  /** One SES feedback event counted (a repeat delivery finds it; expires by TTL). */
  feedbackCounted: (kind: string, messageId: string) => ({ PK: `FEEDBACK#${messageId}`, SK: kind }),
} as const;

/**
 * A coach's review queue (`#adapters/dynamo-review-store.ts`), apart from `keys` so the dispatch
 * bundle does not carry them.
 */
export const coachReviewKeys = {
  /** The copy of a reply in review listed under its client's coach (in the contact's partition: erased with it). */
  copy: (contactId: string, replyKey: string) => ({
    PK: `CONTACT#${contactId}`,
    SK: `COACHREVIEW#${replyKey}`,
  }),
  /** GSI1 partition of one coach's review list (`email` lower case). */
  list: (email: string, list: string) => `COACH#${email}#REVIEW#${list}`,
} as const;

/**
 * The claim of an unmatched message's forward to the operations address (`#adapters/dynamo-unmatched-forwards.ts`),
 * apart from `keys` so the dispatch bundle does not carry it.
 */
export const unmatchedForwardKey = (replyKey: string) => ({ PK: `UNMATCHED#${replyKey}`, SK: 'FORWARD' });
