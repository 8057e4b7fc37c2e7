/**
 * `npm run bench:dossier`: how long the bank's provenance dossier takes to build, and how big it
 * is. Starts the gateway as `npm start` would over a fresh embedded ledger
 * (scripts/lib/embedded-gateway.ts), builds through the HTTP API a data product with about 50
 * provenance facts — four upstream sources, the product's own versions, evidence entries,
 * a recognition (互认), licences, a listing and two settled trades — then, as the holder:
 *   1. GET /certificates/{id}/provenance (facts placed on the ledger), p50/p99;
 *   2. GET /certificates/{id}/provenance/dossier, the first (cold: no transaction or block
 *      cached yet) and then p50/p99 over --rounds requests (target p99 ≤ 300 ms), and its size
 *      in KB (bound: under 1 MiB for 50 facts, docs/provenance.md);
 *   3. the offline verification of that dossier in this process (the CLI's code), once.
 * Requests are sequential: the figures are latencies, not throughput.
 */
import { randomBytes } from 'node:crypto';
import { numberArg } from './lib/args';
import { withEmbeddedGateway, type Credentials } from './lib/embedded-gateway';
import { createHttpClient } from './lib/http-client';
import { percentile } from './lib/stats';
import { verifyDocument } from '../network/src/proof/verify-document';
import type { ChannelTrust } from '../network/src/proof/certificate-bundle';
import { benchApplication } from './lib/bench-application';

const http = createHttpClient(4);
type Json = Record<string, unknown>;

async function buildProduct(url: string, keys: Credentials): Promise<{ id: string }> {
  const as = (name: string): string => keys[name]!.apiKey;
  const post = (path: string, who: string, body: unknown = {}): Promise<Json> => http.ok(url, 'POST', `/api/v1${path}`, as(who), body);
  const holder = keys['enterprise-a']!.entity!;
  const issue = async (overrides: Json = {}): Promise<string> => {
    const applied = await post('/certificates', 'enterprise-a', benchApplication(holder, overrides));
    const reviewed = await post(`/certificates/${String(applied.applicationId)}/review`, 'taizhou-registrar', { decision: 'approve', publicityDays: 0 });
    await post(`/certificates/${String(reviewed.id)}/issue`, 'taizhou-registrar');
    return String(reviewed.id);
  };
  const sources: string[] = [];
  for (let i = 0; i < 4; i++) sources.push(await issue());
  const id = await issue({ assetType: 'product', parents: sources });
  for (let i = 0; i < 11; i++) await post(`/certificates/${id}/evidence`, 'appraiser', { kind: i % 2 ? 'quality' : 'compliance', reportHash: randomBytes(32).toString('hex') });
  const term = { validFrom: '2020-01-01T00:00:00Z', validTo: '2099-12-31T00:00:00Z' };
  const agreement = await post('/agreements', 'taizhou-registrar', { counterparty: 'YanchengRegistryMSP', scope: { assetTypes: ['product'], grades: ['general'] }, ...term });
  await post(`/agreements/${String(agreement.id)}/approve`, 'yancheng-registrar');
  await post('/recognitions', 'yancheng-registrar', { certificateId: id });
  for (let i = 0; i < 6; i++) {
    const grantee = keys[i % 2 ? 'enterprise-b' : 'data-group']!.entity!;
    await post('/grants', 'enterprise-a', { assetId: id, type: 'licence', grantee, rights: ['processing'], purposes: [`purpose-${i}`], ...term, paid: false });
  }
  const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
  const listing = await post('/listings', 'enterprise-a', { assetId: id, exchange: 'JiangsuExchangeMSP', askingPriceFen: 10_000, terms });
  for (const buyer of ['enterprise-b', 'data-group']) {
    const order = await post('/orders', buyer, { listingId: listing.id, offerPrice: 9_000 });
    await post(`/orders/${String(order.id)}/accept`, 'enterprise-a');
    await post(`/orders/${String(order.id)}/deliver`, 'enterprise-a', { deliverableHash: randomBytes(32).toString('hex') });
    await post(`/orders/${String(order.id)}/confirm`, buyer);
    await post(`/orders/${String(order.id)}/settle`, 'exchange-operator', { price: 9_000, salt: order.salt });
  }
  return { id };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function main(): Promise<void> {
  const rounds = numberArg(process.argv.slice(2), '--rounds', 50);
  await withEmbeddedGateway('bench-dossier', async (url, keys) => {
    const key = keys['enterprise-a']!.apiKey;
    const built = await timed(() => buildProduct(url, keys));
    const path = `/api/v1/certificates/${built.value.id}/provenance`;
    console.log(`product ${built.value.id} built through the API in ${(built.ms / 1000).toFixed(1)} s`);

    const get = async (p: string): Promise<{ ms: number; body: string }> => {
      const r = await timed(() => http.call(url, 'GET', p, key));
      if (r.value.status !== 200) throw new Error(`GET ${p} answered ${r.value.status}: ${r.value.body}`);
      return { ms: r.ms, body: r.value.body };
    };
    const cold = await get(`${path}/dossier`);
    const dossier = JSON.parse(cold.body) as { credentialSubject: { facts: unknown[] }; proof: { transactions: object; blocks: object } };
    const facts = dossier.credentialSubject.facts.length;
    const answers: number[] = [];
    const dossiers: number[] = [];
    for (let i = 0; i < rounds; i++) {
      answers.push((await get(path)).ms);
      dossiers.push((await get(`${path}/dossier`)).ms);
    }
    const trust = JSON.parse((await http.call(url, 'GET', '/verify/trust.json')).body) as ChannelTrust;
    const verified = await timed(() => verifyDocument(dossier, { trust }));
    const kb = Buffer.byteLength(cold.body) / 1024;
    const f = (ms: number): string => ms.toFixed(1).padStart(7);
    console.log(`\nfacts ${facts}, transactions ${Object.keys(dossier.proof.transactions).length}, blocks ${Object.keys(dossier.proof.blocks).length}`);
    console.log(`GET provenance            p50 ${f(percentile(answers, 50))} ms  p99 ${f(percentile(answers, 99))} ms  (${rounds} requests)`);
    console.log(`GET provenance/dossier    p50 ${f(percentile(dossiers, 50))} ms  p99 ${f(percentile(dossiers, 99))} ms  (${rounds} requests; target p99 ≤ 300 ms)`);
    console.log(`  first build (cold)          ${f(cold.ms)} ms`);
    console.log(`  size                        ${kb.toFixed(1).padStart(7)} KB  (bound: under 1024 KB for 50 facts)`);
    console.log(`offline verification          ${f(verified.ms)} ms  ${verified.value.valid ? 'valid' : `NOT VALID: ${JSON.stringify(verified.value.checks.find((c) => !c.ok))}`}`);
  });
  http.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
