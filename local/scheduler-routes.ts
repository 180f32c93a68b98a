/**
 * The scheduler emulator's HTTP side: the REST-JSON operations of EventBridge Scheduler the SDK
 * sends for schedules and schedule groups (create, get, update, delete, list), answered with AWS's
 * shapes, status codes and error types, on loopback.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorText } from './scheduler-firing.ts';
import {
  applyDefinition,
  type GroupRecord,
  type ScheduleRecord,
  type ScheduleRegistry,
} from './scheduler-records.ts';
import {
  ApiError,
  checkName,
  conflictError,
  notFoundError,
  paginate,
  parseScheduleBody,
  validationError,
} from './scheduler-requests.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** Serves the API on `port` (a free one when omitted) over `registry`; `changed` after each write. */
export async function serveSchedulerApi(registry: ScheduleRegistry, changed: () => void, port?: number) {
  const { groups, records } = registry;

  const wireSchedule = (r: ScheduleRecord) => {
    const d = r.definition;
    return {
      Arn: r.arn,
      Name: r.name,
      GroupName: r.groupName,
      ScheduleExpression: d.ScheduleExpression,
      ScheduleExpressionTimezone: d.ScheduleExpressionTimezone,
      State: d.State,
      Target: d.Target,
      FlexibleTimeWindow: d.FlexibleTimeWindow,
      ActionAfterCompletion: d.ActionAfterCompletion,
      Description: d.Description,
      StartDate: d.StartDate,
      EndDate: d.EndDate,
      KmsKeyArn: d.KmsKeyArn,
      CreationDate: r.creationDate / 1000,
      LastModificationDate: r.lastModificationDate / 1000,
    };
  };

  const createSchedule = (name: string, body: unknown) => {
    checkName(name);
    const { groupName, definition } = parseScheduleBody(body);
    registry.requireGroup(groupName);
    if (registry.get(groupName, name)) throw conflictError(`Schedule ${name} already exists.`);
    const created = Date.now();
    const record: ScheduleRecord = {
      name,
      groupName,
      arn: registry.scheduleArn(groupName, name),
      definition,
      creationDate: created,
      lastModificationDate: created,
      dueAt: undefined,
      attempts: 0,
      nextAttemptAt: undefined,
      executionId: undefined,
      status: 'scheduled',
      generation: 0,
    };
    applyDefinition(record, definition);
    registry.put(record);
    changed();
    return { ScheduleArn: record.arn };
  };

  const updateSchedule = (name: string, body: unknown) => {
    checkName(name);
    const { groupName, definition } = parseScheduleBody(body);
    const record = registry.requireSchedule(groupName, name);
    applyDefinition(record, definition);
    record.lastModificationDate = Date.now();
    changed();
    return { ScheduleArn: record.arn };
  };

  const listSchedules = (query: URLSearchParams) => {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix');
    const state = query.get('State');
    if (group !== null) checkName(group, 'groupName');
    if (state !== null && state !== 'ENABLED' && state !== 'DISABLED') {
      throw validationError(
        `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint`,
      );
    }
    const matching = registry
      .sorted()
      .filter(
        (r) =>
          (group === null || r.groupName === group) &&
          (prefix === null || r.name.startsWith(prefix)) &&
          (state === null || r.definition.State === state),
      );
    const { page, next } = paginate(
      matching,
      (r) => registry.keyOf(r.groupName, r.name),
      query.get('MaxResults'),
      query.get('NextToken'),
    );
    return {
      Schedules: page.map((r) => ({
        Arn: r.arn,
        Name: r.name,
        GroupName: r.groupName,
        State: r.definition.State,
        CreationDate: r.creationDate / 1000,
        LastModificationDate: r.lastModificationDate / 1000,
        Target: { Arn: r.definition.Target.Arn },
      })),
      ...(next ? { NextToken: next } : {}),
    };
  };

  const wireGroup = (g: GroupRecord) => ({
    Arn: g.arn,
    Name: g.name,
    State: 'ACTIVE',
    CreationDate: g.creationDate / 1000,
    LastModificationDate: g.lastModificationDate / 1000,
  });

  const route = (method: string, segments: string[], query: URLSearchParams, body: unknown): unknown => {
    const [collection, name, ...rest] = segments;
    if (rest.length === 0 && collection === 'schedules') {
      if (name === undefined) {
        if (method === 'GET') return listSchedules(query);
      } else {
        const group = query.get('groupName') ?? 'default';
        switch (method) {
          case 'POST':
            return createSchedule(name, body);
          case 'PUT':
            return updateSchedule(name, body);
          case 'GET':
            checkName(name);
            return wireSchedule(registry.requireSchedule(group, name));
          case 'DELETE': {
            checkName(name);
            const record = registry.requireSchedule(group, name);
            registry.remove(record);
            changed();
            return {};
          }
        }
      }
    }
    if (rest.length === 0 && collection === 'schedule-groups') {
      if (name === undefined) {
        if (method === 'GET') {
          const prefix = query.get('NamePrefix');
          const all = [...groups.values()]
            .filter((g) => prefix === null || g.name.startsWith(prefix))
            .sort((a, b) => (a.name < b.name ? -1 : 1));
          const { page, next } = paginate(
            all,
            (g) => g.name,
            query.get('MaxResults'),
            query.get('NextToken'),
          );
          return { ScheduleGroups: page.map(wireGroup), ...(next ? { NextToken: next } : {}) };
        }
      } else {
        checkName(name);
        switch (method) {
          case 'POST': {
            if (groups.has(name)) throw conflictError(`Schedule group ${name} already exists.`);
            const created = Date.now();
            const group = {
              name,
              arn: registry.groupArn(name),
              creationDate: created,
              lastModificationDate: created,
            };
            groups.set(name, group);
            changed();
            return { ScheduleGroupArn: group.arn };
          }
          case 'GET': {
            const group = groups.get(name);
            if (!group) throw notFoundError(`Schedule group ${name} does not exist.`);
            return wireGroup(group);
          }
          case 'DELETE': {
            if (name === 'default') throw validationError('The default schedule group cannot be deleted.');
            registry.requireGroup(name);
            groups.delete(name);
            for (const [key, r] of records) if (r.groupName === name) records.delete(key);
            changed();
            return {};
          }
        }
      }
    }
    throw new ApiError(
      404,
      'UnknownOperationException',
      `The scheduler emulator does not support ${method} /${segments.join('/')}.`,
    );
  };

  const readBody = (req: IncomingMessage): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) reject(validationError('The request body is too large.'));
        else chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve(undefined);
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new ApiError(400, 'SerializationException', 'The request body is not valid JSON.'));
        }
      });
    });

  const send = (res: ServerResponse, status: number, payload: unknown, errorType?: string) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        let segments: string[];
        try {
          segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        } catch {
          throw validationError('The request path is not valid.');
        }
        const body = await readBody(req);
        send(res, 200, route(req.method ?? 'GET', segments, url.searchParams, body));
      } catch (error) {
        if (error instanceof ApiError) send(res, error.status, { Message: error.message }, error.type);
        else send(res, 500, { Message: errorText(error) }, 'InternalServerException');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
