/** `rapport clients [list|create|show|update|resume]`. */
import type { Command } from 'commander';
import { callAndShow, contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { list, type Page, pageNote, record } from '../format.ts';
import { enc, readLocalFile } from '../input.ts';

type Row = Record<string, unknown>;

/** The client fields, as options (one list for create and update). */
const FIELDS: [flag: string, key: string, what: string][] = [
  ['--first-name <name>', 'firstName', "the client's first name"],
  ['--last-name <name>', 'lastName', "the client's last name"],
  ['--email <address>', 'email', "the client's own address (forwards and copies go there)"],
  ['--sender <local-part>', 'senderLocalPart', 'the part before the @ of the sending address'],
  ['--time-zone <zone>', 'timeZone', 'an IANA zone, e.g. Europe/London'],
  ['--field <field>', 'field', 'the field the client is exploring, e.g. "UX research"'],
  ['--introduction <text>', 'introduction', 'the background line the outreach introduces the client with'],
  ['--signature <text>', 'signature', 'the signature under the emails'],
];

function withFields(command: Command): Command {
  for (const [flag, , what] of FIELDS) command.option(flag, what);
  return command;
}

/** `--time-zone <zone>` → `timeZone`, the key commander stores the option under. */
const attributeOf = (flag: string) =>
  (flag.split(' ')[0] as string).replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The body: the given options only (an update changes nothing else). */
export function clientBody(options: Record<string, unknown>): Row {
  return Object.fromEntries(
    FIELDS.map(([flag, key]) => [key, options[attributeOf(flag)]]).filter(([, v]) => v !== undefined),
  );
}

const CLIENT_COLUMNS = [
  'id',
  ['name', (c: Row) => `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim()],
  'email',
  'timeZone',
  'field',
] as (string | [string, (c: Row) => unknown])[];

export function registerClients(program: Command): void {
  const clients = program.command('clients').description('create, list, show and update clients');

  clients
    .command('list', { isDefault: true })
    .description('list clients')
    .option('--limit <n>', 'at most n clients')
    .option('--cursor <cursor>', 'the next page (printed after a full page)')
    .action(async (options: { limit?: string; cursor?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const page = await api.request<Page<Row>>({
        method: 'GET',
        path: '/clients',
        query: options,
        what: 'list clients',
      });
      pageNote(page, out);
      out.show(page, () => list(page.items, CLIENT_COLUMNS));
    });

  withFields(clients.command('create').description('create a client')).action(
    async (options: Row, command: Command) => {
      await callAndShow(command, {
        method: 'POST',
        path: '/clients',
        json: clientBody(options),
        what: 'create client',
      });
    },
  );

  clients
    .command('show <clientId>')
    .description('show a client')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      await callAndShow(command, { method: 'GET', path: `/clients/${enc(clientId)}`, what: 'show client' });
    });

  withFields(clients.command('update <clientId>').description('change some fields of a client')).action(
    async (clientId: string, options: Row, command: Command) => {
      const body = clientBody(options);
      if (Object.keys(body).length === 0) {
        throw new CliError('nothing to update', 'give at least one field, e.g. --field "Service design"');
      }
      await callAndShow(command, {
        method: 'PATCH',
        path: `/clients/${enc(clientId)}`,
        json: body,
        what: 'update client',
      });
    },
  );

  clients
    .command('resume <clientId> <file>')
    .description("upload the client's resume (a PDF), attached to the outreach")
    .action(async (clientId: string, file: string, _options: unknown, command: Command) => {
      const { api, out, key } = contextOf(command);
      const pdf = await readLocalFile(file);
      const slot = await api.request<{
        uploadUrl: string;
        key: string;
        maxBytes?: number;
        contentType?: string;
      }>({
        method: 'POST',
        path: `/clients/${enc(clientId)}/resume`,
        idempotencyKey: key('upload'),
        what: 'resume upload',
      });
      if (slot.maxBytes !== undefined && pdf.byteLength > slot.maxBytes) {
        throw new CliError(`${file} is ${pdf.byteLength} bytes, over ${slot.maxBytes}`, 'use a smaller PDF');
      }
      await api.upload(slot.uploadUrl, pdf, slot.contentType ?? 'application/pdf');
      const client = await api.request<Row>({
        method: 'POST',
        path: `/clients/${enc(clientId)}/resume/confirm`,
        json: { key: slot.key },
        idempotencyKey: key(),
        what: 'resume check',
      });
      out.show(client, () => record(client));
    });
}
