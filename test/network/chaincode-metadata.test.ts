import { expect } from 'chai';
import { startTestNetwork, type TestNetwork } from '../support/test-network';

interface ContractMetadata {
  contracts: Record<string, { name: string; transactions: { name: string; tag?: string[] }[] }>;
}

describe('embedded network: the dal chaincode package', function () {
  let net: TestNetwork;
  before(async () => {
    net = await startTestNetwork({ init: false });
  });
  after(async () => net?.close());

  it('deploys unmodified and answers org.hyperledger.fabric:GetMetadata with SUBMIT and EVALUATE tags', async function () {
    const metadata = (await net.evaluate('auditor', 'org.hyperledger.fabric:GetMetadata')) as ContractMetadata;
    expect(Object.keys(metadata.contracts)).to.include.members(['Consortium', 'Certificate', 'Recognition', 'org.hyperledger.fabric']);
    const tx = (contract: string, name: string): string[] => metadata.contracts[contract]!.transactions.find((t) => t.name === name)?.tag ?? [];
    expect(tx('Certificate', 'Apply')).to.include('SUBMIT');
    expect(tx('Certificate', 'Verification')).to.include('EVALUATE');
    expect(tx('Recognition', 'Recognise')).to.include('SUBMIT');
  });

  it('refuses an application until the consortium is initialised', async function () {
    const error = await net.evaluate('enterprise-a', 'Certificate:Apply', '{}').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^[A-Z_]+: /);
  });
});
