// The studio's endpoints, typed. Paths follow bundles/studio-rest (resources under /api/v1).
import { API, apiFetch, filePath, getJson, query, seg, sendJson, toError } from './client';
import { ndjson } from './streams';
import type {
  ChatTurn,
  CheckpointRecord,
  Commit,
  ConversationMessage,
  ConversationSummary,
  ExecLine,
  HealthReport,
  Me,
  Organisation,
  Page,
  PluginView,
  Project,
  SessionKind,
  SessionRecord,
  SessionState,
  SsoProvider,
  Team,
  TokenResponse,
  WorkspaceEntry,
  WorkspaceListing,
} from './types';

const org = (o: string) => `orgs/${seg(o)}`;
const session = (o: string, s: string) => `${org(o)}/sessions/${seg(s)}`;

/** Follows nextCursor until the listing ends (or {@code max} items). */
export async function all<T>(load: (cursor: string | null) => Promise<Page<T>>, max = 10_000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

export const auth = {
  async login(orgId: string, email: string, password: string): Promise<TokenResponse> {
    return sendJson('POST', 'auth/login', { org: orgId, email, password }, { anonymous: true });
  },
  /** Renews the tokens with the HttpOnly refresh cookie (no body); null when there is no session. */
  async refresh(): Promise<TokenResponse | null> {
    const res = await fetch(`${API}/auth/refresh`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (res.status === 401 || res.status === 400 || res.status === 403) return null;
    if (!res.ok) throw await toError(res);
    return (await res.json()) as TokenResponse;
  },
  async logout(): Promise<void> {
    await apiFetch('auth/logout', { method: 'POST' });
  },
  sso: () => getJson<SsoProvider[]>('auth/sso', { anonymous: true }),
  ssoStartUrl: (provider: string) => `${API}/auth/sso/${seg(provider)}/start`,
};

export const studio = {
  me: () => getJson<Me>('me'),
  health: () => getJson<HealthReport>('health', { anonymous: true }),
  providers: () => getJson<PluginView[]>('providers'),

  orgs: (cursor: string | null = null) => getJson<Page<Organisation>>(`orgs${query({ limit: 500, cursor })}`),
  teams: (o: string, cursor: string | null = null) =>
    getJson<Page<Team>>(`${org(o)}/teams${query({ limit: 500, cursor })}`),
  projects: (o: string, team: string | null, cursor: string | null = null) =>
    getJson<Page<Project>>(`${org(o)}/projects${query({ team, limit: 500, cursor })}`),
  createProject: (o: string, body: { id: string; teamId: string; name: string; description?: string }) =>
    sendJson<Project>('POST', `${org(o)}/projects`, body),

  sessions: (o: string, filter: { project?: string | null; state?: SessionState | null }, cursor: string | null = null) =>
    getJson<Page<SessionRecord>>(`${org(o)}/sessions${query({ ...filter, limit: 200, cursor })}`),
  session: (o: string, s: string) => getJson<SessionRecord>(session(o, s)),
  openSession: (o: string, body: { projectId: string; kind: SessionKind; title?: string; command?: string[] }) =>
    sendJson<SessionRecord>('POST', `${org(o)}/sessions`, body),
  stopSession: (o: string, s: string) => sendJson<SessionRecord>('DELETE', session(o, s)),
  resumeSession: (o: string, s: string) => sendJson<SessionRecord>('POST', `${session(o, s)}/resume`),
  presence: (o: string, s: string, state: 'watching' | 'typing' | 'left', keepalive = false) =>
    sendJson<void>('POST', `${session(o, s)}/presence`, { state }, { keepalive }),

  files: (o: string, s: string, path: string, recursive: boolean) =>
    getJson<WorkspaceListing>(`${session(o, s)}/files${query({ path, recursive, limit: 10_000 })}`),
  readFile: async (o: string, s: string, path: string): Promise<Blob> =>
    (await apiFetch(`${session(o, s)}/files/${filePath(path)}`, { headers: { Accept: 'application/octet-stream' } })).blob(),
  writeFile: (o: string, s: string, path: string, body: Blob | string) =>
    sendJson<WorkspaceEntry>('PUT', `${session(o, s)}/files/${filePath(path)}`, undefined, {
      body,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
  deleteFile: (o: string, s: string, path: string) => sendJson<void>('DELETE', `${session(o, s)}/files/${filePath(path)}`),

  checkpoints: (o: string, s: string, cursor: string | null = null) =>
    getJson<Page<CheckpointRecord>>(`${session(o, s)}/checkpoints${query({ limit: 200, cursor })}`),
  takeCheckpoint: (o: string, s: string, message: string) =>
    sendJson<CheckpointRecord | undefined>('POST', `${session(o, s)}/checkpoints`, { message, allowEmpty: false }),
  restore: (o: string, s: string, checkpointId: string) =>
    sendJson<CheckpointRecord>('POST', `${session(o, s)}/restore`, { checkpointId }),
  commit: (o: string, checkpoint: string) => getJson<Commit>(`${org(o)}/checkpoints/${seg(checkpoint)}`),
  diff: async (o: string, checkpoint: string): Promise<string> =>
    (await apiFetch(`${org(o)}/checkpoints/${seg(checkpoint)}/diff`, { headers: { Accept: 'text/x-diff' } })).text(),

  /** Runs a command; yields its output as it comes, then the exit line. Aborting cancels the command. */
  async *exec(
    o: string,
    s: string,
    body: { command: string[]; workdir?: string; timeoutSeconds?: number; stdin?: string },
    signal?: AbortSignal,
  ): AsyncGenerator<ExecLine> {
    const res = await apiFetch(`${session(o, s)}/exec`, {
      method: 'POST',
      json: body,
      signal,
      headers: { Accept: 'application/x-ndjson' },
    });
    if (!res.body) return;
    yield* ndjson<ExecLine>(res.body, signal);
  },

  // chat
  sendMessage: (o: string, s: string, text: string, model: string | null) =>
    sendJson<ChatTurn>('POST', `${session(o, s)}/messages`, { text, model }),
  cancelTurn: (o: string, s: string, turn: string) => sendJson<void>('POST', `${session(o, s)}/turns/${seg(turn)}/cancel`),
  decide: (o: string, s: string, approvalId: string, approve: boolean, reason: string | null) =>
    sendJson<void>('POST', `${session(o, s)}/approvals/${seg(approvalId)}`, { approve, reason }),
  conversation: (o: string, s: string, cursor: string | null = null, limit = 500) =>
    getJson<Page<ConversationMessage>>(`${session(o, s)}/conversation${query({ cursor, limit })}`),
  exportConversation: async (o: string, s: string, format: 'markdown' | 'json'): Promise<Blob> =>
    (await apiFetch(`${session(o, s)}/conversation/export${query({ format })}`, { headers: { Accept: '*/*' } })).blob(),
  conversations: (o: string, project: string | null) =>
    getJson<Page<ConversationSummary>>(`${org(o)}/conversations${query({ project, limit: 100 })}`),
  searchConversations: (o: string, q: string, project: string | null = null) =>
    getJson<Page<ConversationMessage>>(`${org(o)}/conversations/search${query({ q, project, limit: 50 })}`),

  /** The session's events (SSE) after {@code after}; the caller reads the body. */
  events: (o: string, s: string, after: number, signal: AbortSignal) =>
    apiFetch(`${session(o, s)}/events${query({ after })}`, {
      headers: { Accept: 'text/event-stream', ...(after > 0 ? { 'Last-Event-ID': String(after) } : {}) },
      signal,
      cache: 'no-store',
    }),
};

/** Saves a blob under a file name (the browser's download). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
