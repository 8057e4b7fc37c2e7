/**
 * A small HTTP client for gateway tests: calls as a demo identity (or without a key), parses
 * JSON, and asserts problem+json refusals. Bodies for certificate applications live here too.
 */
import { expect } from 'chai';
import { applicationBody, fingerprint } from '../../support/demo-parties';
import type { TestGateway } from './start-gateway';

export { ENTERPRISE_A, ENTERPRISE_B, PERSON_1, TAIZHOU, YANCHENG, fingerprint } from '../../support/demo-parties';

/** A parsed answer; `body` is `any` because tests look into it freely. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ApiClient {
  /** `who` is a demo identity name, or null for a public call without a key. */
  call(who: string | null, method: string, path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<ApiResponse>;
  /** As `call`, asserting a 2xx status first. */
  ok(who: string | null, method: string, path: string, body?: unknown, headers?: Readonly<Record<string, string>>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function apiClient(gw: TestGateway): ApiClient {
  const call: ApiClient['call'] = async (who, method, path, body, headers = {}) => {
    const res = await fetch(`${gw.url}/api/v1${path}`, {
      method,
      headers: {
        ...(who !== null ? { authorization: `Bearer ${gw.apiKey(who)}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
  return {
    call,
    async ok(who, method, path, body, headers) {
      const res = await call(who, method, path, body, headers);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).to.be.within(200, 299);
      return res.body;
    },
  };
}

/** A valid application by enterprise-a at Taizhou; override any field. */
export const application = applicationBody;

/** Apply → review (approve, no publicity) → issue through HTTP; returns the issued record. */
export async function issueViaApi(api: ApiClient, options: { applicant?: string; registrar?: string; body?: Record<string, unknown> } = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const applied = await api.ok(options.applicant ?? 'enterprise-a', 'POST', '/certificates', application(options.body));
  const registrar = options.registrar ?? 'taizhou-registrar';
  const reviewed = await api.ok(registrar, 'POST', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 0 });
  return api.ok(registrar, 'POST', `/certificates/${reviewed.id}/issue`);
}

/** Asserts an RFC 9457 problem with this status and code; returns its detail. */
export function expectProblem(res: ApiResponse, status: number, code: string): string {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(res.body).to.include({ status, code });
  return res.body.detail as string;
}

/**
 * Sends the same write twice under one Idempotency-Key and asserts the repeat answers the first
 * answer (flagged `Idempotent-Replayed: true`) with nothing written; returns the first answer.
 */
export async function expectIdempotentReplay(api: ApiClient, gw: TestGateway, who: string, path: string, body: Record<string, unknown>, status = 201): Promise<ApiResponse> {
  const headers = { 'Idempotency-Key': `replay-${fingerprint().slice(0, 16)}` };
  const first = await api.call(who, 'POST', path, body, headers);
  expect(first.status, JSON.stringify(first.body)).to.equal(status);
  const height = await gw.net.ledger.height();
  const again = await api.call(who, 'POST', path, body, headers);
  expect(again.status).to.equal(status);
  expect(again.headers.get('idempotent-replayed')).to.equal('true');
  expect(again.body).to.deep.equal(first.body);
  expect(await gw.net.ledger.height()).to.equal(height);
  return first;
}
