/**
 * `npm run rotate:unsubscribe-key -- --secret-id <arn>` (or `-- --local`): appends a new signing key
 * to the unsubscribe key ring, inside the secret's value (Secrets Manager keeps two versions of a
 * value, so the ring keeps every key itself). New links are signed with it once the functions'
 * 5-minute cache expires; links signed with the older keys keep working for `oldKeysValidForDays`
 * (365 unless the value says otherwise). The suppression list's key does not change. Prints the new
 * key's id, never a key.
 */
import { randomBytes } from 'node:crypto';
import { nextKeyId, parseKeyRing, rotatedValue } from '#mail/key-ring.ts';
import { keyRingStore } from './key-ring-store.ts';

async function main() {
  const store = keyRingStore(process.argv.slice(2));
  const value = await store.read();
  const ring = parseKeyRing(value);
  const key = {
    id: nextKeyId(ring),
    secret: randomBytes(32).toString('hex'),
    createdAt: new Date().toISOString(),
  };
  await store.write(rotatedValue(value, key));
  const rotated = parseKeyRing(await store.read());
  console.log(
    `unsubscribe key ring (${store.where}): ${rotated.keys.map((k) => k.id).join(', ')}; new links are signed with ${key.id}; ` +
      `older keys verify for ${rotated.oldKeysValidForDays} days after the key that replaced them`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
