/** Who is signed in (GET /api/v1/me) and what their roles let them see. */
import { createContext, useContext } from 'react';

export interface Me {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly roles: readonly string[];
  readonly entity?: string;
}

export interface Session {
  readonly me: Me;
  signOut(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

export function hasRole(me: Me, ...roles: string[]): boolean {
  return me.roles.some((r) => roles.includes(r));
}
