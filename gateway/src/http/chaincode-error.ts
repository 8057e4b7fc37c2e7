/**
 * The one place that reads the stable code a chaincode puts at the start of its error
 * message (`CONFLICT: fingerprint already registered as 321200-2026-000001`). Routes never
 * look at error text.
 */
import {
  ConflictError,
  HttpError,
  InputError,
  NotAllowedError,
  NotFoundError,
  PolicyViolationError,
  ProposalTimeError,
} from './errors';

// A Map, not an object literal, so that a message starting `constructor:` maps to nothing.
const BY_PREFIX: ReadonlyMap<string, new (message: string) => HttpError> = new Map<string, new (message: string) => HttpError>([
  ['INVALID_REQUEST', InputError],
  ['FORBIDDEN', NotAllowedError],
  ['NOT_FOUND', NotFoundError],
  ['CONFLICT', ConflictError],
  ['POLICY_VIOLATION', PolicyViolationError],
  ['PROPOSAL_TIME_OUT_OF_WINDOW', ProposalTimeError],
]);

/**
 * Maps a chaincode error message to its HTTP error, with the code prefix removed from the
 * detail; undefined when the message carries no known code (a chaincode fault, not the caller's).
 */
export function fromChaincodeMessage(message: string): HttpError | undefined {
  const colon = message.indexOf(':');
  if (colon < 0) return undefined;
  const make = BY_PREFIX.get(message.slice(0, colon));
  return make ? new make(message.slice(colon + 1).trim()) : undefined;
}
