/**
 * Test fixtures that build real things: an embedded network in a fresh temporary directory,
 * running a real chaincode package, with the consortium's demo identities enrolled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollmentAttributes, loadConsortium, type Consortium } from '../../network/src/consortium';
import { openEmbeddedLedger, type EmbeddedLedger, type EmbeddedLedgerOptions } from '../../gateway/src/ledger/embedded-ledger';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { ShiftableClock } from './clock';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const DAL_CHAINCODE = join(REPO_ROOT, 'chaincode');
export const KV_CHAINCODE = join(REPO_ROOT, 'test', 'fixtures', 'chaincode', 'kv');

export interface TestIdentity extends LedgerIdentity {
  readonly name: string;
  readonly roles: readonly string[];
  readonly entity?: string;
}

export interface TestNetwork {
  readonly ledger: EmbeddedLedger;
  readonly consortium: Consortium;
  readonly dataDir: string;
  readonly identities: Readonly<Record<string, TestIdentity>>;
  /** The peers' host clock (what the chaincode's time window compares proposals with): the system clock unless a test shifts it. */
  readonly clock: ShiftableClock;
  /** Submits as a demo identity; `result` is the parsed JSON payload (undefined when empty, the text when not JSON). */
  submit(as: string, fn: string, ...args: string[]): Promise<{ txId: string; blockNumber: number; result: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  evaluate(as: string, fn: string, ...args: string[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export interface TestNetworkOptions {
  /** Chaincode package dir; default the dal chaincode. */
  readonly chaincode?: string;
  /** Call Consortium:Init with network/consortium.json as consortium-admin (default: true for the dal chaincode). */
  readonly init?: boolean;
  /** Reuse a data directory (reopen tests); default a fresh temp dir removed on close. */
  readonly dataDir?: string;
  readonly network?: EmbeddedLedgerOptions['network'];
  /** A variant of network/consortium.json (tests of channel-level settings). */
  readonly consortium?: Consortium;
}

export async function startTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  const consortium = options.consortium ?? loadConsortium();
  const chaincode = options.chaincode ?? DAL_CHAINCODE;
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'dal-test-')));
  const clock = new ShiftableClock();
  const ledger = await openEmbeddedLedger({
    dataDir,
    consortium,
    chaincodePath: chaincode,
    network: { batchTimeoutMs: 5, clock, ...(options.network ?? {}) },
  });
  const identities: Record<string, TestIdentity> = {};
  for (const d of consortium.demoIdentities) {
    const id = await ledger.enroll({ mspId: d.mspId, enrollmentId: d.enrollmentId, attributes: enrollmentAttributes(d) });
    identities[d.name] = { ...id, name: d.name, roles: d.roles, entity: d.entity };
  }
  const who = (name: string): TestIdentity => {
    const id = identities[name];
    if (!id) throw new Error(`no demo identity ${name}`);
    return id;
  };
  const parse = (payload: Uint8Array): unknown => {
    const text = Buffer.from(payload).toString('utf8');
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const net: TestNetwork = {
    ledger,
    consortium,
    dataDir,
    identities,
    clock,
    async submit(as, fn, ...args) {
      const r = await ledger.submit(who(as), fn, args);
      return { txId: r.txId, blockNumber: r.blockNumber, result: parse(r.payload) };
    },
    async evaluate(as, fn, ...args) {
      return parse(await ledger.evaluate(who(as), fn, args));
    },
    async close() {
      await ledger.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.init ?? chaincode === DAL_CHAINCODE) {
    await net.submit('consortium-admin', 'Consortium:Init', JSON.stringify(consortium));
  }
  return net;
}
