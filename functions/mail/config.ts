import { ValidationError } from '#domain/errors.ts';
import type { SigningKey } from './key-ring.ts';

/** What the mail code needs to know about the consultancy and its AWS set-up. */
export interface MailConfig {
  /** Shown in the layout's header and footer. */
  consultancyName: string;
  /** `#rrggbb`; the layout's accent colour. */
  brandColor: string;
  /** HTTPS URL of the logo image shown in the header. */
  logoUrl: string;
  /** The consultancy's postal address, shown in every footer (CAN-SPAM). */
  postalAddress: string;
  /** Verified SES domain: From is `<client.senderLocalPart>@<senderDomain>`. */
  senderDomain: string;
  /** SES inbound domain: Reply-To is `reply+<token>@<inboundDomain>`. */
  inboundDomain: string;
  /**
   * HTTPS endpoint of the one-click unsubscribe function; the signed token goes in `?token=`.
   * Plain http only on a loopback host (`127.0.0.1`, `localhost`, `[::1]`): the local stack.
   */
  unsubscribeBaseUrl: string;
  /** Local part of the From address of reminders and forwards to the client. Default `rapport`. */
  notificationsLocalPart?: string;
  /**
   * Domain of the Message-ID header SES writes (`<MessageId@domain>`): `email.amazonses.com` in
   * us-east-1, `<region>.amazonses.com` elsewhere. Follow-ups thread on it. Default `email.amazonses.com`.
   */
  sesMessageIdDomain?: string;
}

/**
 * The mail settings of one build: the deployment's, with the key its unsubscribe links are signed
 * with (the newest of the key ring, fetched at run time: `email-builder.ts`).
 */
export interface SigningMailConfig extends MailConfig {
  unsubscribeKey: SigningKey;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Checks a MailConfig once, at start-up. The brand colour goes into CSS and the URLs into
 * attributes, so they are checked strictly here rather than trusted at render time.
 */
export function parseMailConfig(raw: MailConfig): Readonly<MailConfig> {
  const issues: { field: string; message: string }[] = [];
  const need = (field: keyof MailConfig, ok: boolean, message: string) => {
    if (!ok) issues.push({ field, message });
  };
  const isHttps = (value: string) => {
    try {
      return new URL(value).protocol === 'https:';
    } catch {
      return false;
    }
  };
  // The local stack serves the unsubscribe page on loopback; nothing public may go out as plain http.
  const isHttpsOrLoopbackHttp = (value: string) => {
    try {
      const url = new URL(value);
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      );
    } catch {
      return false;
    }
  };
  need('consultancyName', raw.consultancyName?.trim().length > 0, 'is required');
  need('brandColor', /^#[0-9a-fA-F]{6}$/.test(raw.brandColor ?? ''), 'must be a colour like #1a6b5c');
  need('logoUrl', isHttps(raw.logoUrl ?? ''), 'must be an https URL');
  need('postalAddress', raw.postalAddress?.trim().length > 0, 'is required');
  need('senderDomain', DOMAIN.test(raw.senderDomain ?? ''), 'must be a domain name');
  need('inboundDomain', DOMAIN.test(raw.inboundDomain ?? ''), 'must be a domain name');
  need(
    'unsubscribeBaseUrl',
    isHttpsOrLoopbackHttp(raw.unsubscribeBaseUrl ?? ''),
    'must be an https URL (plain http only on 127.0.0.1 or localhost)',
  );
  if (raw.notificationsLocalPart !== undefined) {
    need(
      'notificationsLocalPart',
      /^[a-z0-9._-]+$/i.test(raw.notificationsLocalPart),
      'must be a local part',
    );
  }
  if (raw.sesMessageIdDomain !== undefined) {
    need('sesMessageIdDomain', DOMAIN.test(raw.sesMessageIdDomain), 'must be a domain name');
  }
  if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ ...i, field: `mail.${i.field}` })));
  return Object.freeze({ ...raw });
}
