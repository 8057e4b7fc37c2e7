/**
 * Crash under load: the real gateway on the embedded ledger takes a fixed-rate mix of writes
 * (applications, reviews, grant uses), each with an Idempotency-Key, and is SIGKILLed at
 * seeded random moments. The test keeps a journal of every write the gateway acknowledged.
 *
 * How the kills are aimed: one in three is a timer at a random moment of the load; the others
 * arm the test-only crash points of the committer (network/src/embedded/crash-points.ts,
 * DAL_TEST_CRASH_AT, inert unless set) so the gateway SIGKILLs itself at the n-th block
 * (n random) either while the block's LevelDB batch is being written (mid-block-commit), or
 * after it is fsynced and before any waiter, so any HTTP client, has heard of it (between
 * commit and answer) — the moments random timing rarely hits.
 *
 * After each kill: `npm run ledger:verify` passes (chain, and state and history replayed from
 * the blocks, so no block is half-applied); every acknowledged write is on the ledger exactly
 * once, as the transaction the answer named; no unacknowledged request has more than one
 * transaction; and after the restart an Idempotency-Key retry of each in-doubt request (the
 * connection died before the answer) returns the committed result — the transaction already
 * on the ledger when there is one, not a second one.
 *
 * `npm test` runs 3 kills (one of each kind); `npm run test:reliability` runs 20
 * (DAL_CRASH_KILLS overrides either, DAL_CRASH_SEED replays a run).
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/test-network';
import { applicationBody } from '../support/demo-parties';
import { licenceBody } from '../support/grant-bodies';
import { demoKeys, killGateway, startGateway, stopGateway, type GatewayProcess } from './support/gateway-process';
import { scanLedger } from './support/ledger-scan';
import { randomBytes } from 'node:crypto';

const FULL = process.env.DAL_RELIABILITY_FULL === '1';
const KILLS = Number(process.env.DAL_CRASH_KILLS ?? (FULL ? 20 : 3));
const SEED = Number(process.env.DAL_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Writes started per second, whether or not earlier ones have been answered. */
const RATE = 25;
const MAX_IN_FLIGHT = 48;
const VERIFY = join(REPO_ROOT, 'build', 'scripts', 'ledger-verify.js');

type Kind = 'application' | 'review' | 'usage';
type KillKind = 'timer' | 'block-commit' | 'block-committed';

interface WriteRequest {
  readonly key: string;
  readonly kind: Kind;
  readonly path: string;
  readonly as: string;
  readonly body: Record<string, unknown>;
  /** A string only this request's transaction carries (fingerprint, result hash, or the reviewed application's id). */
  readonly token: string;
}

