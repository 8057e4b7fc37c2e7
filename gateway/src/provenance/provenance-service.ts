/**
 * GET /certificates/{id}/provenance and its portable dossier. The chaincode gathers the facts
 * and decides who may read them (`Certificate:Provenance`); this service places each fact on
 * the ledger — block number, transaction index, time, actor (MSP id + enrolment id), validation
 * code — from the transactions that wrote them, and for the dossier adds each transaction's
 * endorsed envelope and each block's signed header (proof/provenance-dossier.ts).
 *
 * Cost: one `getTransaction` per distinct transaction and, for a dossier, one raw block read
 * per distinct block, all in parallel; both are immutable once committed, so they are kept in
 * bounded caches and a dossier rebuilt later reads only what is new.
 */
import { common } from '@hyperledger/fabric-protos';
import { METADATA } from '../../../network/src/protocol/block-metadata';
import { merklePath, merkleRoot } from '../../../network/src/protocol/tx-merkle';
import { BUNDLE_CONTEXT } from '../../../network/src/proof/certificate-bundle';
import {
  DOSSIER_NAME,
  DOSSIER_PROOF_TYPE,
  DOSSIER_TYPE,
  type DossierFact,
  type DossierTransaction,
  type ProvenanceDossier,
} from '../../../network/src/proof/provenance-dossier';
import type { BlockProofJson } from '../../../network/src/proof/proof-checks';
import { ConflictError } from '../http/errors';
import type { Ledger, TransactionInfo } from '../ledger/ledger';

/** What `Certificate:Provenance` answers (chaincode/src/store/provenance.ts). */
export interface ChaincodeProvenance {
  readonly certificateId: string;
  readonly registry: string;
  readonly sources: readonly { readonly id: string; readonly registry: string; readonly depth: number; readonly parentOf: string }[];
  readonly facts: readonly {
    readonly kind: string;
    readonly subject: string;
    readonly key: string;
    readonly txId: string;
    readonly timestamp: string;
    readonly path?: string;
    readonly value: unknown;
  }[];
}

export interface ProvenanceFactAnswer {
  readonly kind: string;
  readonly subject: string;
  readonly path?: string;
  readonly value: unknown;
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly timestamp: string;
  readonly actor: { readonly mspId: string; readonly id: string };
  readonly validationCode: string;
}

export interface ProvenanceAnswer {
  readonly certificateId: string;
  readonly registry: string;
  readonly sources: ChaincodeProvenance['sources'];
  /** In ledger order (block, then index in the block). */
  readonly facts: readonly ProvenanceFactAnswer[];
}

export interface ProvenanceService {
  /** The facts, each placed on the ledger. */
  answer(provenance: ChaincodeProvenance): Promise<ProvenanceAnswer>;
  /** The same facts as a portable dossier that verifies offline. */
  dossier(provenance: ChaincodeProvenance): Promise<ProvenanceDossier>;
}

type PlacedFact = ProvenanceFactAnswer & { readonly key: string };
type PlacedAnswer = Omit<ProvenanceAnswer, 'facts'> & { readonly facts: readonly PlacedFact[] };

/** The enrolment id in an `x509::<subject>::<issuer>` identity: the subject's CN. */
function enrolmentIdOf(id: string): string {
  const subject = id.split('::')[1] ?? id;
  return /(?:^|[/,])CN=([^/,]+)/.exec(subject)?.[1] ?? id;
}

