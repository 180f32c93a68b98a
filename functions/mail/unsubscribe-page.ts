/**
 * The unsubscribe page every email links to, as HTML responses: the GET page (whose address, and a
 * button that POSTs the one-click form) and the answers to it. No logic: which page to show is the
 * handler's (functions/handlers/unsubscribe.ts); the page escapes everything it is given.
 */

export interface UnsubscribeResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The pages, under `consultancyName` (shown on every page: whose emails these were). */
export function unsubscribePages(consultancyName: string) {
  const brand = escapeHtml(consultancyName);

  function page(statusCode: number, title: string, content: string, extra: Record<string, string> = {}) {
    return {
      statusCode,
      headers: { ...HEADERS, ...extra },
      body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${brand}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#222;margin:0;padding:3rem 1rem}main{max-width:32rem;margin:0 auto}.brand{color:#666;font-size:.9rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#222;color:#fff;cursor:pointer}</style>
</head><body><main><p class="brand">${brand}</p><h1>${escapeHtml(title)}</h1>
${content}
</main></body></html>
`,
    } satisfies UnsubscribeResponse;
  }

  return {
    /** GET with a valid token: the masked address and the one-click form, posted back to this URL. */
    confirm(maskedEmail: string, token: string): UnsubscribeResponse {
      const action = `?token=${encodeURIComponent(token)}`;
      return page(
        200,
        'Unsubscribe?',
        `<p>Stop all emails to <strong>${escapeHtml(maskedEmail)}</strong> sent through ${brand}, from every campaign.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
      );
    },
    unsubscribed(maskedEmail: string): UnsubscribeResponse {
      const who = `<strong>${escapeHtml(maskedEmail)}</strong>`;
      return page(
        200,
        "You're unsubscribed",
        `<p>${who} will receive no more emails sent through ${brand}.</p>`,
      );
    },
    alreadyUnsubscribed(maskedEmail: string): UnsubscribeResponse {
      const who = `<strong>${escapeHtml(maskedEmail)}</strong>`;
      return page(
        200,
        "You're already unsubscribed",
        `<p>${who} receives no emails sent through ${brand}.</p>`,
      );
    },
    /** A missing, tampered or foreign token: says only "not valid". */
    notValid(): UnsubscribeResponse {
      return page(
        400,
        'This link is not valid',
        '<p>It may have been copied incompletely. If you keep receiving emails you do not want, reply to one of them and ask to be removed.</p>',
      );
    },
    /** A POST without the one-click form. */
    notOneClick(): UnsubscribeResponse {
      return page(
        400,
        'This request is not valid',
        '<p>Open the link from the email and press the button.</p>',
      );
    },
    methodNotAllowed(): UnsubscribeResponse {
      return page(405, 'Method not allowed', '<p>Open the link from the email instead.</p>', {
        allow: 'GET, POST',
      });
    },
    failed(): UnsubscribeResponse {
      return page(
        500,
        'Something went wrong',
        '<p>Your request could not be completed. Please try again in a few minutes.</p>',
      );
    },
  };
}
