/**
 * The channel facts a bundle verifier must hold beforehand (network/src/proof ChannelTrust):
 * the organisations' roots from the channel configuration, the ordering organisation and the
 * registries from the consortium definition, and the chaincode. Served publicly at
 * /verify/trust.json so browsers and the CLI pin the same facts POST /verify uses.
 */
import type { Consortium } from '../../../network/src/consortium';
import type { ChannelTrust } from '../../../network/src/proof/certificate-bundle';
import type { Ledger } from '../ledger/ledger';

/** Channel roots change only with a channel configuration update; re-read them now and then. */
const TTL_MS = 60_000;

export function channelTrustSource(ledger: Ledger, consortium: Pick<Consortium, 'ordering' | 'organizations'>): () => Promise<ChannelTrust> {
  let cached: { readonly value: Promise<ChannelTrust>; readonly at: number } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > TTL_MS) {
      const value = ledger.trustRoots().then((roots) => ({
        channelName: ledger.channelName,
        chaincodeName: ledger.chaincodeName,
        roots,
        ordererMspIds: [consortium.ordering.mspId],
        issuerMspIds: consortium.organizations.filter((o) => o.type === 'registry').map((o) => o.mspId),
        organizationNames: Object.fromEntries(consortium.organizations.map((o) => [o.mspId, { name: o.name, nameZh: o.nameZh }])),
      }));
      value.catch(() => {
        cached = undefined;
      });
      cached = { value, at: Date.now() };
    }
    return cached.value;
  };
}
