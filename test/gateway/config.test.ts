import { expect } from 'chai';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../gateway/src/config';

describe('gateway config', function () {
  it('defaults to the embedded backend on 127.0.0.1:8080 with data under .data and a 256kb body limit', function () {
    const config = loadConfig({});
    expect(config).to.deep.equal({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve('.data'),
      ledgerBackend: 'embedded',
      bodyLimitBytes: 256 * 1024,
      logLevel: 'info',
      minBlockTimeoutMs: 10_000,
      mode: 'demo',
      adminPort: 0,
      keyRotationGraceMs: 86_400_000,
      minFreeBytes: 64 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      rateLimit: { perMinute: 0, burst: 10 },
    });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reads every variable it documents', function () {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DAL_DATA_DIR: '/tmp/dal',
      LEDGER_BACKEND: 'fabric',
      FABRIC_CONNECTION_PROFILE: '/etc/dal/profile.json',
      FABRIC_WALLET: '/etc/dal/wallet',
      FABRIC_AS_LOCALHOST: 'false',
      BODY_LIMIT: '1mb',
      LOG_LEVEL: 'debug',
      DAL_ORG: 'YanchengRegistryMSP',
      DAL_MIN_BLOCK_TIMEOUT_MS: '2500',
      DAL_MIN_FREE_MB: '128',
    });
    expect(config).to.deep.include({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/tmp/dal',
      ledgerBackend: 'fabric',
      bodyLimitBytes: 1024 * 1024,
      logLevel: 'debug',
      organization: 'YanchengRegistryMSP',
      minBlockTimeoutMs: 2500,
      minFreeBytes: 128 * 1024 * 1024,
    });
    expect(config.fabric).to.deep.equal({
      connectionProfile: '/etc/dal/profile.json',
      wallet: '/etc/dal/wallet',
      asLocalhost: false,
      caRegistrar: { enrollmentId: 'admin', secret: 'adminpw' },
    });
  });

  it('runs the demo unless DAL_MODE=production, with the admin API on any free loopback port and a one-day key rotation grace by default', function () {
    expect(loadConfig({})).to.include({ mode: 'demo', adminPort: 0, keyRotationGraceMs: 86_400_000 });
    expect(loadConfig({ DAL_MODE: 'production', DAL_ADMIN_PORT: '9181', DAL_KEY_ROTATION_GRACE_SECONDS: '60' })).to.include({ mode: 'production', adminPort: 9181, keyRotationGraceMs: 60_000 });
    expect(() => loadConfig({ DAL_MODE: 'prod' })).to.throw(ConfigError, /DAL_MODE must be one of demo, production, got "prod"/);
    expect(() => loadConfig({ DAL_KEY_ROTATION_GRACE_SECONDS: '-1' })).to.throw(ConfigError, /DAL_KEY_ROTATION_GRACE_SECONDS/);
  });

  it("requires the fabric-ca registrar's secret in production mode on Fabric, where the demo's well-known one will not do", function () {
    const fabric = { LEDGER_BACKEND: 'fabric', FABRIC_CONNECTION_PROFILE: '/p.json', FABRIC_WALLET: '/w' };
    expect(() => loadConfig({ ...fabric, DAL_MODE: 'production' })).to.throw(ConfigError, /DAL_CA_REGISTRAR_SECRET is required when LEDGER_BACKEND=fabric and DAL_MODE=production/);
    expect(loadConfig({ ...fabric, DAL_MODE: 'production', DAL_CA_REGISTRAR_ID: 'tz-registrar-admin', DAL_CA_REGISTRAR_SECRET: 's3cret' }).fabric?.caRegistrar).to.deep.equal({
      enrollmentId: 'tz-registrar-admin',
      secret: 's3cret',
    });
  });

  it('treats an empty variable as unset', function () {
    expect(loadConfig({ PORT: '', LOG_LEVEL: ' ' })).to.include({ port: 8080, logLevel: 'info' });
  });

  it('serves every organisation when DAL_ORG is unset, and the one it names, checked against network/consortium.json, when set', function () {
    expect(loadConfig({})).not.to.have.property('organization');
    expect(loadConfig({ DAL_ORG: 'TaizhouRegistryMSP' }).organization).to.equal('TaizhouRegistryMSP');
  });

  it('refuses a DAL_ORG that is no organisation of the consortium, naming it and the ones it could be', function () {
    expect(() => loadConfig({ DAL_ORG: 'NanjingRegistryMSP' })).to.throw(ConfigError, /DAL_ORG .*TaizhouRegistryMSP.*got "NanjingRegistryMSP"/);
    expect(() => loadConfig({ DAL_ORG: 'taizhou' })).to.throw(ConfigError, 'got "taizhou"');
    expect(() => loadConfig({ DAL_ORG: 'SomeMSP' }, ['SomeOtherMSP'])).to.throw(ConfigError, 'SomeOtherMSP');
  });

  const invalid: [string, Record<string, string>][] = [
    ['DAL_MIN_BLOCK_TIMEOUT_MS', { DAL_MIN_BLOCK_TIMEOUT_MS: 'soon' }],
    ['DAL_MIN_BLOCK_TIMEOUT_MS', { DAL_MIN_BLOCK_TIMEOUT_MS: '0' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['LEDGER_BACKEND', { LEDGER_BACKEND: 'couchdb' }],
    ['FABRIC_CONNECTION_PROFILE', { LEDGER_BACKEND: 'fabric', FABRIC_WALLET: '/w' }],
    ['FABRIC_WALLET', { LEDGER_BACKEND: 'fabric', FABRIC_CONNECTION_PROFILE: '/p.json' }],
    ['FABRIC_AS_LOCALHOST', { LEDGER_BACKEND: 'fabric', FABRIC_CONNECTION_PROFILE: '/p.json', FABRIC_WALLET: '/w', FABRIC_AS_LOCALHOST: 'maybe' }],
    ['BODY_LIMIT', { BODY_LIMIT: 'lots' }],
    ['BODY_LIMIT', { BODY_LIMIT: '0' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
  ];
  for (const [name, env] of invalid) {
    it(`refuses ${JSON.stringify(env)} with an error naming ${name}`, function () {
      expect(() => loadConfig(env)).to.throw(ConfigError, name);
    });
  }

  it('limits each API key to 3000 requests a minute in production mode and not at all in demo mode, unless DAL_RATE_LIMIT says otherwise', function () {
    expect(loadConfig({ DAL_MODE: 'production' }).rateLimit).to.deep.equal({ perMinute: 3000, burst: 100 });
    expect(loadConfig({}).rateLimit.perMinute).to.equal(0);
    expect(loadConfig({ DAL_RATE_LIMIT: '5', DAL_RATE_LIMIT_BURST: '7' }).rateLimit).to.deep.equal({ perMinute: 5, burst: 7 });
    expect(loadConfig({ DAL_MODE: 'production', DAL_RATE_LIMIT: '0' }).rateLimit.perMinute).to.equal(0);
    expect(() => loadConfig({ DAL_RATE_LIMIT: 'fast' })).to.throw(ConfigError, /DAL_RATE_LIMIT/);
  });

  it('bounds the time a request may take to send its body (DAL_REQUEST_TIMEOUT_MS)', function () {
    expect(loadConfig({ DAL_REQUEST_TIMEOUT_MS: '2000' }).requestTimeoutMs).to.equal(2000);
    expect(() => loadConfig({ DAL_REQUEST_TIMEOUT_MS: '5' })).to.throw(ConfigError, /DAL_REQUEST_TIMEOUT_MS/);
  });
});
