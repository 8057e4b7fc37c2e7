/**
 * The organisation's admin API, served on its own listener bound to the loopback interface
 * (scripts/start.ts) and guarded by the admin token (admin-credential.ts): users (add, list,
 * rotate a key, revoke), the one-off chaincode initialisation of a production deployment, and
 * on Fabric the channel's config block for the CRL's config update.
 * It is not part of the public API document; `npm run users` (scripts/users.ts) is its client.
 * Errors are problem+json through the same typed errors and middleware as the public API.
 */
import express, { type Express, type Request } from 'express';
import type { Consortium } from '../../../network/src/consortium';
import { accessLog } from '../http/access-log';
import { AuthenticationError, ConflictError, InputError, NotAllowedError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { notFoundHandler, problemHandler } from '../http/problem';
import { lastConfigIndex } from '../ledger/fabric/config-roots';
import type { Ledger } from '../ledger/ledger';
import type { Logger } from '../logger';
import type { UserDirectory } from '../users/user-directory';
import { tokenMatches } from './admin-credential';

export interface AdminAppDependencies {
  readonly users: UserDirectory;
  readonly token: string;
  readonly ledger: Ledger;
  readonly consortium: Consortium;
  /** DAL_ORG, if the gateway serves one organisation. */
  readonly organization?: string;
  readonly log: Logger;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function createAdminApp(deps: Readonly<AdminAppDependencies>): Express {
  const { users, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // answers carry API keys: never cached anywhere
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    next();
  });
  app.use(accessLog(log));
  app.use((req, _res, next) => {
    // bound to loopback by start.ts; refused here too, should a proxy ever forward to it
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) throw new NotAllowedError('the admin API answers on the loopback interface only');
    const bearer = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer === undefined || !tokenMatches(bearer, deps.token)) {
      throw new AuthenticationError(`the admin API needs "Authorization: Bearer <token>" with the token of the gateway's admin-api.json`);
    }
    next();
  });
  app.use(jsonBody(64 * 1024));

  app.get('/admin/v1/users', (req, res) => {
    res.json({ users: users.list(optionalString(req.query.mspId, 'mspId')) });
  });
  app.post('/admin/v1/users', async (req, res) => {
    const body = bodyOf(req);
    const issued = await users.add({
      enrollmentId: requiredString(body.enrollmentId, 'enrollmentId'),
      roles: stringList(body.roles, 'roles'),
      ...optional('entity', optionalString(body.entity, 'entity')),
      ...optional('mspId', optionalString(body.mspId, 'mspId')),
    });
    res.status(201).json(issued);
  });
  app.post('/admin/v1/users/:enrollmentId/rotate-key', async (req, res) => {
    const body = bodyOf(req);
    const graceSeconds = body.graceSeconds;
    if (graceSeconds !== undefined && (typeof graceSeconds !== 'number' || !Number.isInteger(graceSeconds)))
      throw new InputError('graceSeconds must be a whole number');
    const issued = await users.rotateKey(String(req.params.enrollmentId), {
      ...optional('mspId', optionalString(body.mspId, 'mspId')),
      ...optional('graceMs', graceSeconds === undefined ? undefined : graceSeconds * 1000),
    });
    res.json(issued);
  });
  app.post('/admin/v1/users/:enrollmentId/revoke', async (req, res) => {
    const body = bodyOf(req);
    res.json(await users.revoke(String(req.params.enrollmentId), optional('mspId', optionalString(body.mspId, 'mspId'))));
  });
  /**
   * Consortium:Init as a user of this organisation (one with the `admin` role): in production
   * mode nobody else initialises the chaincode. Repeating it with the same definition is a no-op.
   */
  app.post('/admin/v1/consortium/init', async (req, res) => {
    const body = bodyOf(req);
    const mspId = optionalString(body.mspId, 'mspId') ?? deps.organization;
    if (mspId === undefined) throw new InputError('name the organisation of the user who initialises the chaincode (mspId)');
    if (deps.organization !== undefined && mspId !== deps.organization) throw new NotAllowedError(`this gateway serves ${deps.organization} (DAL_ORG)`);
    const tx = await deps.ledger.submit({ mspId, enrollmentId: requiredString(body.enrollmentId, 'enrollmentId') }, 'Consortium:Init', [
      JSON.stringify(deps.consortium),
    ]);
    log.info(`admin: chaincode initialised with the consortium definition (tx ${tx.txId}, block ${tx.blockNumber})`);
    res.json({ txId: tx.txId, blockNumber: tx.blockNumber });
  });

  /**
   * The channel's current config block (base64), for `npm run users -- push-crl`, which builds
   * the config update carrying the CRL and signs it with the organisation admin's key — a key
   * the gateway never holds. Fabric only: the embedded network applies its CAs' CRLs itself.
   */
  app.get('/admin/v1/channel/config-block', async (_req, res) => {
    if (deps.ledger.backend !== 'fabric')
      throw new ConflictError("the embedded network gives its CAs' CRLs to its channel MSPs itself: there is no config update to make");
    const latest = await deps.ledger.getRawBlock((await deps.ledger.height()) - 1);
    const index = lastConfigIndex(latest);
    const block = await deps.ledger.getRawBlock(index);
    res.json({ blockNumber: index, block: Buffer.from(block).toString('base64'), ...optional('organization', deps.organization) });
  });

  app.use(notFoundHandler);
  app.use(problemHandler(log));
  return app;
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError('the request body must be a JSON object');
  return body as Record<string, unknown>;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new InputError(`${name} is required (a string)`);
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InputError(`${name} must be a non-empty string`);
  return value;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new InputError(`${name} must be an array of strings`);
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
