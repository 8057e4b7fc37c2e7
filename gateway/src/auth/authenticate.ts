/**
 * Resolves the caller of an authenticated route from `Authorization: Bearer <api key>`.
 * Public routes never call this; see RouteDefinition.access.
 */
import { AuthenticationError } from '../http/errors';
import type { CallerIdentity, IdentityStore } from './identity';

/** The identity behind the request's API key; throws AuthenticationError (401) otherwise. */
export function authenticate(identities: IdentityStore, authorization: string | undefined): CallerIdentity {
  if (authorization === undefined || authorization.trim() === '') {
    throw new AuthenticationError('an API key is required: send "Authorization: Bearer <api key>"');
  }
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match?.[1]) throw new AuthenticationError('the Authorization header must be "Bearer <api key>"');
  const caller = identities.resolve(match[1]);
  if (!caller) throw new AuthenticationError('the API key is not valid');
  return caller;
}
