/**
 * First start of a demo gateway: enrol every demo identity of the consortium file, initialise
 * the chaincode with the consortium definition, give each identity an API key, and write
 * `demo-credentials.json` (0600) as api.md specifies. Later starts reuse the file; an
 * identity added to the consortium file since, or a key the key store no longer knows,
 * is filled in. A gateway serving one organisation (DAL_ORG) does all this for that
 * organisation's demo identities only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enrollmentAttributes, type Consortium, type DemoIdentity } from '../../../network/src/consortium';
import type { ApiKeyStore } from '../auth/api-key-store';
import type { CallerIdentity } from '../auth/identity';
import { EndorsementError } from '../ledger/errors';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import type { Logger } from '../logger';
import { writePrivateFile } from '../storage/private-file';
import { publicVerifierOf } from '../verification/public-verifier';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';
/** The demo identity that initialises the chaincode. */
export const CONSORTIUM_ADMIN = 'consortium-admin';

export interface DemoCredential extends CallerIdentity {
  readonly apiKey: string;
}

export type DemoCredentials = Readonly<Record<string, DemoCredential>>;

/** Backends that can enrol identities themselves (the embedded one); on Fabric, `npm run fabric:enroll` does it. */
interface Enroller {
  enroll(request: { readonly mspId: string; readonly enrollmentId: string; readonly attributes: Readonly<Record<string, string>> }): Promise<LedgerIdentity>;
}

export interface BootstrapDemoOptions {
  readonly ledger: Ledger & Partial<Enroller>;
  readonly consortium: Consortium;
  readonly keys: ApiKeyStore;
  readonly dataDir: string;
  readonly log: Logger;
  /** The one organisation the gateway serves (DAL_ORG); absent: every organisation. */
  readonly organization?: string;
}

export interface DemoBootstrap {
  readonly file: string;
  readonly credentials: DemoCredentials;
  /** True on the first start (the file did not exist). */
  readonly created: boolean;
}

export async function bootstrapDemo(options: Readonly<BootstrapDemoOptions>): Promise<DemoBootstrap> {
  const { ledger, consortium, keys, log, organization } = options;
  const file = join(options.dataDir, DEMO_CREDENTIALS_FILE);
  const existing = await readCredentials(file);
  const credentials: Record<string, DemoCredential> = {};
  await enrollPublicVerifier(ledger, consortium, organization);
  const demos = consortium.demoIdentities.filter((d) => organization === undefined || d.mspId === organization);
  const missing: DemoIdentity[] = [];
  for (const demo of demos) {
    const known = existing?.[demo.name];
    const resolved = known ? keys.resolve(known.apiKey) : undefined;
    if (known && resolved?.mspId === demo.mspId && resolved.enrollmentId === demo.enrollmentId) credentials[demo.name] = known;
    else missing.push(demo);
  }
  // a file from before DAL_ORG was set names other organisations' identities: rewrite it without them
  const foreign = Object.keys(existing ?? {}).some((name) => !demos.some((d) => d.name === name));
  if (missing.length === 0 && !foreign) return { file, credentials, created: false };

  await enrollAll(ledger, missing, log);
  if (!existing) await initChaincode(ledger, consortium, organization, log);
  for (const demo of missing) {
    const identity: CallerIdentity = {
      mspId: demo.mspId,
      enrollmentId: demo.enrollmentId,
      roles: demo.roles,
      ...(demo.entity !== undefined ? { entity: demo.entity } : {}),
    };
    credentials[demo.name] = { apiKey: await keys.issue(identity), ...identity };
  }
  await writePrivateFile(file, `${JSON.stringify(credentials, null, 2)}\n`);
  const whose = organization === undefined ? '' : ` of ${organization}`;
  log.info(`demo: ${missing.length} demo identities${whose} enrolled with API keys in ${file}`);
  return { file, credentials, created: !existing };
}

/**
 * The identity public routes sign their queries as (verification/public-verifier.ts): no
 * `dal.role`, no API key, never in demo-credentials.json. Enrolled on every start because
 * enrolment is idempotent and a data directory from before it existed lacks it.
 */
async function enrollPublicVerifier(ledger: Partial<Enroller>, consortium: Consortium, organization: string | undefined): Promise<void> {
  if (!ledger.enroll) return;
  const { mspId, enrollmentId } = publicVerifierOf(consortium, organization);
  await ledger.enroll({ mspId, enrollmentId, attributes: {} });
}

async function readCredentials(file: string): Promise<DemoCredentials | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(err as Error).message}; delete it to create new demo credentials`);
  }
}

async function enrollAll(ledger: Partial<Enroller>, identities: readonly DemoIdentity[], log: Logger): Promise<void> {
  if (!ledger.enroll) {
    log.info('demo: this backend does not enrol identities; they must already be in its wallet (npm run fabric:enroll)');
    return;
  }
  for (const demo of identities) {
    await ledger.enroll({ mspId: demo.mspId, enrollmentId: demo.enrollmentId, attributes: enrollmentAttributes(demo) });
  }
}

/**
 * The chaincode learns the consortium (organisations, registries, city codes) from one
 * transaction. A chaincode refusing it (not written yet, or already initialised) is not a
 * reason to refuse to start: the gateway still serves, and the warning says why writes may fail.
 * On a gateway serving another organisation than the admin's, the embedded network (every
 * organisation in this process) still initialises itself, with no API key for the admin; on
 * Fabric that is the admin's organisation's gateway's job, whose wallet holds the admin.
 */
async function initChaincode(ledger: Ledger & Partial<Enroller>, consortium: Consortium, organization: string | undefined, log: Logger): Promise<void> {
  const admin = consortium.demoIdentities.find((d) => d.name === CONSORTIUM_ADMIN);
  if (!admin) {
    log.warn(`demo: no ${CONSORTIUM_ADMIN} demo identity in the consortium file; the chaincode is not initialised`);
    return;
  }
  if (organization !== undefined && admin.mspId !== organization) {
    if (!ledger.enroll) {
      log.info(`demo: ${CONSORTIUM_ADMIN} belongs to ${admin.mspId}, not ${organization}; its gateway initialises the chaincode`);
      return;
    }
    await ledger.enroll({ mspId: admin.mspId, enrollmentId: admin.enrollmentId, attributes: enrollmentAttributes(admin) });
  }
  try {
    const tx = await ledger.submit({ mspId: admin.mspId, enrollmentId: admin.enrollmentId }, 'Consortium:Init', [JSON.stringify(consortium)]);
    log.info(`demo: chaincode initialised with the consortium definition (tx ${tx.txId}, block ${tx.blockNumber})`);
  } catch (err) {
    if (!(err instanceof EndorsementError)) throw err;
    log.warn(`demo: Consortium:Init was refused by the chaincode (${err.message}); continuing without it`);
  }
}
