/**
 * Gateway configuration, parsed once from the environment, typed and frozen. This is the
 * only module that reads `process.env`: everything else receives a GatewayConfig, so tests
 * build one from a plain object and nothing changes behind their back.
 */
import { resolve } from 'node:path';
import { loadConsortium } from '../../network/src/consortium';
import { CA_REGISTRAR } from '../../network/src/fabric/fabric-ca-config';

export type LedgerBackendName = 'embedded' | 'fabric';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface FabricConfig {
  /** Path to the connection profile (JSON or YAML) of the real Fabric network. */
  readonly connectionProfile: string;
  /** Directory of the fabric-network file-system wallet holding the enrolled identities. */
  readonly wallet: string;
  /** Rewrite peer and orderer host names to localhost (docker-compose networks on one machine). */
  readonly asLocalhost: boolean;
  /**
   * The registrar of the organisation's fabric-ca, which registers and revokes users
   * (DAL_CA_REGISTRAR_ID, DAL_CA_REGISTRAR_SECRET). The demo defaults to the bootstrap
   * registrar of network/fabric; production mode requires the secret.
   */
  readonly caRegistrar: { readonly enrollmentId: string; readonly secret: string };
}

/**
 * `demo` (the default of `npm start`): the consortium's demo identities get API keys in
 * demo-credentials.json. `production`: none; users come from the operator (`npm run users`).
 */
export type GatewayMode = 'demo' | 'production';

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (ledger, API keys, idempotency records, demo credentials). */
  readonly dataDir: string;
  readonly ledgerBackend: LedgerBackendName;
  /** Present exactly when ledgerBackend is `fabric`. */
  readonly fabric?: FabricConfig;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  readonly logLevel: LogLevel;
  /**
   * The MSP id of the one organisation this gateway serves (DAL_ORG): only its identities get
   * API keys, and on Fabric it connects through that organisation's connection profile with a
   * wallet holding only its identities. Absent: every organisation (the embedded all-in-one pilot).
   */
  readonly organization?: string;
  /** How long a read sent with `X-Min-Block` waits for the ledger to reach that block, in ms. */
  readonly minBlockTimeoutMs: number;
  /** DAL_MODE. */
  readonly mode: GatewayMode;
  /** Port of the admin API, which listens on 127.0.0.1 only (DAL_ADMIN_PORT; default 0: any free port, written to admin-api.json). */
  readonly adminPort: number;
  /** How long a rotated API key is still honoured, in ms (DAL_KEY_ROTATION_GRACE_SECONDS, default one day). */
  readonly keyRotationGraceMs: number;
  /** Free space the data directory keeps in reserve: below it writes answer 503 (DAL_MIN_FREE_MB, default 64; 0 turns the check off). */
  readonly minFreeBytes: number;
  /**
   * How long a request may take to send its body, in ms (DAL_REQUEST_TIMEOUT_MS, default 30 s):
   * a body still arriving then is answered 408 and its connection closed.
   */
  readonly requestTimeoutMs: number;
  /**
   * Requests a minute each API key may make, sustained (DAL_RATE_LIMIT; 0: no limit), with
   * bursts up to `burst` (DAL_RATE_LIMIT_BURST, default two seconds' worth, at least 10). Off by
   * default in demo mode (benches and tests drive the demo keys hard), 3000 a minute (50 a
   * second) in production mode.
   */
  readonly rateLimit: { readonly perMinute: number; readonly burst: number };
}

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the gateway configuration from `env` (the process environment unless given).
 * `organizations` are the MSP ids DAL_ORG may name; by default those of network/consortium.json.
 */
