/**
 * Builds the portable certificate bundle from the ledger: the transaction that last wrote the
 * certificate (found through its key history), its block, the orderer's block signature, a
 * Merkle path (or the whole block data on real Fabric, whose orderer signs no Merkle root) and
 * the channel's trust anchors. Works over any Ledger backend.
 */
import { common } from '@hyperledger/fabric-protos';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import { decodeTransaction } from '../../../network/src/protocol/transaction';
import { METADATA } from '../../../network/src/protocol/block-metadata';
import { merklePath, merkleRoot } from '../../../network/src/protocol/tx-merkle';
import {
  BUNDLE_CONTEXT,
  BUNDLE_NAME,
  BUNDLE_SUBJECT_FIELDS,
  BUNDLE_TYPE,
  PROOF_TYPE,
  certificateStateKey,
  type CertificateBundle,
} from '../../../network/src/proof/certificate-bundle';
import { evaluateTransaction } from '../ledger-service/transaction';

/** The query a bundle starts from: the certificate's history, newest first (its latest write is what the bundle proves). */
export const CERTIFICATE_HISTORY = evaluateTransaction('Certificate:History');

export interface IssuerNames {
  (mspId: string): { readonly name?: string; readonly nameZh?: string } | undefined;
}

export class BundleUnavailableError extends Error {
  override readonly name = 'BundleUnavailableError';
}

export async function buildCertificateBundle(
  ledger: Ledger,
  caller: LedgerIdentity,
  certificateId: string,
  issuerNames: IssuerNames,
): Promise<CertificateBundle> {
  const history = JSON.parse(Buffer.from(await ledger.evaluate(caller, CERTIFICATE_HISTORY.name, [certificateId])).toString('utf8')) as { txId: string }[];
  const latest = history[0];
  if (!latest) throw new BundleUnavailableError(`certificate ${certificateId} has no history on the ledger`);
  return buildBundleForTransaction(ledger, latest.txId, certificateId, issuerNames);
}

/** The bundle proving what transaction `txId` wrote for the certificate (whatever its validation code). */
export async function buildBundleForTransaction(ledger: Ledger, txId: string, certificateId: string, issuerNames: IssuerNames): Promise<CertificateBundle> {
  const tx = await ledger.getTransaction(txId);
  const rawBlock = await ledger.getRawBlock(tx.blockNumber);
  const block = common.Block.deserializeBinary(rawBlock);
  const envelopes = block.getData()!.getDataList_asU8();
  const envelope = envelopes[tx.txIndex]!;
  const decoded = decodeTransaction(envelope);

  // the certificate's record key, in the chaincode's layout the verifier also checks
  const stateKey = certificateStateKey(certificateId);
  let stateValue: Uint8Array | undefined;
  for (const ns of decoded.rwsets) {
    if (ns.namespace !== ledger.chaincodeName) continue;
    for (const w of ns.kv.getWritesList()) if (w.getKey() === stateKey && !w.getIsDelete()) stateValue = w.getValue_asU8();
  }
  if (!stateValue) throw new BundleUnavailableError(`transaction ${tx.txId} does not write certificate ${certificateId}`);
  const state = JSON.parse(Buffer.from(stateValue).toString('utf8')) as Record<string, unknown>;
  const subject: Record<string, unknown> = {};
  for (const f of BUNDLE_SUBJECT_FIELDS) if (state[f] !== undefined) subject[f] = state[f];

  const header = block.getHeader()!;
  const signatures = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[METADATA.SIGNATURES] ?? new Uint8Array());
  const signature = signatures.getSignaturesList()[0];
  if (!signature) throw new BundleUnavailableError(`block ${tx.blockNumber} carries no orderer signature`);
  const value = signatures.getValue_asU8();
  const signedRoot = Buffer.from(common.OrdererBlockMetadata.deserializeBinary(value).getConsenterMetadata_asU8());
  const root = merkleRoot(envelopes);
  const useMerkle = signedRoot.equals(root);

  const registry = String(state.registry);
  const names = issuerNames(registry) ?? {};
  const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
  return {
    '@context': [BUNDLE_CONTEXT],
    type: ['VerifiableCredential', BUNDLE_TYPE],
    id: `urn:dal:certificate:${certificateId}`,
    name: BUNDLE_NAME,
    issuer: { id: `urn:dal:msp:${registry}`, mspId: registry, ...names },
    ...(typeof state.issuedAt === 'string' ? { validFrom: state.issuedAt } : {}),
    ...(typeof state.expiresAt === 'string' ? { validUntil: state.expiresAt } : {}),
    credentialSubject: subject,
    proof: {
      type: PROOF_TYPE,
      created: tx.timestamp,
      proofPurpose: 'assertionMethod',
      channelName: ledger.channelName,
      chaincodeName: ledger.chaincodeName,
      stateKey: Buffer.from(stateKey, 'utf8').toString('base64'),
      stateValue: b64(stateValue),
      transaction: { txId: tx.txId, blockNumber: tx.blockNumber, txIndex: tx.txIndex, envelope: b64(envelope), validationCode: tx.validationCode },
      block: {
        number: header.getNumber(),
        previousHash: Buffer.from(header.getPreviousHash_asU8()).toString('hex'),
        dataHash: Buffer.from(header.getDataHash_asU8()).toString('hex'),
        ...(useMerkle ? { merkleRoot: root.toString('hex'), merklePath: merklePath(envelopes, tx.txIndex) } : { envelopes: envelopes.map(b64) }),
        ordererSignature: { value: b64(value), signatureHeader: b64(signature.getSignatureHeader_asU8()), signature: b64(signature.getSignature_asU8()) },
      },
      trustAnchors: await ledger.trustRoots(),
    },
  };
}
