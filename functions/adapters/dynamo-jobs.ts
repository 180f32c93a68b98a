/**
 * The JobStore port on DynamoDB: one item per job (`keys.job`), listed per campaign on GSI1
 * (`keys.jobsOfCampaign`, newest first). A job is claimed by a conditional write, so a job delivered
 * twice runs once; its lease lets a later delivery take over a run that died.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '#domain/errors.ts';
import type { Job } from '#domain/job.ts';
import type { JobStore } from '#domain/ports/jobs.ts';
import { keys } from '#shared/table-definition.ts';
import { queryIndexPage } from './dynamo/cursor.ts';
import { IS_NEW, strip } from './dynamo/items.ts';
import { type DynamoStoreOptions, openTable } from './dynamo/table.ts';

/** `#name` placeholders of an expression → the attribute names (every one used, as DynamoDB requires). */
function namesIn(expression: string): Record<string, string> {
  const names: Record<string, string> = { '#state': 'state' };
  for (const [, name] of expression.matchAll(/#(\w+)/g)) names[`#${name}`] = name as string;
  return names;
}

export function makeDynamoJobStore(
  options: Omit<DynamoStoreOptions, 'importConcurrency' | 'suppressionSecret'>,
): JobStore {
  const table = openTable(options);
  const { TableName } = table;

  /** A write to a running job; refused (VersionConflict) when it is not running any more. */
  async function whileRunning(
    what: string,
    jobId: string,
    set: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    const out = await table.write(
      `${what} job ${jobId}`,
      new UpdateCommand({
        TableName,
        Key: keys.job(jobId),
        UpdateExpression: `SET ${set}`,
        ConditionExpression: '#state = :running',
        ExpressionAttributeNames: namesIn(set),
        ExpressionAttributeValues: { ':running': 'running', ...values },
      }),
    );
    if (!out.written) throw new VersionConflict('job', jobId);
  }

  return {
    async create(job) {
      const out = await table.write(
        `create job ${job.id}`,
        new PutCommand({
          TableName,
          Item: {
            ...job,
            ...keys.job(job.id),
            GSI1PK: keys.jobsOfCampaign(job.campaignId),
            GSI1SK: `${job.createdAt}#${job.id}`,
            entity: 'job',
          },
          ...IS_NEW,
        }),
      );
      if (!out.written) throw new VersionConflict('job', job.id);
    },

    get: (jobId) => table.read<Job>(keys.job(jobId)),

    listByCampaign: (campaignId, page = {}) =>
      queryIndexPage<Job>(table, 'list jobs of campaign', keys.jobsOfCampaign(campaignId), page, true),

    async claim(jobId, now, leaseUntil) {
      const out = await table.write(
        `claim job ${jobId}`,
        new UpdateCommand({
          TableName,
          Key: keys.job(jobId),
          UpdateExpression:
            'SET #state = :running, #leaseUntil = :lease, #updatedAt = :now ADD #attempts :one',
          ConditionExpression: '#state = :queued OR (#state = :running AND #leaseUntil < :now)',
          ExpressionAttributeNames: namesIn('#state #leaseUntil #updatedAt #attempts'),
          ExpressionAttributeValues: {
            ':running': 'running',
            ':queued': 'queued',
            ':lease': leaseUntil,
            ':now': now,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.written && out.attributes ? strip<Job>(out.attributes) : undefined;
    },

    progress: (jobId, progress, now) =>
      whileRunning('progress of', jobId, '#progress = :progress, #updatedAt = :now', {
        ':progress': progress,
        ':now': now,
      }),

    finish: (jobId, end, now) =>
      end.state === 'succeeded'
        ? whileRunning(
            'finish',
            jobId,
            '#state = :end, #result = :result, #updatedAt = :now REMOVE #leaseUntil',
            {
              ':end': 'succeeded',
              // JSON data: its undefined fields (a launch of nobody has no `first`) are left out.
              ':result': JSON.parse(JSON.stringify(end.result)),
              ':now': now,
            },
          )
        : whileRunning(
            'fail',
            jobId,
            '#state = :end, #error = :error, #updatedAt = :now REMOVE #leaseUntil',
            {
              ':end': 'failed',
              ':error': end.error,
              ':now': now,
            },
          ),

    release: (jobId, now) =>
      whileRunning('release', jobId, '#state = :queued, #updatedAt = :now REMOVE #leaseUntil', {
        ':queued': 'queued',
        ':now': now,
      }),
  };
}
