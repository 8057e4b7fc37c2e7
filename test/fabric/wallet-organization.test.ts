/**
 * A one-organisation gateway (DAL_ORG) refuses to start on a wallet holding another
 * organisation's identity: checked on a temporary file-system wallet, no network needed,
 * because the check runs before the fabric backend connects.
 */
import { expect } from 'chai';
import { Wallets, type Wallet, type X509Identity } from 'fabric-network';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../gateway/src/config';
import { openLedgerBackend } from '../../gateway/src/ledger-backend';
import { checkWalletOrganization, ForeignIdentityError } from '../../gateway/src/ledger/fabric/wallet-organization';
import { silentLogger } from '../../gateway/src/logger';
import { loadConsortium } from '../../network/src/consortium';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';

/** The wallet only stores what it is given; the check reads the MSP id, not the certificate. */
function identity(mspId: string): X509Identity {
  return { type: 'X.509', mspId, credentials: { certificate: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', privateKey: '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n' } };
}

describe('the wallet of a one-organisation gateway', function () {
  let dir: string;
  let wallet: Wallet;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dal-wallet-'));
    wallet = await Wallets.newFileSystemWallet(dir);
    await wallet.put('taizhou-registrar@TaizhouRegistryMSP', identity('TaizhouRegistryMSP'));
    await wallet.put('public-verifier@TaizhouRegistryMSP', identity('TaizhouRegistryMSP'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("passes when it holds only the gateway's organisation's identities", async function () {
    await checkWalletOrganization(wallet, 'TaizhouRegistryMSP', dir);
  });

  it('fails with ForeignIdentityError naming the foreign identity, its MSP and what to do', async function () {
    await wallet.put('yancheng-registrar@YanchengRegistryMSP', identity('YanchengRegistryMSP'));
    const err = await checkWalletOrganization(wallet, 'TaizhouRegistryMSP', dir).then(
      () => expect.fail('a wallet with a Yancheng identity passed'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ForeignIdentityError);
    expect(err).to.include({ label: 'yancheng-registrar@YanchengRegistryMSP', mspId: 'YanchengRegistryMSP', organization: 'TaizhouRegistryMSP' });
    expect((err as Error).message).to.include(dir).and.include('DAL_ORG').and.include("move yancheng-registrar@YanchengRegistryMSP to YanchengRegistryMSP's own gateway's wallet");
  });

  it('makes start-up on the fabric backend fail with it before any connection is tried', async function () {
    await wallet.put('bank-officer@JiangsuBankMSP', identity('JiangsuBankMSP'));
    const config = loadConfig({
      LEDGER_BACKEND: 'fabric',
      FABRIC_CONNECTION_PROFILE: join(REPO_ROOT, 'network', 'fabric', 'connection-profiles'),
      FABRIC_WALLET: dir,
      DAL_ORG: 'TaizhouRegistryMSP',
      DAL_DATA_DIR: dir,
    });
    const opening = openLedgerBackend({ config, consortium: loadConsortium(), chaincodePath: DAL_CHAINCODE, log: silentLogger });
    const err = await opening.then(
      (ledger) => {
        void ledger.close();
        return expect.fail('the fabric backend opened on a wallet with a bank identity');
      },
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ForeignIdentityError);
    expect((err as Error).message).to.include('bank-officer@JiangsuBankMSP of JiangsuBankMSP');
  });
});
