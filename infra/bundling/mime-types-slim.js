// Stands in for nodemailer's mime-funcs/mime-types.js (a 76 KB table of every known type) in the
// Lambda bundles. rapport always names the content type of what it attaches; nodemailer only falls
// back to this table for a part without one. Same exports, same defaults, only the types rapport sends.
const TYPES = new Map([
  ['pdf', 'application/pdf'],
  ['ics', 'text/calendar'],
  ['txt', 'text/plain'],
  ['html', 'text/html'],
  ['htm', 'text/html'],
  ['eml', 'message/rfc822'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['csv', 'text/csv'],
  ['json', 'application/json'],
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
]);
const EXTENSIONS = new Map([...TYPES].reverse().map(([ext, type]) => [type, ext]));

export function detectMimeType(filename) {
  if (!filename) return 'application/octet-stream';
  const base = String(filename).split('?')[0].trim().toLowerCase();
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 ? base.slice(dot + 1) : base;
  return TYPES.get(extension) ?? 'application/octet-stream';
}

export function detectExtension(mimeType) {
  if (!mimeType) return 'bin';
  const type = String(mimeType).toLowerCase().trim();
  return EXTENSIONS.get(type) ?? (type.startsWith('text/') ? 'txt' : 'bin');
}
