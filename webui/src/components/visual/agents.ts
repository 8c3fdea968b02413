// The agents view's data: providers with their models, health, circuit breakers and usage merged
// into one row per provider, usage periods, budgets and the daily cost series.
import type { BudgetStatus, RouterState, UsageTotal } from '../../api/observe';
import type { HealthReport, PluginView } from '../../api/types';

export type Status = 'UP' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

export interface Usage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export interface ModelRow {
  id: string;
  name: string;
  capabilities: string[];
  contextWindow: number | null;
  inputPrice: number | null;
  outputPrice: number | null;
  circuit: RouterState | null;
  usage: Usage | null;
  /** The provider lists it (otherwise only the router or the usage knows it). */
  listed: boolean;
}

export interface ProviderRow {
  id: string;
  name: string;
  status: Status;
  message: string | null;
  offline: boolean;
  /** Installed now (otherwise known only from past usage). */
  installed: boolean;
  bundle: string | null;
  version: string | null;
  models: ModelRow[];
  usage: Usage | null;
  circuits: { closed: number; open: number; halfOpen: number };
}

const SEVERITY: Record<Status, number> = { UP: 0, UNKNOWN: 1, DEGRADED: 2, DOWN: 3 };

export function asStatus(s: unknown): Status {
  return s === 'UP' || s === 'DEGRADED' || s === 'DOWN' ? s : 'UNKNOWN';
}

/** The worse of two statuses (UNKNOWN only when nothing is known). */
export function worst(a: Status, b: Status): Status {
  if (a === 'UNKNOWN') return b;
  if (b === 'UNKNOWN') return a;
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function money(v: number | string | null | undefined): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

const price = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export function toUsage(t: UsageTotal | undefined | null): Usage | null {
  if (!t) return null;
  return { requests: t.requests ?? 0, inputTokens: t.inputTokens ?? 0, outputTokens: t.outputTokens ?? 0, cost: money(t.cost) };
}

/**
 * One row per provider: those the studio has installed, those the health report or the router
 * names, and those that only appear in the usage of the period. Each with its models, their
 * circuit breakers (from GET /router/states, else the provider's own details) and usage.
 */
export function mergeProviders(input: {
  providers?: PluginView[] | null;
  health?: HealthReport | null;
  states?: RouterState[] | null;
  usageByProvider?: UsageTotal[] | null;
  usageByModel?: UsageTotal[] | null;
}): ProviderRow[] {
  const rows = new Map<string, ProviderRow>();
  const row = (id: string): ProviderRow => {
    let r = rows.get(id);
    if (!r) {
      r = { id, name: id, status: 'UNKNOWN', message: null, offline: false, installed: false, bundle: null, version: null, models: [], usage: null, circuits: { closed: 0, open: 0, halfOpen: 0 } };
      rows.set(id, r);
    }
    return r;
  };
  const model = (r: ProviderRow, id: string): ModelRow => {
    let m = r.models.find((x) => x.id === id);
    if (!m) {
      m = { id, name: id, capabilities: [], contextWindow: null, inputPrice: null, outputPrice: null, circuit: null, usage: null, listed: false };
      r.models.push(m);
    }
    return m;
  };

  for (const p of input.providers ?? []) {
    const r = row(p.id);
    r.name = p.name || p.id;
    r.status = worst(r.status, asStatus(p.status));
    r.message = p.message || r.message;
    r.offline = p.details?.offline === true;
    r.installed = true;
    r.bundle = p.bundle;
    r.version = p.bundleVersion;
    for (const m of p.details?.models ?? []) {
      const mr = model(r, m.id);
      mr.name = m.name || m.id;
      mr.capabilities = m.capabilities ?? [];
      mr.contextWindow = m.contextWindow ?? null;
      mr.inputPrice = price(m.inputPricePerMTok);
      mr.outputPrice = price(m.outputPricePerMTok);
      mr.listed = true;
    }
    const circuits = (p.details?.circuits ?? []) as RouterState[];
    if (!input.states) for (const c of circuits) model(r, c.model ?? '*').circuit = c;
  }
  for (const c of input.health?.components ?? []) {
    // the line a kind without any plugin gets ("providers", no bundle) is no provider
    if (c.kind !== 'provider' || (c.bundle === null && c.name === 'providers')) continue;
    const r = row(c.name);
    r.status = worst(r.status, asStatus(c.status));
    if (c.message && asStatus(c.status) !== 'UP') r.message = c.message;
    r.installed = true;
  }
  for (const s of input.states ?? []) model(row(s.provider), s.model ?? '*').circuit = s;
  for (const t of input.usageByProvider ?? []) {
    if (t.key) row(t.key).usage = toUsage(t);
  }
  for (const t of input.usageByModel ?? []) {
    if (!t.key) continue;
    const owners = [...rows.values()].filter((r) => r.models.some((m) => m.id === t.key));
    for (const r of owners) model(r, t.key).usage = toUsage(t);
  }
  for (const r of rows.values()) {
    for (const m of r.models) {
      const c = m.circuit?.circuit;
      if (c === 'OPEN') r.circuits.open++;
      else if (c === 'HALF_OPEN') r.circuits.halfOpen++;
      else if (c === 'CLOSED') r.circuits.closed++;
    }
    r.models.sort((a, b) => Number(b.listed) - Number(a.listed) || a.id.localeCompare(b.id));
    if (!r.installed && r.status === 'UNKNOWN') r.message = r.message ?? 'Not installed now: known from past usage.';
  }
  return [...rows.values()].sort((a, b) => Number(b.installed) - Number(a.installed) || a.name.localeCompare(b.name));
}

/** Counts for the summary line. */
export function providerSummary(rows: ProviderRow[]): { up: number; degraded: number; down: number; openCircuits: number; halfOpen: number } {
  const out = { up: 0, degraded: 0, down: 0, openCircuits: 0, halfOpen: 0 };
  for (const r of rows) {
    if (!r.installed) continue;
    if (r.status === 'UP') out.up++;
    else if (r.status === 'DEGRADED') out.degraded++;
    else if (r.status === 'DOWN') out.down++;
    out.openCircuits += r.circuits.open;
    out.halfOpen += r.circuits.halfOpen;
  }
  return out;
}

export type Period = 'today' | '7d' | '30d' | 'month' | 'all';

export const PERIODS: { id: Period; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: 'month', label: 'This month' },
  { id: 'all', label: 'All time' },
];

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The dates (UTC) a period covers: {@code from} inclusive; no {@code to} (until now). */
export function periodRange(period: Period, now: number): { from: string | null } {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (period) {
    case 'today':
      return { from: isoDay(today) };
    case '7d':
      return { from: isoDay(today - 6 * 86_400_000) };
    case '30d':
      return { from: isoDay(today - 29 * 86_400_000) };
    case 'month':
      return { from: isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)) };
    case 'all':
      return { from: null };
  }
}

