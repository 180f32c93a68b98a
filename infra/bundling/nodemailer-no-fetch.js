// Stands in for nodemailer's fetch/index.js (its HTTP client, with a cookie jar) in the Lambda
// bundles. nodemailer fetches only content given as `{ href }` (an attachment by URL) or OAuth2
// tokens; rapport gives every part as bytes and sends through SES, so neither ever happens. If one
// did, the message fails to build (a stream that errors, as a failed fetch would) instead of fetching.
import { PassThrough } from 'node:stream';

export default function nmfetch(url) {
  const stream = new PassThrough();
  setImmediate(() =>
    stream.emit('error', new Error(`rapport bundles nodemailer without fetch: cannot fetch ${url}`)),
  );
  return stream;
}
