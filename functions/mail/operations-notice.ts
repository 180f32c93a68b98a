/**
 * Notices to the consultancy's operations address (a campaign that paused itself, all sending
 * stopped): plain text, built by hand so the functions that send them (ses-events) carry no mail
 * rendering. From the consultancy's notifications address; tagged `notice` so SES's feedback on
 * them is not taken for a contact's.
 */
import { randomUUID } from 'node:crypto';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { OperationsNotices } from '#domain/ports/reputation.ts';
import type { MailConfig } from './config.ts';
import { notificationsAddress } from './headers.ts';

/** An RFC 2047 encoded word when `text` is not plain ASCII. */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The raw MIME message of a notice (base64 body: any text, any line length). */
export function operationsNoticeMime(
  notice: { subject: string; text: string },
  from: { name?: string; address: string },
  to: string,
  date: Date,
): Buffer {
  const body = Buffer.from(notice.text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      `From: ${headerText((from.name ?? '').replace(/["\\]/g, ''))} <${from.address}>`,
      `To: <${to}>`,
      `Subject: ${headerText(notice.subject.replace(/[\r\n]+/g, ' '))}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <${randomUUID()}@${from.address.split('@')[1]}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      body,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

export function makeOperationsNotices(deps: {
  mailer: Mailer;
  config: Pick<MailConfig, 'consultancyName' | 'senderDomain' | 'notificationsLocalPart'>;
  to: string;
  now: () => Date;
}): OperationsNotices {
  return {
    async notify(notice) {
      const from = notificationsAddress(deps.config);
      await deps.mailer.sendRaw({
        raw: operationsNoticeMime(notice, from, deps.to, deps.now()),
        destinations: [deps.to],
        tags: { notice: 'operations' },
      });
    },
  };
}
