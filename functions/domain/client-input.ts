import { normaliseEmail } from './email.ts';
import { type FieldIssue, ValidationError } from './errors.ts';
import { assertTimeZone } from './policy.ts';
import { textField } from './safe-text.ts';
import { type Client, RESUME_MODES } from './types.ts';
import { fieldPath } from './validation.ts';

/** What SES accepts before the @ of a From address, and nothing that could end a header. */
const SENDER_LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * A client as it may be stored: names, field and introduction are text without control or
 * bidi-override characters (they reach subjects, From names and attachment names), the address is
 * one SES can send to, the sender local part is plain ASCII, the zone is an IANA name in its
 * canonical spelling. A ValidationError names every field at fault (under `prefix`); nothing is
 * written.
 */
export function parseClient(client: Client, prefix = ''): Client {
  const at = (key: string) => fieldPath(prefix, [key]);
  const issues: FieldIssue[] = [];
  const firstName = textField(client.firstName, at('firstName'), issues, { max: 100, required: true });
  const lastName = textField(client.lastName, at('lastName'), issues, { max: 100, required: true });
  const field = textField(client.field, at('field'), issues, { max: 200, required: true });
  const introduction = textField(client.introduction, at('introduction'), issues, {
    max: 1000,
    required: true,
    multiline: true,
  });
  const signature = textField(client.signature, at('signature'), issues, { max: 500, multiline: true });
  let email = client.email;
  let timeZone = client.timeZone;
  let coach = client.coach;
  if (coach !== undefined) {
    try {
      coach = normaliseEmail(coach, at('coach')).toLowerCase();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  try {
    email = normaliseEmail(client.email, at('email'));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
  }
  try {
    timeZone = assertTimeZone(client.timeZone, at('timeZone'));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
  }
  if (typeof client.senderLocalPart !== 'string' || !SENDER_LOCAL_PART.test(client.senderLocalPart)) {
    issues.push({
      field: at('senderLocalPart'),
      message: 'must be the ASCII part before the @ of the sending address (like sam.okafor)',
    });
  }
  if (client.resumeMode !== undefined && !RESUME_MODES.includes(client.resumeMode)) {
    issues.push({ field: at('resumeMode'), message: `must be one of ${RESUME_MODES.join(', ')}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    ...client,
    firstName: firstName as string,
    lastName: lastName as string,
    field: field as string,
    introduction: introduction as string,
    ...(signature !== undefined ? { signature } : {}),
    email,
    timeZone,
    ...(coach !== undefined ? { coach } : {}),
  };
}
