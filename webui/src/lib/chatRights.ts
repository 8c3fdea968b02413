// Who may do what in a session's chat, mirroring the studio's own decision so the page offers only
// what the server would allow (the server decides regardless). The server's rules:
//
// - send a message (ChatAgent.send) and decide an approval (ChatAgent.decide): SESSION UPDATE on
//   the session, which the RBAC matrix (studio-security Matrix.java) gives its owner only;
// - cancel the running turn (ChatAgent.cancel): SESSION UPDATE (the owner) or else SESSION DELETE,
//   which is Team Admin of the session's team (Caller.holds: Team Admin of that team, or an
//   organisation-wide role that includes Team Admin, i.e. Organisation Admin);
// - a studio administrator acts as Organisation Admin of the organisation (Access.in);
// - an API key needs a scope that allows writing sessions ('*', 'sessions:*', 'sessions:write').
import type { Me, SessionRecord } from '../api/types';
import { actingRoles, holds, scopeAllows } from './roles';

export interface ChatRights {
  /** Send messages (only the session's owner drives the agent). */
  send: boolean;
  /** Approve or deny the agent's tool calls. */
  decide: boolean;
  /** Cancel the running turn. */
  cancel: boolean;
}

export const NO_RIGHTS: ChatRights = { send: false, decide: false, cancel: false };

/** What {@code me} may do in the chat of {@code session}. */
export function chatRights(me: Me | null, session: Pick<SessionRecord, 'orgId' | 'teamId' | 'userId'> | null): ChatRights {
  if (!me || !session) return NO_RIGHTS;
  const roles = actingRoles(me, session.orgId);
  if (!roles || !scopeAllows(me, 'sessions', true)) return NO_RIGHTS;
  const owner = me.userId === session.userId;
  return { send: owner, decide: owner, cancel: owner || holds(roles, 'TEAM_ADMIN', session.teamId) };
}
