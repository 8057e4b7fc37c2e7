/**
 * A gateway that serves one organisation (DAL_ORG) holds that organisation's keys and no
 * other's: a wallet with another organisation's identity in it would let whoever runs this
 * gateway sign as that organisation's members, which the endorsement policies exist to
 * prevent. So start-up refuses such a wallet rather than merely not using the identity.
 */
import type { Wallet } from 'fabric-network';

/** The wallet of a one-organisation gateway holds an identity of another organisation. */
export class ForeignIdentityError extends Error {
  override readonly name = 'ForeignIdentityError';
  constructor(
    readonly label: string,
    readonly mspId: string,
    readonly organization: string,
    walletPath: string,
  ) {
    super(
      `wallet ${walletPath} holds ${label} of ${mspId}, but this gateway serves ${organization} (DAL_ORG) and must hold only its identities: ` +
        `move ${label} to ${mspId}'s own gateway's wallet (or delete it), or set DAL_ORG to the organisation this wallet belongs to`,
    );
  }
}

/** Throws ForeignIdentityError for the first (by label) wallet identity not of `organization`. */
export async function checkWalletOrganization(wallet: Wallet, organization: string, walletPath: string): Promise<void> {
  for (const label of (await wallet.list()).sort()) {
    const identity = await wallet.get(label);
    if (identity && identity.mspId !== organization) throw new ForeignIdentityError(label, identity.mspId, organization, walletPath);
  }
}