/** A bounded map of immutable ledger facts: the oldest entry goes when full. */
function boundedCache<V>(limit: number): { get(key: string, load: () => Promise<V>): Promise<V> } {
  const entries = new Map<string, Promise<V>>();
  return {
    get(key, load) {
      let hit = entries.get(key);
      if (!hit) {
        hit = load();
        hit.catch(() => entries.delete(key));
        entries.set(key, hit);
        if (entries.size > limit) entries.delete(entries.keys().next().value!);
      }
      return hit;
    },
  };
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export function createProvenanceService(ledger: Ledger, limits: { readonly transactions?: number; readonly blocks?: number } = {}): ProvenanceService {
  const transactions = boundedCache<TransactionInfo>(limits.transactions ?? 20_000);
  const blocks = boundedCache<common.Block>(limits.blocks ?? 512);

  /** The facts placed on the ledger, each with its state key (which the JSON answer leaves out: it holds NUL characters). */
  async function placed(provenance: ChaincodeProvenance): Promise<PlacedAnswer> {
    const txIds = [...new Set(provenance.facts.map((f) => f.txId))];
    const infos = new Map(await Promise.all(txIds.map(async (txId) => [txId, await transactions.get(txId, () => ledger.getTransaction(txId))] as const)));
    const facts = provenance.facts.map((f): PlacedFact => {
      const tx = infos.get(f.txId)!;
      return {
        kind: f.kind,
        subject: f.subject,
        ...(f.path !== undefined ? { path: f.path } : {}),
        value: f.value,
        txId: f.txId,
        blockNumber: tx.blockNumber,
        txIndex: tx.txIndex,
        timestamp: tx.timestamp,
        actor: { mspId: tx.creator.mspId, id: enrolmentIdOf(tx.creator.id) },
        validationCode: tx.validationCode,
        key: f.key,
      };
    });
    // stable: facts of one transaction keep the chaincode's order
    const sorted = facts.map((f, i) => ({ f, i })).sort((a, b) => a.f.blockNumber - b.f.blockNumber || a.f.txIndex - b.f.txIndex || a.i - b.i);
    return { certificateId: provenance.certificateId, registry: provenance.registry, sources: provenance.sources, facts: sorted.map((s) => s.f) };
  }

  return {
    async answer(provenance) {
      const answer = await placed(provenance);
      return { ...answer, facts: answer.facts.map(({ key: _key, ...fact }) => fact) };
    },

    async dossier(provenance) {
      const answer = await placed(provenance);
      const numbers = [...new Set(answer.facts.map((f) => f.blockNumber))];
      const read = await Promise.all(
        numbers.map(async (n) => [n, await blocks.get(String(n), async () => common.Block.deserializeBinary(await ledger.getRawBlock(n)))] as const),
      );
      const blockProofs: Record<string, BlockProofJson> = {};
      const merkle = new Map<number, readonly Uint8Array[]>();
      for (const [n, block] of read) {
        const header = block.getHeader()!;
        const envelopes = block.getData()!.getDataList_asU8();
        const signatures = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[METADATA.SIGNATURES] ?? new Uint8Array());
        const signature = signatures.getSignaturesList()[0];
        if (!signature) throw new ConflictError(`block ${n} carries no orderer signature`);
        const value = signatures.getValue_asU8();
        const root = merkleRoot(envelopes);
        // the embedded orderer signs a Merkle root of the envelopes; real Fabric's does not, so the block brings its data
        const signedRoot = Buffer.from(common.OrdererBlockMetadata.deserializeBinary(value).getConsenterMetadata_asU8()).equals(root);
        if (signedRoot) merkle.set(n, envelopes);
        blockProofs[String(n)] = {
          number: header.getNumber(),
          previousHash: Buffer.from(header.getPreviousHash_asU8()).toString('hex'),
          dataHash: Buffer.from(header.getDataHash_asU8()).toString('hex'),
          ...(signedRoot ? { merkleRoot: root.toString('hex') } : { envelopes: envelopes.map(b64) }),
          ordererSignature: { value: b64(value), signatureHeader: b64(signature.getSignatureHeader_asU8()), signature: b64(signature.getSignature_asU8()) },
        };
      }
      const txProofs: Record<string, DossierTransaction> = {};
      for (const f of answer.facts) {
        if (txProofs[f.txId]) continue;
        const envelopes = merkle.get(f.blockNumber);
        txProofs[f.txId] = {
          blockNumber: f.blockNumber,
          txIndex: f.txIndex,
          validationCode: f.validationCode,
          ...(envelopes ? { envelope: b64(envelopes[f.txIndex]!), merklePath: merklePath(envelopes, f.txIndex) } : {}),
        };
      }
      const facts = answer.facts.map((f): DossierFact => ({
        kind: f.kind,
        subject: f.subject,
        stateKey: Buffer.from(f.key, 'utf8').toString('base64'),
        ...(f.path !== undefined ? { path: f.path } : {}),
        value: f.value,
        txId: f.txId,
        blockNumber: f.blockNumber,
        timestamp: f.timestamp,
        actor: f.actor,
      }));
      return {
        '@context': [BUNDLE_CONTEXT],
        type: ['VerifiableCredential', DOSSIER_TYPE],
        id: `urn:dal:provenance:${answer.certificateId}`,
        name: DOSSIER_NAME,
        credentialSubject: { certificateId: answer.certificateId, registry: answer.registry, sources: answer.sources, facts },
        proof: {
          type: DOSSIER_PROOF_TYPE,
          created: new Date().toISOString(),
          proofPurpose: 'assertionMethod',
          channelName: ledger.channelName,
          chaincodeName: ledger.chaincodeName,
          transactions: txProofs,
          blocks: blockProofs,
          trustAnchors: await ledger.trustRoots(),
        },
      };
    },
  };
}
