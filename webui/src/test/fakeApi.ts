// A fake of the studio's REST API for component tests: fetch() is replaced by a table of handlers
// keyed by "METHOD /path" (without the query); every request is recorded.
import { vi } from 'vitest';
import type { Me } from '../api/types';

export interface FakeRequest {
  method: string;
  url: URL;
  body: unknown;
}

type Answer = Response | { status?: number; json?: unknown };
export type Handler = (req: FakeRequest) => Answer | Promise<Answer>;

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/** An RFC 7807 answer as the studio writes it. */
export function problem(status: number, detail: string): Response {
  return jsonResponse(status, { type: 'https://coditect.io/problems/x', title: 'Problem', status, detail });
}

export function page<T>(items: T[], nextCursor: string | null = null, total = items.length) {
  return { items, total, nextCursor };
}

export function fakeApi(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://studio.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const req = { method, url, body };
    calls.push(req);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return problem(404, `no fake for ${method} ${url.pathname}`);
    const a = await handler(req);
    return a instanceof Response ? a : jsonResponse(a.status ?? 200, a.json);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    /** The requests made with this method to this path. */
    sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.url.pathname === path),
  };
}

export function me(partial: Partial<Me> = {}): Me {
  return { orgId: 'o', userId: 'ann', email: 'ann@o.test', displayName: 'Ann', credential: 'PASSWORD', orgRole: 'ORG_ADMIN', teamRoles: {}, scopes: [], studioAdmin: false, ...partial };
}
