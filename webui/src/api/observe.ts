// Endpoints of the visualisation panel's agents view: providers, health, the router's circuit
// breakers, usage and budgets (bundles/studio-rest: PluginResource, HealthResource, RouterResource,
// UsageResource, BudgetResource).
import { API, getJson, query, seg, toError } from './client';
import type { HealthReport, Page, PluginView } from './types';

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** GET /router/states: one circuit breaker (RouterResource.StateView). */
export interface RouterState {
  provider: string;
  model: string | null;
  circuit: CircuitState | string;
  consecutiveFailures: number;
  recentCalls: number;
  recentFailures: number;
  lastErrorKind: string | null;
  lastErrorAt: string | null;
  openUntil: string | null;
  throttledUntil: string | null;
  timesOpened: number;
}

export interface SandboxPool {
  driverId: string;
  image: string | null;
  idle: number;
  target: number;
  hits: number;
  misses: number;
  created: number;
  failures: number;
  lastError: string | null;
}

/** GET /health, which answers 503 with the same report when a kind of plugin is down. */
export interface FullHealth extends HealthReport {
  sandboxPools?: SandboxPool[];
}

export type UsageDimension = 'ORGANISATION' | 'TEAM' | 'USER' | 'PROJECT' | 'PROVIDER' | 'MODEL' | 'DAY';

/** Usage summed over one group (studio-api UsageTotal); cost in USD. */
export interface UsageTotal {
  key: string | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cost: number | string;
}

export interface UsageReport {
  groupBy: UsageDimension;
  from: string | null;
  to: string | null;
  totals: UsageTotal[];
}

/** A budget and what the current period used of it (studio-api BudgetStatus). */
export interface BudgetStatus {
  id: string;
  orgId: string;
  scope: 'ORGANISATION' | 'TEAM' | 'USER' | 'PROJECT';
  scopeId: string;
  period: 'DAY' | 'MONTH';
  limitUsd: number | string | null;
  limitTokens: number | null;
  periodStart: string;
  periodEnd: string;
  spentUsd: number | string;
  spentTokens: number;
  remainingUsd: number | string | null;
  remainingTokens: number | null;
  exhausted: boolean;
}

export const observe = {
  providers: () => getJson<PluginView[]>('providers'),
  async health(signal?: AbortSignal): Promise<FullHealth> {
    const res = await fetch(`${API}/health`, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', signal });
    if (res.ok || res.status === 503) {
      const body = (await res.json().catch(() => null)) as FullHealth | null;
      if (body && typeof body.status === 'string') return body;
    }
    throw await toError(res);
  },
  routerStates: () => getJson<RouterState[]>('router/states'),
  usage: (org: string, groupBy: UsageDimension, filter: { from?: string | null; to?: string | null; project?: string | null } = {}) =>
    getJson<UsageReport>(`orgs/${seg(org)}/usage${query({ groupBy, ...filter })}`),
  budgets: (org: string) => getJson<Page<BudgetStatus>>(`orgs/${seg(org)}/budgets`),
};