export function loadConfig(env: Env = process.env, organizations?: readonly string[]): GatewayConfig {
  const ledgerBackend = oneOf(env, 'LEDGER_BACKEND', ['embedded', 'fabric'] as const, 'embedded');
  const mode = oneOf(env, 'DAL_MODE', ['demo', 'production'] as const, 'demo');
  const config: GatewayConfig = {
    port: port(env, 'PORT', 8080),
    host: nonEmpty(env, 'HOST', '127.0.0.1'),
    dataDir: resolve(nonEmpty(env, 'DAL_DATA_DIR', '.data')),
    ledgerBackend,
    ...(ledgerBackend === 'fabric' ? { fabric: fabricConfig(env, mode) } : {}),
    bodyLimitBytes: byteSize(env, 'BODY_LIMIT', '256kb'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'info', 'debug'] as const, 'info'),
    ...organization(env, organizations),
    minBlockTimeoutMs: integer(env, 'DAL_MIN_BLOCK_TIMEOUT_MS', 10_000, 1, 300_000),
    mode,
    adminPort: port(env, 'DAL_ADMIN_PORT', 0),
    keyRotationGraceMs: integer(env, 'DAL_KEY_ROTATION_GRACE_SECONDS', 86_400, 0, 30 * 86_400) * 1000,
    minFreeBytes: integer(env, 'DAL_MIN_FREE_MB', 64, 0, 1024 * 1024) * 1024 * 1024,
    requestTimeoutMs: integer(env, 'DAL_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    rateLimit: rateLimit(env, mode),
  };
  return Object.freeze(config);
}

/** Production mode limits each API key to this many requests a minute unless DAL_RATE_LIMIT says otherwise. */
const PRODUCTION_RATE_LIMIT = 3000;

function rateLimit(env: Env, mode: GatewayMode): GatewayConfig['rateLimit'] {
  const perMinute = integer(env, 'DAL_RATE_LIMIT', mode === 'production' ? PRODUCTION_RATE_LIMIT : 0, 0, 60_000_000);
  const burst = integer(env, 'DAL_RATE_LIMIT_BURST', Math.max(10, Math.ceil(perMinute / 30)), 1, 10_000_000);
  return Object.freeze({ perMinute, burst });
}

function fabricConfig(env: Env, mode: GatewayMode): FabricConfig {
  return Object.freeze({
    connectionProfile: resolve(required(env, 'FABRIC_CONNECTION_PROFILE', 'when LEDGER_BACKEND=fabric')),
    wallet: resolve(required(env, 'FABRIC_WALLET', 'when LEDGER_BACKEND=fabric')),
    asLocalhost: bool(env, 'FABRIC_AS_LOCALHOST', true),
    caRegistrar: Object.freeze({
      enrollmentId: nonEmpty(env, 'DAL_CA_REGISTRAR_ID', CA_REGISTRAR.enrollmentId),
      // the bootstrap registrar's well-known demo password is no production secret
      secret:
        mode === 'production'
          ? required(env, 'DAL_CA_REGISTRAR_SECRET', 'when LEDGER_BACKEND=fabric and DAL_MODE=production')
          : nonEmpty(env, 'DAL_CA_REGISTRAR_SECRET', CA_REGISTRAR.secret),
    }),
  });
}

function organization(env: Env, known: readonly string[] | undefined): { organization?: string } {
  const value = raw(env, 'DAL_ORG');
  if (value === undefined) return {};
  const mspIds = known ?? loadConsortium().organizations.map((o) => o.mspId);
  if (!mspIds.includes(value)) {
    throw new ConfigError(`DAL_ORG must be the MSP id of an organisation of the consortium (${mspIds.join(', ')}), got "${value}"`);
  }
  return { organization: value };
}

/** Empty strings count as unset: `PORT= npm start` should mean the default, not an error. */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string, when: string): string {
  const value = raw(env, name);
  if (value === undefined) throw new ConfigError(`${name} is required ${when}`);
  return value;
}

function nonEmpty(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

function port(env: Env, name: string, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(`${name} must be a TCP port number between 0 and 65535, got "${value}"`);
  }
  return Number(value);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${value}"`);
  }
  return Number(value);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const match = allowed.find((a) => a === value.toLowerCase());
  if (match === undefined) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return match;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Sizes as body-parser spells them (`256kb`, `1mb`, `4096`), turned into bytes once here. */
function byteSize(env: Env, name: string, fallback: string): number {
  const value = (raw(env, name) ?? fallback).toLowerCase();
  const match = /^(\d+)\s*(b|kb|mb)?$/.exec(value);
  const bytes = match ? Number(match[1]) * (UNITS[match[2] ?? 'b'] ?? 1) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > 64 * 1024 * 1024) {
    throw new ConfigError(`${name} must be a size between 1 byte and 64mb such as 256kb or 1mb, got "${value}"`);
  }
  return bytes;
}
