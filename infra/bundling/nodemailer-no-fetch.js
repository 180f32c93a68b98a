// Stands in for nodemailer's fetch/index.js (its HTTP client, with a cookie jar) in the Lambda
// bundles. nodemailer fetches only content given as `{ href }` (an attachment by URL) or OAuth2
// tokens; rapport gives every part as bytes and sends through SES, so neither ever happens. If one
// did, it fails loudly instead of fetching.
export default function nmfetch(url) {
  throw new Error(`rapport bundles nodemailer without fetch: cannot fetch ${url}`);
}
