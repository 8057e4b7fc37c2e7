import { expect } from 'chai';
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fromChaincodeMessage } from '../../gateway/src/http/chaincode-error';
import { problemHandler, toHttpError } from '../../gateway/src/http/problem';
import {
  CommitError,
  EndorsementError,
  EndorsementMismatchError,
  LedgerNotFoundError,
  LedgerTimeoutError,
  LedgerUnavailableError,
  UnknownIdentityError,
} from '../../gateway/src/ledger/errors';

describe('error mapping', function () {
  describe('fromChaincodeMessage', function () {
    const cases: [string, number, string][] = [
      ['INVALID_REQUEST: publicityDays must be 0..30', 400, 'invalid_request'],
      ['FORBIDDEN: only the issuing registry may review', 403, 'forbidden'],
      ['NOT_FOUND: certificate 321200-2026-000001 does not exist', 404, 'not_found'],
      ['CONFLICT: fingerprint already registered as 321200-2026-000001', 409, 'conflict'],
      ['POLICY_VIOLATION: category is on the negative list', 422, 'policy_violation'],
    ];
    for (const [message, status, code] of cases) {
      it(`maps "${message.slice(0, message.indexOf(':'))}:" to ${status} ${code} with the prefix removed from the detail`, function () {
        const error = fromChaincodeMessage(message);
        expect(error).to.include({ status, code, message: message.slice(message.indexOf(':') + 1).trim() });
      });
    }

    it('maps a message without a known code, or with an Object.prototype name as code, to nothing', function () {
      for (const message of ['TypeError: x is undefined', 'no colon here', 'constructor: boom', 'conflict: lower case is not a code', '']) {
        expect(fromChaincodeMessage(message), message).to.equal(undefined);
      }
    });
  });

  describe('toHttpError', function () {
    it('maps chaincode refusals through their code and unknown chaincode failures to 500', function () {
      expect(toHttpError(new EndorsementError('CONFLICT: duplicate'))).to.include({ status: 409, code: 'conflict', message: 'duplicate' });
      expect(toHttpError(new EndorsementError('Cannot read properties of undefined'))).to.include({ status: 500, code: 'internal' });
    });

    it('maps an endorser\'s refusal of the proposal time to 503 proposal_time_out_of_window, saying the clocks disagree and keeping the chaincode\'s detail', function () {
      const detail = "the proposal time 2031-03-01T08:50:00.000Z is 600 s behind this endorser's clock 2031-03-01T09:00:00.000Z; endorsers accept proposals stamped within 300 s of their own time (DAL_TIME_WINDOW_SECONDS)";
      const error = toHttpError(new EndorsementError(`PROPOSAL_TIME_OUT_OF_WINDOW: ${detail}`));
      expect(error).to.include({ status: 503, code: 'proposal_time_out_of_window', title: 'Clocks out of step' });
      expect(error.message).to.match(/^the ledger's endorsers refused the time this gateway stamped on the proposal, so nothing was written; the gateway's and the peers' clocks must agree/);
      expect(error.message.endsWith(`: ${detail}`)).to.equal(true);
    });

    it('maps invalidation by a concurrent change (MVCC, phantom read, changed key-level policy) to 409 and any other validation code to 500', function () {
      expect(toHttpError(new CommitError('tx1', 'MVCC_READ_CONFLICT'))).to.include({ status: 409, code: 'conflict' });
      expect(toHttpError(new CommitError('tx1', 'PHANTOM_READ_CONFLICT'))).to.include({ status: 409, code: 'conflict' });
      expect(toHttpError(new CommitError('tx1', 'ENDORSEMENT_POLICY_FAILURE'))).to.include({ status: 409, code: 'conflict' });
      expect(toHttpError(new CommitError('tx1', 'BAD_CREATOR_SIGNATURE'))).to.include({ status: 500, code: 'internal' });
    });

    it('maps ledger availability, timeouts, missing facts and unknown identities to 503, 504, 404 and 401', function () {
      expect(toHttpError(new LedgerUnavailableError('no raft leader'))).to.include({ status: 503, code: 'unavailable' });
      expect(toHttpError(new LedgerTimeoutError('commit wait'))).to.include({ status: 504, code: 'timeout' });
      expect(toHttpError(new LedgerNotFoundError('block 99 does not exist'))).to.include({ status: 404, code: 'not_found' });
      expect(toHttpError(new UnknownIdentityError('x'))).to.include({ status: 401, code: 'unauthenticated' });
      expect(toHttpError(new EndorsementMismatchError('x'))).to.include({ status: 500, code: 'internal' });
    });

    it('maps anything else to 500', function () {
      expect(toHttpError(new Error('boom'))).to.include({ status: 500, code: 'internal' });
      expect(toHttpError('a string')).to.include({ status: 500, code: 'internal' });
      expect(toHttpError(null)).to.include({ status: 500, code: 'internal' });
    });
  });
});

describe('problem middleware', function () {
  it('answers an unexpected error with a 500 problem carrying a log reference and no internals', async function () {
    const logged: string[] = [];
    const log = { error: (l: string) => logged.push(l), warn: () => {}, info: () => {}, debug: () => {} };
    const app = express();
    app.get('/boom', () => {
      throw new Error('database password is hunter2 at /srv/secret.ts:12');
    });
    app.use(problemHandler(log));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      expect(res.status).to.equal(500);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).to.not.include('hunter2').and.not.include('secret.ts');
      const body = JSON.parse(text) as { code: string; detail: string };
      expect(body.code).to.equal('internal');
      const reference = /reference ([0-9a-f-]{36})/.exec(body.detail)?.[1];
      expect(reference).to.be.a('string');
      expect(logged.join('\n')).to.include(reference).and.include('hunter2');
    } finally {
      server.close();
    }
  });
});
