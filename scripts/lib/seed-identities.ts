/**
 * The ledger identities behind the demo API keys a seeder signs as, from the stopped gateway's
 * key store (`<dataDir>/api-keys.json`): the seeders (seed-trades.ts, seed-certificates.ts) sign
 * as the identities the routes would, without HTTP.
 */
import { join } from 'node:path';
import { openApiKeyStore } from '../../gateway/src/auth/api-key-store';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';

/** Resolves an API key to its identity; throws for a key the store does not hold. */
export async function openSeedIdentities(dataDir: string): Promise<(apiKey: string) => LedgerIdentity> {
  const keys = await openApiKeyStore({ file: join(dataDir, 'api-keys.json') });
  return (apiKey) => {
    const id = keys.resolve(apiKey);
    if (!id) throw new Error('an API key of the seeding identities is not in the gateway key store');
    return { mspId: id.mspId, enrollmentId: id.enrollmentId };
  };
}
