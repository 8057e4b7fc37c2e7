/**
 * Tamper: a byte flipped in a stored block, in state and in history — and a transaction's
 * validation code flipped in its block's filter, which no hash or signature covers — is found
 * by `npm run ledger:verify` (with the gateway stopped) and by `GET /ledger/integrity` (with
 * it running), each naming the first bad block and, for state and history, the key and what
 * is wrong. The altering is done through LevelDB itself, as someone with write access to the
 * data directory would; a flip in LevelDB's own files is refused by its checksums on read.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { KEY, openLedgerDb, type Db } from '../../network/src/embedded/ledger-db';
import { METADATA } from '../../network/src/protocol/block-metadata';
import { REPO_ROOT } from '../support/test-network';
import { startGateway } from '../gateway/support/start-gateway';
import { apiClient } from '../gateway/support/api-client';

const VERIFY = join(REPO_ROOT, 'build', 'scripts', 'ledger-verify.js');

function ledgerVerify(dataDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFY, '--data-dir', dataDir], (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** The one stored key under `prefix` whose key ends with `suffix`. */
async function keyEndingWith(db: Db, prefix: string, includes: string): Promise<string> {
  const found: string[] = [];
  for await (const key of db.keys({ gte: prefix, lt: `${prefix}\uffff` })) if (key.includes(includes)) found.push(key);
  expect(found, `${prefix}…${includes}`).to.have.lengthOf(1);
  return found[0]!;
}

function flipLastByte(value: Buffer): Buffer {
  const copy = Buffer.from(value);
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0x01;
  return copy;
}

interface TamperCase {
  readonly name: string;
  alter(db: Db, target: { readonly blockNumber: number }): Promise<void>;
  readonly problem: RegExp;
}

const CASES: readonly TamperCase[] = [
  {
    name: 'a byte of a stored block',
    async alter(db, target) {
      const key = KEY.block(target.blockNumber);
      const raw = (await db.get(key))!;
      const at = raw.indexOf(Buffer.from('original'));
      raw[at] = raw[at]! ^ 0x01;
      await db.put(key, raw);
    },
    problem: /data hash/,
  },
  {
    name: 'a byte of a state value',
    async alter(db) {
      const key = await keyEndingWith(db, 'st/', '\u0000tamper');
      await db.put(key, flipLastByte((await db.get(key))!));
    },
    problem: /state key "[^"]*tamper" differs from what block \d+, transaction \d+ wrote/,
  },
  {
    name: 'a byte of a history entry',
    async alter(db) {
      const key = await keyEndingWith(db, 'hi/', '\u0000tamper\u0000');
      await db.put(key, flipLastByte((await db.get(key))!));
    },
    problem: /history entry of key "[^"]*tamper" at block \d+ differs/,
  },
  {
    name: 'a state key (one added that no transaction wrote)',
    async alter(db) {
      const key = await keyEndingWith(db, 'st/', '\u0000tamper');
      await db.put(`${key}-forged`, (await db.get(key))!);
    },
    problem: /state key "[^"]*tamper-forged" holds a value no valid transaction left there/,
  },
  {
    name: "a transaction's validation code in its block",
    async alter(db, target) {
      const key = KEY.block(target.blockNumber);
      const block = common.Block.deserializeBinary((await db.get(key))!);
      const list = block.getMetadata()!.getMetadataList_asU8().slice();
      const filter = Uint8Array.from(list[METADATA.TRANSACTIONS_FILTER]!);
      filter.fill(11); // MVCC_READ_CONFLICT: the write is still in state, but no valid transaction made it
      list[METADATA.TRANSACTIONS_FILTER] = filter;
      block.getMetadata()!.setMetadataList(list);
      await db.put(key, Buffer.from(block.serializeBinary()));
    },
    // its write is still in history and state, but no valid transaction made it: named from either
    problem:
      /history entry of key "[^"]*tamper" at block \d+ was written by no valid transaction|state key "[^"]*tamper" holds a value no valid transaction left there/,
  },
];

describe('reliability: tamper detection', function () {
  this.timeout(120_000);
  let dataDir: string;
  let detected = { verify: 0, http: 0 };
  before(() => {
    detected = { verify: 0, http: 0 };
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dal-tamper-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));
  after(() => {
    console.log(
      `      tamper: ${CASES.length} cases; detected by ledger:verify ${detected.verify}/${CASES.length}, by GET /ledger/integrity ${detected.http}/${CASES.length}, each naming the block`,
    );
  });

  it('finds an untouched ledger intact, state and history included, through both', async function () {
    const gw = await startGateway({ dataDir });
    try {
      await gw.net.submit('enterprise-a', 'KV:Put', 'tamper', 'original');
      const report = (await apiClient(gw).ok('auditor', 'GET', '/ledger/integrity')) as Record<string, unknown>;
      expect(report).to.include({ ok: true });
      expect(report.checkedStateKeys).to.be.greaterThan(0);
      expect(report.checkedHistoryEntries).to.be.greaterThan(0);
    } finally {
      await gw.close();
    }
    const verdict = await ledgerVerify(dataDir);
    expect(verdict.code, verdict.output).to.equal(0);
    expect(verdict.output).to.match(/[1-9]\d* state keys and [1-9]\d* history entries match the blocks' writes/);
  });

  for (const tamper of CASES) {
    it(`names the first bad block when ${tamper.name} is altered, in ledger:verify and GET /ledger/integrity`, async function () {
      let gw = await startGateway({ dataDir });
      const target = await gw.net.submit('enterprise-a', 'KV:Put', 'tamper', 'original');
      await gw.net.submit('enterprise-a', 'KV:Put', 'after', 'x');
      await gw.close();
      const db = await openLedgerDb(join(dataDir, 'ledger'));
      try {
        await tamper.alter(db, target);
      } finally {
        await db.close();
      }

      const verdict = await ledgerVerify(dataDir);
      expect(verdict.code, verdict.output).to.equal(1);
      expect(verdict.output).to.include(`DAMAGED: first bad block ${target.blockNumber} of`);
      expect(verdict.output).to.match(tamper.problem);
      detected.verify++;

      gw = await startGateway({ dataDir });
      try {
        const report = (await apiClient(gw).ok('auditor', 'GET', '/ledger/integrity')) as Record<string, unknown>;
        expect(report).to.include({ ok: false, firstBadBlock: target.blockNumber });
        expect(report.problem).to.match(tamper.problem);
        detected.http++;
      } finally {
        await gw.close();
      }
    });
  }
});
