/**
 * A chaincode "container": a worker thread that runs the unmodified chaincode package with
 * fabric-shim's own ChaincodeMessageHandler, speaking Fabric's chaincode protocol
 * (peer.ChaincodeMessage) to the embedded peer over a message port instead of gRPC.
 * One chaincode per thread also keeps fabric-contract-api's global metadata apart.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createMessageBatcher, type MessageBatcher } from './message-batch';

interface WorkerInput {
  readonly packageDir: string;
  readonly chaincodeId: string;
  readonly logLevel: string;
  /** The host clock's offset from the system clock in ms, kept current by the peer (chaincode-runtime.ts HostClock). */
  readonly clockOffset: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
process.env.CORE_CHAINCODE_LOGGING_LEVEL = input.logLevel;

// The container's clock is its host's (the network's Clock), as libfaketime would make it —
// through Date.now only, the one clock chaincode/src/time-window.ts reads (a test holds it to that);
// `new Date()` and performance.now() in a worker still read the system clock.
const clockOffset = new BigInt64Array(input.clockOffset);
const systemNow = Date.now.bind(Date);
Date.now = (): number => systemNow() + Number(Atomics.load(clockOffset, 0));

// Resolve the shim from the chaincode package itself, as `fabric-chaincode-node start` would.
const requireFromPackage = createRequire(join(input.packageDir, 'package.json'));
const { peer } = requireFromPackage('@hyperledger/fabric-protos') as typeof import('@hyperledger/fabric-protos');
const { ChaincodeMessageHandler } = requireFromPackage('fabric-shim/lib/handler.js') as {
  ChaincodeMessageHandler: new (stream: EventEmitter, chaincode: unknown) => { chat(msg: unknown): void };
};
const Bootstrap = requireFromPackage('fabric-shim/lib/contract-spi/bootstrap.js') as {
  getInfoFromContract(dir: string): { contracts: unknown[]; serializers: unknown; title: string; version: string };
  getMetadata(dir: string): Promise<unknown>;
};
const ChaincodeFromContract = requireFromPackage('fabric-shim/lib/contract-spi/chaincodefromcontract.js') as new (
  contracts: unknown[],
  serializers: unknown,
  metadata: unknown,
  title: string,
  version: string,
) => unknown;

/**
 * The shim's and fabric-contract-api's module loggers (their `getLogger` names). winston runs a
 * logger's whole format (timestamp, metadata, colours, padding, printf with JSON of every
 * argument) for each call before its transport drops the line by level, so a `logger.debug` in
 * the shim's per-message path costs as much when debug is off as when it is on.
 */
const SHIM_LOGGERS = [
  '_',
  'lib/handler.js',
  'lib/stub.js',
  'lib/chaincode.js',
  'lib/iterators.js',
  'lib/server.js',
  'contracts-spi/chaincodefromcontract.js',
  'contracts-spi/bootstrap.js',
  'contracts-spi/datamarshall.js',
];
const CONTRACT_API_LOGGERS = [
  './lib/jsontransactionserializer.js',
  './lib/annotations/default.js',
  './lib/annotations/info.js',
  './lib/annotations/object.js',
  './lib/annotations/transaction.js',
  './lib/contract.js',
];

interface WinstonLogger {
  silent: boolean;
  isLevelEnabled(level: string): boolean;
}

/**
 * Configures the loggers through their own API (winston's `silent`), as an operator would:
 * a logger whose level lets no line through — the default CRITICAL maps to a level winston's
 * transports never print — is made silent, so it stops formatting lines nobody will see.
 * At any level that prints (ERROR, WARNING, INFO, DEBUG) the loggers are left as they are.
 */
function silenceMutedLoggers(): void {
  const groups: [string, readonly string[]][] = [
    ['fabric-shim/lib/logger.js', SHIM_LOGGERS],
    ['fabric-contract-api/lib/logger.js', CONTRACT_API_LOGGERS],
  ];
  for (const [module, names] of groups) {
    const { getLogger } = requireFromPackage(module) as { getLogger(name: string): WinstonLogger };
    for (const name of names) {
      const logger = getLogger(name);
      // error is the most severe level winston's npm levels have: if it is off, everything is
      if (!logger.isLevelEnabled('error')) logger.silent = true;
    }
  }
}

/**
 * The shim parses the creator's certificate (`Certificate.fromPEM` of @fidm/x509) in every
 * transaction to build its ClientIdentity, though a client signs thousands of proposals with one
 * certificate. Parsing is a pure function of the PEM text and ClientIdentity only reads the
 * result, so the container keeps the parsed certificates by their PEM text (bounded).
 */
function cacheCertificateParsing(): void {
  const requireFromShim = createRequire(requireFromPackage.resolve('fabric-shim/package.json'));
  const { Certificate } = requireFromShim('@fidm/x509') as { Certificate: { fromPEM(pem: Buffer | string): unknown } };
  const parse = Certificate.fromPEM.bind(Certificate);
  const parsed = new Map<string, unknown>();
  Certificate.fromPEM = (pem) => {
    const key = typeof pem === 'string' ? pem : pem.toString('latin1');
    let cert = parsed.get(key);
    if (cert === undefined) {
      cert = parse(pem);
      if (parsed.size >= 1_000) parsed.clear();
      parsed.set(key, cert);
    }
    return cert;
  };
}

class PortStream extends EventEmitter {
  private readonly outbox: MessageBatcher = createMessageBatcher(parentPort!);

  write(msg: { serializeBinary(): Uint8Array }): void {
    this.outbox.send(msg.serializeBinary());
  }
  end(): void {
    /* the peer owns the port's lifetime */
  }
}

async function main(): Promise<void> {
  const { contracts, serializers, title, version } = Bootstrap.getInfoFromContract(input.packageDir);
  const metadata = await Bootstrap.getMetadata(input.packageDir);
  // ChaincodeFromContract pushes the system contract into the array it is given: pass a copy
  const chaincode = new ChaincodeFromContract([...contracts], serializers, metadata, title, version);
  silenceMutedLoggers();
  cacheCertificateParsing();
  const stream = new PortStream();
  parentPort!.on('message', (batch: Uint8Array[]) => {
    for (const bytes of batch) stream.emit('data', peer.ChaincodeMessage.deserializeBinary(bytes));
  });
  const handler = new ChaincodeMessageHandler(stream, chaincode);
  const id = new peer.ChaincodeID();
  id.setName(input.chaincodeId);
  const register = new peer.ChaincodeMessage();
  register.setType(peer.ChaincodeMessage.Type.REGISTER);
  register.setPayload(id.serializeBinary());
  handler.chat(register);
}

main().catch((err: unknown) => {
  // Tell the peer why, then exit, as a container that cannot start logs its reason and stops.
  // (Throwing would not do: the shim's logger handles uncaught errors itself.)
  parentPort!.postMessage({ startFailure: `chaincode ${input.chaincodeId} failed to start: ${(err as Error).message ?? String(err)}` });
  process.exit(1);
});
