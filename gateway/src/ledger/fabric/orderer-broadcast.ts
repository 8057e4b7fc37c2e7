/**
 * Sends one signed envelope to an ordering node over TLS with fabric-common (the Broadcast
 * stream fabric-network uses) and answers the orderer's status, e.g. `SUCCESS`.
 */
import { Client } from 'fabric-common';

export interface OrdererEndpoint {
  /** `grpcs://host:port` */
  readonly url: string;
  /** PEM of the orderer's TLS CA. */
  readonly tlsCaCertificate: string;
  /** The host name in the orderer's TLS certificate, when `url` names another (e.g. localhost). */
  readonly tlsHostName?: string;
}

export async function broadcastEnvelope(orderer: OrdererEndpoint, envelope: { readonly payload: Buffer; readonly signature: Buffer }, timeoutMs = 30_000): Promise<{ readonly status: string; readonly info: string }> {
  const client = new Client('dal-users');
  const endpoint = client.newEndpoint({
    url: orderer.url,
    pem: orderer.tlsCaCertificate,
    ...(orderer.tlsHostName !== undefined ? { 'ssl-target-name-override': orderer.tlsHostName } : {}),
    requestTimeout: timeoutMs,
  });
  const committer = client.newCommitter('orderer');
  await committer.connect(endpoint);
  try {
    // fabric-common types the envelope as bytes, but writes it to the stream as a common.Envelope message, as its own Commit does
    const message = { payload: envelope.payload, signature: envelope.signature } as unknown as Buffer;
    const answer = (await committer.sendBroadcast(message, timeoutMs)) as { status?: string; info?: string };
    return { status: String(answer.status ?? ''), info: String(answer.info ?? '') };
  } finally {
    committer.disconnect();
  }
}
