import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { maskEmail } from '#usecases/unsubscribe.ts';
import { baseContact, NOW } from '../domain/fixtures.ts';
import { legacyUnsubscribeToken } from '../mail/legacy-token.ts';
import { KEY, LEGACY_SECRET, unsubscribeFakes } from './unsubscribe-fakes.ts';

const contact = baseContact({ id: 'c-1', stage: 'contacted', email: 'dana.lee@example.com' });
const tokenFor = (c: { id: string }, key = KEY) => signUnsubscribeToken(c.id, key);
const legacyTokenFor = (c: { id: string; email: string; campaignId: string }) =>
  legacyUnsubscribeToken({ contactId: c.id, email: c.email, campaignId: c.campaignId }, LEGACY_SECRET);

describe('unsubscribe use case', () => {
  it('suppresses the address (global) and moves the contact to unsubscribed', async () => {
    const f = unsubscribeFakes([contact]);
    await expect(f.unsubscribe.unsubscribe(tokenFor(contact))).resolves.toEqual({
      outcome: 'unsubscribed',
      email: 'dana.lee@example.com',
      contactId: 'c-1',
    });
    expect(f.suppressions.get('dana.lee@example.com')).toEqual({
      email: 'dana.lee@example.com',
      reason: 'unsubscribed',
      at: NOW.toISOString(),
    });
    expect(f.contact('c-1')?.stage).toBe('unsubscribed');
  });

  it('a repeat is idempotent: already_unsubscribed, the refused transition swallowed', async () => {
    const f = unsubscribeFakes([contact]);
    await f.unsubscribe.unsubscribe(tokenFor(contact));
    await expect(f.unsubscribe.unsubscribe(tokenFor(contact))).resolves.toMatchObject({
      outcome: 'already_unsubscribed',
    });
    expect(f.contact('c-1')?.stage).toBe('unsubscribed');
  });

  it('a contact that bounced earlier keeps its stage; the address stays suppressed', async () => {
    const bounced = baseContact({ id: 'c-2', stage: 'bounced', email: 'gone@example.com' });
    const f = unsubscribeFakes([bounced]);
    await expect(f.unsubscribe.unsubscribe(tokenFor(bounced))).resolves.toMatchObject({
      outcome: 'unsubscribed',
    });
    expect(f.contact('c-2')?.stage).toBe('bounced');
    expect(f.suppressions.has('gone@example.com')).toBe(true);
  });

  it('an erased contact (erasure suppressed its address already): already_unsubscribed, nothing written', async () => {
    const f = unsubscribeFakes([]);
    await expect(f.unsubscribe.unsubscribe(tokenFor(contact))).resolves.toEqual({
      outcome: 'already_unsubscribed',
      email: '',
      contactId: 'c-1',
    });
    expect(f.calls).toEqual([]);
  });

  it('a link sent by an earlier version (the address in the token, the old secret) still unsubscribes', async () => {
    const f = unsubscribeFakes([contact]);
    await expect(f.unsubscribe.unsubscribe(legacyTokenFor(contact))).resolves.toEqual({
      outcome: 'unsubscribed',
      email: 'dana.lee@example.com',
      contactId: 'c-1',
    });
    expect(f.contact('c-1')?.stage).toBe('unsubscribed');
    // Erased since: the address it carries is still suppressed.
    const erased = unsubscribeFakes([]);
    await expect(erased.unsubscribe.unsubscribe(legacyTokenFor(contact))).resolves.toMatchObject({
      outcome: 'unsubscribed',
    });
    expect(erased.suppressions.has('dana.lee@example.com')).toBe(true);
  });

  it('a tampered, foreign or junk token is one refusal that touches nothing', async () => {
    const f = unsubscribeFakes([contact, baseContact({ id: 'victim' })]);
    const [keyId, , signature] = tokenFor(contact).split('.');
    const forged = `${keyId}.${Buffer.from('victim').toString('base64url')}.${signature}`;
    const foreign = tokenFor(contact, { id: KEY.id, secret: `${KEY.secret}x` });
    const [legacyPayload, legacySignature] = legacyTokenFor(contact).split('.');
    const legacyForged = `${legacyTokenFor({ ...contact, email: 'victim@example.com' }).split('.')[0]}.${legacySignature}`;
    for (const token of [forged, foreign, legacyForged, `${legacyPayload}.x`, '', 'junk', '.', '..']) {
      await expect(f.unsubscribe.unsubscribe(token)).resolves.toEqual({ outcome: 'invalid_link' });
      await expect(f.unsubscribe.describe(token)).resolves.toEqual({ outcome: 'invalid_link' });
    }
    expect(f.calls).toEqual([]);
  });

  it('describe verifies, reads the address and masks it; writes nothing', async () => {
    const f = unsubscribeFakes([contact]);
    await expect(f.unsubscribe.describe(tokenFor(contact))).resolves.toEqual({
      outcome: 'valid',
      maskedEmail: 'd***@example.com',
    });
    expect(f.calls).toEqual([]);
  });

  it.each([
    ['priya.raman@lumen-health.example', 'p***@lumen-health.example'],
    ['p@x.example', 'p***@x.example'],
    ['odd@local@x.example', 'o***@x.example'],
    ['no-at-sign', '***'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
