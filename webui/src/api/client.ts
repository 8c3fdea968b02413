import type { Problem } from './types';

/** An answer of the API that is not 2xx, with its problem document when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** Where the client gets its bearer token and how it renews it; set by the auth store. */
export interface TokenSource {
  /** The access token, or null when logged out. */
  token(): string | null;
  /** Renews the access token (refresh cookie); false when the session is over. */
  refresh(): Promise<boolean>;
  /** Called when a request stays unauthorised after a refresh. */
  expired(): void;
}

let tokens: TokenSource = {
  token: () => null,
  refresh: async () => false,
  expired: () => {},
};

export function setTokenSource(source: TokenSource): void {
  tokens = source;
}

export function currentToken(): string | null {
  return tokens.token();
}

export const API = '/api/v1';

/** Encodes one path segment (an id). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** Encodes a workspace path segment by segment, keeping its slashes. */
export function filePath(path: string): string {
  return path
    .split('/')
    .filter((p) => p.length > 0)
    .map(encodeURIComponent)
    .join('/');
}

export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions extends Omit<RequestInit, 'body'> {
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  body?: BodyInit | null;
  /** Leave out the Authorization header (login, refresh). */
  anonymous?: boolean;
}

/** Reads a failed answer into an ApiError; the problem's detail is what the person sees. */
export async function toError(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  const type = res.headers.get('Content-Type') ?? '';
  try {
    if (type.includes('json')) problem = (await res.json()) as Problem;
  } catch {
    problem = null;
  }
  const message =
    problem?.detail ?? problem?.title ?? `The studio answered ${res.status} ${res.statusText}`.trim();
  return new ApiError(res.status, problem, message);
}

/**
 * fetch() against the API with the bearer token. A 401 renews the token once (refresh cookie) and
 * sends the request again; anything else that is not 2xx throws an ApiError.
 */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const attempt = async (): Promise<Response> => {
    const { json, anonymous, headers, ...init } = options;
    const h = new Headers(headers);
    if (!h.has('Accept')) h.set('Accept', 'application/json');
    const token = anonymous ? null : tokens.token();
    if (token) h.set('Authorization', `Bearer ${token}`);
    let body = options.body;
    if (json !== undefined) {
      h.set('Content-Type', 'application/json');
      body = JSON.stringify(json);
    }
    return fetch(path.startsWith('/') ? path : `${API}/${path}`, {
      ...init,
      headers: h,
      body,
      credentials: 'same-origin',
    });
  };
  let res = await attempt();
  if (res.status === 401 && !options.anonymous) {
    if (await tokens.refresh()) {
      res = await attempt();
    }
    if (res.status === 401) tokens.expired();
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(path, options);
  return (await res.json()) as T;
}

export async function sendJson<T>(method: string, path: string, json?: unknown, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(path, { ...options, method, json });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A readable message for anything thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string })?.name === 'AbortError';
}
