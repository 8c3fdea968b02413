// JSON shapes of the studio's REST API (/api/v1), as the resources in bundles/studio-rest write them.

/** One page of a listing ({@code Page<T>} in studio-api). */
export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** RFC 7807 problem document: every error of the API. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  expires_at: string;
  refresh_token?: string;
  refresh_expires_at?: string;
  session_id?: string;
}

export interface SsoProvider {
  id: string;
  displayName: string;
  orgId: string;
}

export type Role = 'ORG_ADMIN' | 'TEAM_ADMIN' | 'PROJECT_LEAD' | 'DEVELOPER' | 'ANALYST' | 'BILLING_ADMIN';

export interface Me {
  orgId: string;
  userId: string;
  email: string | null;
  displayName: string | null;
  credential: string;
  orgRole: Role | null;
  teamRoles: Record<string, Role>;
  scopes: string[];
  studioAdmin: boolean;
}

export interface Organisation {
  id: string;
  name: string;
  createdAt?: string;
}

export interface Team {
  orgId: string;
  id: string;
  name: string;
  createdAt?: string;
}

export interface Project {
  orgId: string;
  id: string;
  teamId: string;
  name: string;
  description: string | null;
  createdBy: string | null;
  createdAt: string | null;
}

export type SessionKind = 'INTERACTIVE' | 'BATCH' | 'PERSISTENT';
export type SessionState = 'STARTING' | 'RUNNING' | 'IDLE' | 'STOPPED' | 'FAILED';

export interface SessionRecord {
  id: string;
  orgId: string;
  teamId: string;
  userId: string;
  projectId: string | null;
  kind: SessionKind;
  state: SessionState;
  title: string | null;
  createdAt: string | null;
  lastActiveAt: string | null;
  endedAt: string | null;
}

export function isFinal(state: SessionState): boolean {
  return state === 'STOPPED' || state === 'FAILED';
}

export interface CheckpointRecord {
  id: string;
  orgId: string;
  sessionId: string;
  commitId: string;
  message: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface Commit {
  id: string;
  parentIds: string[];
  message: string;
  author: { name: string; email: string };
  time: string;
  changes: { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'RENAMED'; path: string; oldPath: string | null }[];
}

export interface WorkspaceEntry {
  path: string;
  directory: boolean;
  size: number;
  modifiedAt: string;
}

export interface WorkspaceListing {
  path: string;
  entries: WorkspaceEntry[];
  truncated: boolean;
}

export interface ModelView {
  id: string;
  name: string;
  capabilities: string[];
  contextWindow: number;
  inputPricePerMTok: string;
  outputPricePerMTok: string;
}

export interface PluginView {
  id: string;
  name: string;
  kind: string;
  status: 'UP' | 'DEGRADED' | 'DOWN';
  message: string | null;
  bundle: string | null;
  bundleVersion: string | null;
  bundleId: number;
  registeredAt: string;
  details: { offline?: boolean; models?: ModelView[]; [key: string]: unknown };
}

export interface HealthReport {
  status: 'UP' | 'DEGRADED' | 'DOWN';
  coreSince: string;
  components: { name: string; kind: string; status: string; message: string | null; bundle: string | null }[];
}

/** One line of newline-delimited JSON from POST …/exec. */
export type ExecLine =
  | { stream: 'stdout' | 'stderr'; data: string }
  | { exitCode: number; termination: string; durationMs: number; message: string | null };

// ---- chat (SDD §4.2) -------------------------------------------------------------------------

export type EventType =
  | 'USER_MESSAGE'
  | 'TURN_STARTED'
  | 'TEXT_DELTA'
  | 'TOOL_CALL_STARTED'
  | 'TOOL_CALL_DELTA'
  | 'TOOL_CALL_RESULT'
  | 'APPROVAL_REQUESTED'
  | 'APPROVAL_GRANTED'
  | 'APPROVAL_DENIED'
  | 'USAGE'
  | 'PROVIDER_SWITCHED'
  | 'CHECKPOINT_CREATED'
  | 'ERROR'
  | 'DONE'
  | 'PRESENCE'
  | 'RESYNC';

/** One event of a session's stream; {@code seq} from 1 without gaps, 0 for RESYNC (and a revoked stream's ERROR). */
export interface SessionEvent {
  seq: number;
  sessionId: string;
  type: EventType | string;
  at: string;
  actor: string | null;
  turnId: string | null;
  data: Record<string, unknown>;
}

export interface ChatTurn {
  turnId: string;
  sessionId: string;
  userId: string;
  messageSeq: number;
  startedAt: string;
}

export interface ToolCall {
  callId: string;
  toolName: string;
  argumentsJson: string;
}

export interface ConversationMessage {
  id: string;
  sessionId?: string;
  projectId?: string | null;
  index: number;
  turnId: string | null;
  role: 'USER' | 'ASSISTANT' | 'TOOL';
  authorId: string | null;
  text: string;
  toolCalls: ToolCall[];
  toolCallId: string | null;
  error: boolean;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  at: string;
}

export interface ConversationSummary {
  sessionId: string;
  projectId: string | null;
  startedBy: string | null;
  title: string | null;
  messages: number;
  firstAt: string;
  lastAt: string;
}

// ---- administration: users, roles held, API keys ---------------------------------------------

/** A person or service account of the organisation (roles come from {@link Membership}). */
export interface User {
  orgId: string;
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
  createdAt: string | null;
}

/** A role held in a team, or in the whole organisation when {@code teamId} is null. */
export interface Membership {
  orgId: string;
  userId: string;
  teamId: string | null;
  role: Role;
  grantedAt: string | null;
}

/** An API key as the API shows it: never the secret. */
export interface ApiKey {
  id: string;
  orgId: string;
  ownerId: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

/** The answer to issuing or rotating a key: {@code key} is the secret, shown this once. */
export interface IssuedApiKey {
  apiKey: ApiKey;
  key: string;
}
