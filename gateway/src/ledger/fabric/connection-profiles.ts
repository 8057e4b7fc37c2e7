/**
 * Loads common connection profiles for fabric-network: one file, or a folder holding one
 * profile per organisation (network/fabric/connection-profiles). `tlsCACerts.path` entries
 * are resolved against the profile's own folder and inlined as `pem`, so a profile works
 * whatever the process's working directory is.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export type ConnectionProfile = Record<string, unknown>;

interface TlsHolder {
  tlsCACerts?: { path?: string; pem?: string | string[] };
}

function inlineTlsCerts(section: unknown, baseDir: string): void {
  if (!section || typeof section !== 'object') return;
  for (const node of Object.values(section as Record<string, TlsHolder>)) {
    const certs = node?.tlsCACerts;
    if (certs?.path && !certs.pem) {
      const file = isAbsolute(certs.path) ? certs.path : resolve(baseDir, certs.path);
      certs.pem = readFileSync(file, 'utf8');
      delete certs.path;
    }
  }
}

function inlineProfileCerts(profile: ConnectionProfile, file: string): ConnectionProfile {
  inlineTlsCerts(profile.peers, dirname(file));
  inlineTlsCerts(profile.orderers, dirname(file));
  inlineTlsCerts(profile.certificateAuthorities, dirname(file));
  return profile;
}

/** The MSP id of the organisation a profile is written for (`client.organization`). */
export function profileMspId(profile: ConnectionProfile): string | undefined {
  const client = profile.client as { organization?: string } | undefined;
  const orgs = profile.organizations as Record<string, { mspid?: string }> | undefined;
  return client?.organization ? orgs?.[client.organization]?.mspid : undefined;
}

/**
 * Profiles by MSP id. Certificates are read now: a missing one means the network is not set up.
 * With `organization` (DAL_ORG), only that organisation's profile, which must be there: a
 * one-organisation gateway connects through its own peers only.
 */
export function loadConnectionProfiles(path: string, organization?: string): Map<string, ConnectionProfile> {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f))
    : [path];
  const profiles = new Map<string, ConnectionProfile>();
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as ConnectionProfile;
    const mspId = profileMspId(profile);
    if (!mspId) throw new Error(`connection profile ${file} names no client organisation with an mspid`);
    // another organisation's profile is not read further: its certificates need not be on this machine
    if (organization === undefined || mspId === organization) profiles.set(mspId, inlineProfileCerts(profile, file));
  }
  if (organization !== undefined && !profiles.has(organization)) {
    throw new Error(`${path} has no connection profile of ${organization} (DAL_ORG): give FABRIC_CONNECTION_PROFILE that organisation's profile, or the folder holding it`);
  }
  return profiles;
}