/** Cost and tokens per day from {@code from} to today, with the days without usage as zero. */
export function dailySeries(totals: UsageTotal[], from: string | null, now: number): { day: string; cost: number; tokens: number; requests: number }[] {
  const byDay = new Map(totals.filter((t) => t.key).map((t) => [String(t.key).slice(0, 10), t]));
  const keys = [...byDay.keys()].sort();
  const start = from ?? keys[0];
  if (!start) return [];
  const out: { day: string; cost: number; tokens: number; requests: number }[] = [];
  const end = isoDay(now);
  let t = Date.parse(`${start}T00:00:00Z`);
  if (!Number.isFinite(t)) return [];
  for (let i = 0; i < 400; i++) {
    const day = isoDay(t);
    if (day > end) break;
    const u = byDay.get(day);
    out.push({ day, cost: money(u?.cost), tokens: (u?.inputTokens ?? 0) + (u?.outputTokens ?? 0), requests: u?.requests ?? 0 });
    t += 86_400_000;
  }
  return out;
}

/** How much of a budget is used: the larger of its money and token shares, 0 to 1 (or more). */
export function budgetUse(b: BudgetStatus): number {
  const shares: number[] = [];
  const limitUsd = b.limitUsd === null ? null : money(b.limitUsd);
  if (limitUsd !== null && limitUsd > 0) shares.push(money(b.spentUsd) / limitUsd);
  if (b.limitTokens !== null && b.limitTokens > 0) shares.push(b.spentTokens / b.limitTokens);
  if (b.exhausted) shares.push(1);
  return shares.length ? Math.max(...shares) : 0;
}