interface Acknowledged {
  readonly request: WriteRequest;
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly txId: string;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with DAL_CRASH_SEED. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function verifyLedger(dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFY, '--data-dir', dataDir], (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('reliability: crash under load', function () {
  this.timeout(KILLS * 45_000 + 180_000);
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-crash-load-'));
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged write exactly once, and answers in-doubt retries with the committed result, across ${KILLS} SIGKILLs of the gateway under load`, async function () {
    const random = seeded(SEED);
    let keys: Record<string, string> = {};
    let gateway: GatewayProcess | undefined;

    const post = async (path: string, as: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(`${gateway!.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys[as]!}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    // Set-up (not journaled): an issued certificate of enterprise-a licensed to enterprise-b, whose uses the load records.
    gateway = await startGateway(dataDir);
    keys = await demoKeys(dataDir);
    const applied = await post('/certificates', 'enterprise-a', applicationBody());
    const reviewed = await post(`/certificates/${String(applied.body.applicationId)}/review`, 'taizhou-registrar', { decision: 'approve', publicityDays: 0 });
    const issued = await post(`/certificates/${String(reviewed.body.id)}/issue`, 'taizhou-registrar', {});
    const grant = await post('/grants', 'enterprise-a', licenceBody(String(issued.body.id)));
    expect(grant.status, JSON.stringify(grant.body)).to.equal(201);
    const grantId = String(grant.body.id);
    await stopGateway(gateway);

    const journal = new Map<string, Acknowledged>();
    const inDoubt = new Map<string, WriteRequest>();
    const refused = new Map<string, WriteRequest>();
    const requests = new Map<string, WriteRequest>();
    const keyOfToken = new Map<string, string>();
    const onLedger = new Map<string, string[]>();
    const toReview: string[] = [];
    const kills: Record<KillKind, number> = { timer: 0, 'block-commit': 0, 'block-committed': 0 };
    const failures: string[] = [];
    let retriedInDoubt = 0;
    let inDoubtFoundCommitted = 0;
    let scanned = 0;
    let sequence = 0;

    const nextRequest = (): WriteRequest => {
      const key = `crash-${SEED}-${sequence++}`;
      const roll = random();
      if (roll < 0.3 && toReview.length > 0) {
        const applicationId = toReview.shift()!;
        return {
          key,
          kind: 'review',
          path: `/certificates/${applicationId}/review`,
          as: 'taizhou-registrar',
          body: { decision: 'approve', publicityDays: 0 },
          token: applicationId,
        };
      }
      if (roll < 0.6) {
        const resultHash = randomBytes(32).toString('hex');
        return {
          key,
          kind: 'usage',
          path: `/grants/${grantId}/usages`,
          as: 'enterprise-b',
          body: { purpose: 'credit-scoring', quantity: 1, resultHash },
          token: resultHash,
        };
      }
      const body = applicationBody({ name: `Crash-load dataset ${key}` });
      return { key, kind: 'application', path: '/certificates', as: 'enterprise-a', body, token: String(body.fingerprint) };
    };

    const acknowledge = (request: WriteRequest, status: number, body: Record<string, unknown>): void => {
      journal.set(request.key, { request, status, body, txId: String(body.txId) });
      if (request.kind === 'application') toReview.push(String(body.applicationId));
    };

    /** Sends one journaled write and files it as acknowledged, refused or in doubt. */
    const send = async (request: WriteRequest): Promise<void> => {
      requests.set(request.key, request);
      keyOfToken.set(request.token, request.key);
      try {
        const answer = await post(request.path, request.as, request.body, request.key);
        if (answer.status >= 200 && answer.status < 300) acknowledge(request, answer.status, answer.body);
        else refused.set(request.key, request);
      } catch {
        inDoubt.set(request.key, request);
      }
    };

    /** Reads the blocks committed since the last scan: which requests have a VALID transaction. */
    const scan = async (): Promise<void> => {
      const { height, transactions } = await scanLedger(dataDir, scanned);
      scanned = height;
      for (const tx of transactions) {
        if (!tx.valid) continue;
        const key = tx.strings.map((s) => keyOfToken.get(s)).find((k) => k !== undefined);
        if (key !== undefined) onLedger.set(key, [...(onLedger.get(key) ?? []), tx.txId]);
      }
    };

    const check = async (round: string): Promise<void> => {
      const verdict = await verifyLedger(dataDir);
      if (verdict.code !== 0) failures.push(`${round}: ledger:verify exited ${verdict.code}: ${verdict.output.trim()}`);
      await scan();
    };

    /**
     * The same request with the same key again, for one whose connection died before the answer: it
     * must be answered with the transaction already on the ledger when there is one. A retry whose
     * own connection dies (the next kill) stays in doubt.
     */
    const retryInDoubt = async (request: WriteRequest): Promise<void> => {
      const committed = onLedger.get(request.key) ?? [];
      let answer;
      try {
        answer = await post(request.path, request.as, request.body, request.key);
      } catch {
        return;
      }
      inDoubt.delete(request.key);
      if (answer.status < 200 || answer.status >= 300) {
        failures.push(`retry of in-doubt ${request.key} (${request.kind}) answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return;
      }
      retriedInDoubt++;
      if (committed.length === 1) {
        inDoubtFoundCommitted++;
        if (answer.body.txId !== committed[0])
          failures.push(`retry of in-doubt ${request.key} answered ${String(answer.body.txId)}, but ${committed[0]!} is on the ledger`);
      }
      acknowledge(request, answer.status, answer.body);
    };

    let aimedMissed = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const kind: KillKind = (['timer', 'block-commit', 'block-committed'] as const)[kill % 3]!;
      const atBlock = 3 + Math.floor(random() * 20);
      const killAfterMs = 300 + Math.floor(random() * 2500);
      gateway = await startGateway(dataDir, kind === 'timer' ? {} : { DAL_TEST_CRASH_AT: `${kind}:${atBlock}` });

      // the load: the in-doubt requests retried, and RATE new writes a second, until the gateway dies
      const sending = new Set<Promise<void>>();
      const track = (p: Promise<void>): void => {
        sending.add(p);
        void p.finally(() => sending.delete(p));
      };
      for (const request of [...inDoubt.values()]) track(retryInDoubt(request));
      const ticker = setInterval(() => {
        if (sending.size < MAX_IN_FLIGHT) track(send(nextRequest()));
      }, 1000 / RATE);
      // an aimed kill not reached within 20 s (a slow machine commits fewer blocks) becomes a timer kill
      let byTimer = false;
      const timer = setTimeout(
        () => {
          byTimer = true;
          void killGateway(gateway!);
        },
        kind === 'timer' ? killAfterMs : 20_000,
      );
      const exit = await gateway.exited;
      clearTimeout(timer);
      clearInterval(ticker);
      await Promise.all(sending);
      expect(exit, gateway.output()).to.equal('SIGKILL');
      if (kind !== 'timer' && byTimer) aimedMissed++;
      kills[byTimer ? 'timer' : kind]++;
      await check(`kill ${kill + 1} (${kind}${kind === 'timer' ? ` at ${killAfterMs} ms` : ` at block ${atBlock}`})`);
    }

    // a last start: the requests still in doubt are retried; then a clean stop and a final check
    gateway = await startGateway(dataDir);
    await Promise.all([...inDoubt.values()].map(retryInDoubt));
    expect([...inDoubt.keys()], 'requests still in doubt after the last restart').to.deep.equal([]);
    // an acknowledged write retried with its key is answered from the idempotency record, not written again
    const sample = [...journal.values()].filter((_, i) => i % 25 === 0);
    for (const ack of sample) {
      const again = await post(ack.request.path, ack.request.as, ack.request.body, ack.request.key);
      if (again.body.txId !== ack.txId) failures.push(`repeat of acknowledged ${ack.request.key} answered ${String(again.body.txId)}, not ${ack.txId}`);
    }
    await stopGateway(gateway);
    await check('final');

    let lost = 0;
    let duplicated = 0;
    for (const ack of journal.values()) {
      const txs = onLedger.get(ack.request.key) ?? [];
      if (txs.length === 0) lost++;
      if (txs.length > 1) duplicated++;
      if (txs.length === 1 && txs[0] !== ack.txId) failures.push(`acknowledged ${ack.request.key} answered ${ack.txId}, but the ledger has ${txs[0]!}`);
    }
    for (const key of refused.keys()) {
      if ((onLedger.get(key) ?? []).length > 1) duplicated++;
    }
    const byKind = (k: Kind): number => [...journal.values()].filter((a) => a.request.kind === k).length;
    console.log(
      `      crash under load (seed ${SEED}, ${RATE} writes/s): kills ${KILLS} (timer ${kills.timer}${aimedMissed > 0 ? ` of which ${aimedMissed} aimed but not reached` : ''}, mid-block-commit ${kills['block-commit']}, between commit and answer ${kills['block-committed']}); ` +
        `requests ${requests.size}; acknowledged ${journal.size} (applications ${byKind('application')}, reviews ${byKind('review')}, uses ${byKind('usage')}); ` +
        `in doubt retried ${retriedInDoubt} (already committed ${inDoubtFoundCommitted}); refused ${refused.size}; lost ${lost}; duplicated ${duplicated}`,
    );
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(lost, 'acknowledged writes missing from the ledger').to.equal(0);
    expect(duplicated, 'requests on the ledger more than once').to.equal(0);
    expect(journal.size, 'the load acknowledged too few writes to mean anything').to.be.greaterThan(KILLS * 5);
  });
});
