/**
 * EventBridge Scheduler adapter: one one-time `at()` schedule per timed email, behind the Scheduler
 * port. What the requests hold is in `scheduler-request.ts`, how instants become `at()` expressions
 * in `scheduler-at-expression.ts`, and how SDK errors become the domain's in `scheduler-errors.ts`;
 * schedule names are the domain's (`#domain/schedule-name.ts`).
 */
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ListSchedulesCommand,
  type ListSchedulesCommandOutput,
  SchedulerClient,
  type SchedulerClientConfig,
} from '@aws-sdk/client-scheduler';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import { assertScheduleName } from '#domain/schedule-name.ts';
import { schedulerErrorName, translateSchedulerError } from './scheduler-errors.ts';
import {
  buildCreateScheduleInput,
  oneTimeScheduleFrom,
  type ScheduleTarget,
  validateRetry,
} from './scheduler-request.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';

export interface EventBridgeSchedulerOptions extends ScheduleTarget {
  /** For the local emulator; the AWS endpoint otherwise. */
  endpoint?: string;
  region?: string;
  /** Told of every call the client sends (tests: the IAM contract); nothing when absent. */
  onCall?: OnSdkCall;
}

export interface ScheduleListing {
  name: string;
  groupName: string;
  arn: string;
  state: string;
  targetArn?: string;
}

export interface EventBridgeScheduler extends Scheduler {
  /** Creates the adapter's schedule group; an existing group is 'exists'. For the local stack. */
  ensureScheduleGroup(): Promise<'created' | 'exists'>;
  /** Every schedule in the adapter's group whose name starts with `prefix`, across all pages. */
  listSchedules(prefix?: string): Promise<ScheduleListing[]>;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

export function makeEventBridgeScheduler(options: EventBridgeSchedulerOptions): EventBridgeScheduler {
  assertScheduleName(options.groupName, 'groupName');
  validateRetry(options.retry);
  const config: SchedulerClientConfig = {};
  if (options.region) config.region = options.region;
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // The emulator ignores signatures; spare the local stack from needing AWS credentials.
    if (LOOPBACK.test(options.endpoint) && !process.env.AWS_ACCESS_KEY_ID) {
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
    config.region ??= process.env.AWS_REGION ?? 'us-east-1';
  }
  const client = watchCalls(new SchedulerClient(config), options.onCall);
  const GroupName = options.groupName;

  return {
    async create(schedule) {
      const input = buildCreateScheduleInput(schedule, options);
      try {
        await client.send(new CreateScheduleCommand(input));
        return 'created';
      } catch (error) {
        if (schedulerErrorName(error) === 'ConflictException') return 'exists';
        throw translateSchedulerError(error, `create schedule ${schedule.name}`);
      }
    },

    async delete(name) {
      assertScheduleName(name, 'name');
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName }));
        return 'deleted';
      } catch (error) {
        if (schedulerErrorName(error) === 'ResourceNotFoundException') return 'absent';
        throw translateSchedulerError(error, `delete schedule ${name}`);
      }
    },

    async get(name) {
      assertScheduleName(name, 'name');
      let out: GetScheduleCommandOutput;
      try {
        out = await client.send(new GetScheduleCommand({ Name: name, GroupName }));
      } catch (error) {
        if (schedulerErrorName(error) === 'ResourceNotFoundException') return undefined;
        throw translateSchedulerError(error, `get schedule ${name}`);
      }
      return oneTimeScheduleFrom(out);
    },

    async ensureScheduleGroup() {
      try {
        await client.send(new CreateScheduleGroupCommand({ Name: GroupName }));
        return 'created';
      } catch (error) {
        if (schedulerErrorName(error) === 'ConflictException') return 'exists';
        throw translateSchedulerError(error, `create schedule group ${GroupName}`);
      }
    },

    async listSchedules(prefix) {
      const found: ScheduleListing[] = [];
      let NextToken: string | undefined;
      do {
        let page: ListSchedulesCommandOutput;
        try {
          page = await client.send(
            new ListSchedulesCommand({
              GroupName,
              ...(prefix ? { NamePrefix: prefix } : {}),
              ...(NextToken ? { NextToken } : {}),
              MaxResults: 100,
            }),
          );
        } catch (error) {
          throw translateSchedulerError(error, `list schedules ${prefix ?? ''}`.trimEnd());
        }
        for (const s of page.Schedules ?? []) {
          found.push({
            name: s.Name ?? '',
            groupName: s.GroupName ?? GroupName,
            arn: s.Arn ?? '',
            state: s.State ?? 'ENABLED',
            ...(s.Target?.Arn ? { targetArn: s.Target.Arn } : {}),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    },
  };
}
