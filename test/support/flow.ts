/**
 * Step-by-step transaction flow for tests that need control over endorsement and ordering:
 * endorse on chosen organisations, then broadcast envelopes and cut the block explicitly.
 */
import type { TestNetwork } from './test-network';
import type { EmbeddedNetwork } from '../../network/src/embedded/network';
import type { Signer } from '../../network/src/embedded/signer';

export interface PreparedTransaction {
  readonly txId: string;
  readonly envelope: Uint8Array;
}

export async function signerOf(net: TestNetwork, name: string): Promise<Signer> {
  const id = net.identities[name];
  if (!id) throw new Error(`no demo identity ${name}`);
  const s = await net.ledger.network.signer(id.mspId, id.enrollmentId);
  if (!s) throw new Error(`identity ${name} is not enrolled`);
  return s;
}

/**
 * Endorses on the given organisations' peers and assembles the signed envelope (not yet
 * ordered). Transient data reaches the chaincode; the private values are not disseminated
 * (only the hashes commit).
 */
export async function prepare(
  net: TestNetwork,
  as: string,
  args: readonly string[],
  organizations: readonly string[],
  transient?: Readonly<Record<string, Uint8Array>>,
): Promise<PreparedTransaction> {
  const network: EmbeddedNetwork = net.ledger.network;
  const signer = await signerOf(net, as);
  const bundle = network.proposal(signer, args, transient ? { transient } : {});
  const endorsements = await network.endorse(bundle, organizations);
  return { txId: bundle.txId, envelope: network.assemble(bundle, endorsements, signer) };
}

/** Orders the transactions into ONE block (cut explicitly) and returns their validation codes in order. */
export async function commitTogether(net: TestNetwork, txs: readonly PreparedTransaction[]): Promise<{ codes: string[]; blockNumbers: number[] }> {
  const network = net.ledger.network;
  const pending = txs.map((t) => network.broadcast(t.envelope, t.txId));
  network.cutBlock();
  const statuses = await Promise.all(pending);
  return { codes: statuses.map((s) => s.validationCode), blockNumbers: statuses.map((s) => s.blockNumber) };
}

export { HUAIAN, REGULATOR, TAIZHOU, YANCHENG } from './demo-parties';
