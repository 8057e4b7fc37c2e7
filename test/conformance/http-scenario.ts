/**
 * A small HTTP scenario written once and run against a gateway over each backend: the
 * embedded one in the normal suite (embedded-http.test.ts), real Fabric in the live leg
 * (test/fabric/http.live.ts). It is what a client sees of the whole stack: health, the
 * caller's identity, and a certificate from application to public verification.
 */
import { expect } from 'chai';
import { applicationBody } from './ledger-conformance';
import { loadConsortium } from '../../network/src/consortium';

/** A started gateway (a real Express app on a port) over one backend, with the demo API keys. */
export interface HttpTarget {
  /** `http://host:port` */
  readonly url: string;
  readonly backend: 'embedded' | 'fabric';
  /** The API key of a demo identity. */
  apiKey(name: string): string;
  close(): Promise<void>;
}

export function defineHttpScenario(name: string, open: () => Promise<HttpTarget>, options: { readonly settleTimeoutMs?: number } = {}): void {
  const holder = loadConsortium().demoIdentities.find((d) => d.name === 'enterprise-a');
  if (!holder?.entity) throw new Error('network/consortium.json has no demo identity enterprise-a with an entity');
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;

  describe(`HTTP scenario: ${name}`, function () {
    let target: HttpTarget | undefined;
    let gw: HttpTarget;
    before(async function () {
      target = await open();
      gw = target;
    });
    after(async () => target?.close());

    const call = async (method: string, path: string, as?: string, body?: string): Promise<{ status: number; body: any }> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const headers: Record<string, string> = {};
      if (as) headers.authorization = `Bearer ${gw.apiKey(as)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${gw.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };

    it('reports health publicly with its backend and a block height', async () => {
      const res = await call('GET', '/api/v1/health');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'ok', backend: gw.backend });
      expect(res.body.height).to.be.greaterThan(0);
    });

    it('answers /me with the enrolled identity the API key maps to', async () => {
      const res = await call('GET', '/api/v1/me', 'enterprise-a');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ mspId: holder.mspId, enrollmentId: holder.enrollmentId, roles: holder.roles, entity: holder.entity });
    });

    it('takes a certificate from application through review and issue to a valid public verification', async () => {
      const applied = await call('POST', '/api/v1/certificates', 'enterprise-a', applicationBody(holder.entity!, holder.mspId));
      expect(applied.status, JSON.stringify(applied.body)).to.equal(201);
      expect(applied.body.status).to.equal('applied');
      const applicationId = applied.body.applicationId as string;

      const reviewed = await call('POST', `/api/v1/certificates/${applicationId}/review`, 'taizhou-registrar', JSON.stringify({ decision: 'approve', publicityDays: 0 }));
      expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
      expect(reviewed.body.status).to.equal('publicizing');
      const id = reviewed.body.id as string;

      const issued = await call('POST', `/api/v1/certificates/${id}/issue`, 'taizhou-registrar');
      expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
      expect(issued.body.status).to.equal('issued');

      // the verification read model follows committed events, which reach it shortly after the commit
      let verification = await call('GET', `/api/v1/certificates/${id}/verification`);
      for (const deadline = Date.now() + settleTimeoutMs; !verification.body?.valid && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        verification = await call('GET', `/api/v1/certificates/${id}/verification`);
      }
      expect(verification.status).to.equal(200);
      expect(verification.body).to.include({ id, exists: true, valid: true, status: 'issued' });
      expect(verification.body).to.not.have.property('holder');
    });

    it('answers a transaction the chaincode refuses with the chaincode\'s code as problem+json', async () => {
      const res = await call('POST', '/api/v1/certificates/321200-2026-999999/issue', 'taizhou-registrar');
      expect(res.status).to.equal(404);
      expect(res.body).to.include({ status: 404, code: 'not_found', type: 'urn:dal:problem:not_found' });
      expect(res.body.detail).to.be.a('string').and.not.match(/^NOT_FOUND:/);
    });
  });
}
