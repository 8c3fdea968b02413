import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { observe, type BudgetStatus, type FullHealth, type RouterState, type UsageReport } from '../../api/observe';
import type { PluginView } from '../../api/types';
import { ago, dateTime, tokens, usd } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { budgetUse, dailySeries, mergeProviders, money, PERIODS, periodRange, providerSummary, type Period, type ProviderRow, type Status } from './agents';
import { Chart } from './Chart';

const REFRESH_MS = 15_000;

interface Snapshot {
  providers: PluginView[] | null;
  health: FullHealth | null;
  states: RouterState[] | null;
  byProvider: UsageReport | null;
  byModel: UsageReport | null;
  byDay: UsageReport | null;
  total: UsageReport | null;
  budgets: BudgetStatus[] | null;
  errors: Record<string, string>;
  at: number;
}

const STATUS_STYLE: Record<Status, string> = {
  UP: 'border-emerald-500 text-emerald-200',
  DEGRADED: 'border-amber-500 text-amber-200',
  DOWN: 'border-rose-500 text-rose-200',
  UNKNOWN: 'border-slate-500 text-slate-300',
};

const CIRCUIT_STYLE: Record<string, string> = {
  CLOSED: 'text-emerald-300',
  HALF_OPEN: 'text-amber-200',
  OPEN: 'text-rose-300',
};
const CIRCUIT_TEXT: Record<string, string> = { CLOSED: 'closed', HALF_OPEN: 'half open', OPEN: 'open' };

export function StatusBadge({ status, label }: { status: Status | string; label?: string }) {
  const s = (['UP', 'DEGRADED', 'DOWN'].includes(status) ? status : 'UNKNOWN') as Status;
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-[11px] font-semibold tracking-wide ${STATUS_STYLE[s]}`}>{label ?? status}</span>;
}

const perMTok = (v: number | null) => (v === null ? '—' : `$${v}`);

/** The agents view: providers and models with health, circuit breakers, usage and cost, budgets. */
export default function AgentsView({ org, project, active }: { org: string; project: string; active: boolean }) {
  const [period, setPeriod] = useState<Period>('month');
  const [scope, setScope] = useState<'org' | 'project'>('org');
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const id = useId();

  const load = useCallback(async () => {
    const g = ++generation.current;
    setLoading(true);
    const { from } = periodRange(period, Date.now());
    const filter = { from, project: scope === 'project' ? project : null };
    const calls = {
      providers: observe.providers(),
      health: observe.health(),
      states: observe.routerStates(),
      byProvider: observe.usage(org, 'PROVIDER', filter),
      byModel: observe.usage(org, 'MODEL', filter),
      byDay: observe.usage(org, 'DAY', { ...filter, from: from ?? periodRange('30d', Date.now()).from }),
      total: observe.usage(org, 'ORGANISATION', filter),
      budgets: observe.budgets(org).then((p) => p.items),
    };
    const keys = Object.keys(calls) as (keyof typeof calls)[];
    const settled = await Promise.allSettled(keys.map((k) => calls[k]));
    if (g !== generation.current) return;
    const next: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') next[keys[i]] = r.value;
      else {
        next[keys[i]] = null;
        errors[keys[i]] = messageOf(r.reason);
      }
    });
    setSnap({ ...(next as Omit<Snapshot, 'errors' | 'at'>), errors, at: Date.now() });
    setLoading(false);
  }, [org, project, period, scope]);

  // refreshed while shown (and the browser tab is visible)
  useEffect(() => {
    if (!active) return;
    void load();
    const tick = () => {
      if (document.visibilityState === 'visible') void load();
    };
    const t = setInterval(tick, REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [active, load]);

  const rows = useMemo(
    () =>
      snap
        ? mergeProviders({
            providers: snap.providers,
            health: snap.health,
            states: snap.states,
            usageByProvider: snap.byProvider?.totals ?? null,
            usageByModel: snap.byModel?.totals ?? null,
          })
        : [],
    [snap],
  );
  const counts = providerSummary(rows);
  const total = snap?.total?.totals[0];
  const days = useMemo(() => (snap?.byDay ? dailySeries(snap.byDay.totals, snap.byDay.from?.slice(0, 10) ?? null, Date.now()) : []), [snap]);
  const others = (snap?.health?.components ?? []).filter((c) => c.kind !== 'provider');

  useCommands(active ? [{ id: 'agents:refresh', section: 'Agents', title: 'Refresh providers, health and usage', run: () => load() }] : [], [active, load]);

  const errorLines = Object.entries(snap?.errors ?? {});
  const periodLabel = PERIODS.find((p) => p.id === period)?.label ?? '';

  return (
    <div className="h-full overflow-y-auto p-3" data-testid="agents-view">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div>
          <label className="label" htmlFor={`${id}-period`}>
            Usage period
          </label>
          <select id={`${id}-period`} className="field py-1" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor={`${id}-scope`}>
            Usage of
          </label>
          <select id={`${id}-scope`} className="field py-1" value={scope} onChange={(e) => setScope(e.target.value as 'org' | 'project')}>
            <option value="org">The organisation</option>
            <option value="project">This project</option>
          </select>
        </div>
        <button className="btn btn-sm mb-0.5" onClick={() => void load()} disabled={loading} data-testid="agents-refresh">
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
        <p className="mb-1 text-xs text-slate-300" aria-live="off">
          {snap ? `Updated ${new Date(snap.at).toLocaleTimeString()} · every ${REFRESH_MS / 1000} s while shown` : 'Loading…'}
        </p>
      </div>

      {errorLines.length > 0 && (
        <ul role="alert" className="mb-3 space-y-0.5 rounded border border-amber-700 bg-amber-950/60 p-2 text-xs text-amber-100">
          {errorLines.map(([k, v]) => (
            <li key={k}>
              <span className="font-semibold">{SECTION[k] ?? k}:</span> {v}
            </li>
          ))}
        </ul>
      )}

      <section aria-label="Summary" className="mb-4 grid grid-cols-2 gap-2 lg:grid-cols-4">
        <Card title="Studio health">
          {snap?.health ? (
            <>
              <StatusBadge status={snap.health.status} />
              <span className="ml-2 text-xs text-slate-300" title={dateTime(snap.health.coreSince)}>
                since {ago(snap.health.coreSince)}
              </span>
            </>
          ) : (
            '—'
          )}
        </Card>
        <Card title="Providers">
          <span className="text-emerald-200">{counts.up} up</span>
          {counts.degraded > 0 && <span className="text-amber-200"> · {counts.degraded} degraded</span>}
          {counts.down > 0 && <span className="text-rose-200"> · {counts.down} down</span>}
        </Card>
        <Card title="Circuit breakers">
          {counts.openCircuits === 0 && counts.halfOpen === 0 ? (
            <span className="text-emerald-200">all closed</span>
          ) : (
            <>
              {counts.openCircuits > 0 && <span className="text-rose-200">{counts.openCircuits} open</span>}
              {counts.openCircuits > 0 && counts.halfOpen > 0 && ' · '}
              {counts.halfOpen > 0 && <span className="text-amber-200">{counts.halfOpen} half open</span>}
            </>
          )}
        </Card>
        <Card title={`Spent · ${periodLabel.toLowerCase()}`}>
          {total ? (
            <span data-testid="agents-spent">
              <span className="text-base font-semibold text-white">{usd(money(total.cost)) || '$0'}</span>
              <span className="ml-2 text-xs text-slate-300">
                {total.requests} requests · {tokens(total.inputTokens + total.outputTokens)} tokens
              </span>
            </span>
          ) : (
            '—'
          )}
        </Card>
      </section>

      {snap?.budgets && snap.budgets.length > 0 && (
        <section aria-labelledby={`${id}-budgets`} className="mb-4">
          <h3 id={`${id}-budgets`} className="mb-2 text-sm font-semibold">
            Budgets
          </h3>
          <ul className="grid gap-2 md:grid-cols-2">
            {snap.budgets.map((b) => (
              <BudgetBar key={b.id} budget={b} />
            ))}
          </ul>
        </section>
      )}

      {days.length > 0 && (
        <section aria-labelledby={`${id}-days`} className="mb-4">
          <h3 id={`${id}-days`} className="mb-2 text-sm font-semibold">
            Cost per day (USD)
          </h3>
          <Chart
            type="bar"
            height={180}
            title="Cost per day"
            format={(v) => (v === 0 ? '0' : v < 0.01 ? v.toFixed(4) : v.toFixed(2))}
            data={{ labels: days.map((d) => d.day.slice(5)), series: [{ name: 'cost (USD)', values: days.map((d) => d.cost) }] }}
          />
        </section>
      )}

      <section aria-labelledby={`${id}-providers`} className="mb-4">
        <h3 id={`${id}-providers`} className="mb-2 text-sm font-semibold">
          Providers and models
        </h3>
        {snap && rows.length === 0 && <p className="text-sm text-slate-300">No provider is installed.</p>}
        <div className="space-y-3">
          {rows.map((r) => (
            <ProviderCard key={r.id} row={r} />
          ))}
        </div>
      </section>

      {others.length > 0 && (
        <section aria-labelledby={`${id}-others`} className="mb-4">
          <h3 id={`${id}-others`} className="mb-2 text-sm font-semibold">
            Other parts of the studio
          </h3>
          <ul className="grid gap-1 text-sm md:grid-cols-2">
            {others.map((c) => (
              <li key={`${c.kind}:${c.name}`} className="flex items-center gap-2 rounded border border-slate-800 px-2 py-1">
                <StatusBadge status={c.status} />
                <span className="font-medium">{c.name}</span>
                <span className="text-xs text-slate-300">{c.kind}</span>
                {c.message && <span className="min-w-0 truncate text-xs text-slate-300" title={c.message}>{c.message}</span>}
              </li>
            ))}
          </ul>
          {(snap?.health?.sandboxPools ?? []).length > 0 && (
            <table className="mt-2 w-full text-left text-xs">
              <caption className="mb-1 text-left text-slate-300">Warm sandbox pools</caption>
              <thead>
                <tr className="text-slate-300">
                  <th scope="col" className="py-1 pr-2 font-medium">Driver</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Image</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Ready</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Hits / misses</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Last error</th>
                </tr>
              </thead>
              <tbody>
                {snap!.health!.sandboxPools!.map((p, i) => (
                  <tr key={i} className="border-t border-slate-800">
                    <td className="py-1 pr-2">{p.driverId}</td>
                    <td className="py-1 pr-2 font-mono">{p.image ?? 'default'}</td>
                    <td className="py-1 pr-2">
                      {p.idle} / {p.target}
                    </td>
                    <td className="py-1 pr-2">
                      {p.hits} / {p.misses}
                    </td>
                    <td className="py-1 pr-2 text-rose-200">{p.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

const SECTION: Record<string, string> = {
  providers: 'Providers',
  health: 'Health',
  states: 'Circuit breakers',
  byProvider: 'Usage by provider',
  byModel: 'Usage by model',
  byDay: 'Usage per day',
  total: 'Usage',
  budgets: 'Budgets',
};

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-2">
      <p className="mb-1 text-[11px] font-medium tracking-wide text-slate-300 uppercase">{title}</p>
      <div className="text-sm">{children}</div>
    </div>
  );
}

function BudgetBar({ budget: b }: { budget: BudgetStatus }) {
  const use = budgetUse(b);
  const pct = Math.round(use * 100);
  const limit = [b.limitUsd !== null ? usd(money(b.limitUsd)) : null, b.limitTokens !== null ? `${tokens(b.limitTokens)} tokens` : null].filter(Boolean).join(' and ');
  const fill = b.exhausted || use >= 1 ? 'fill-rose-500' : use >= 0.8 ? 'fill-amber-400' : 'fill-emerald-500';
  const label = `${b.scope.toLowerCase()} ${b.scopeId}, per ${b.period.toLowerCase()}`;
  return (
    <li className="rounded border border-slate-800 p-2 text-sm">
      <div className="flex flex-wrap justify-between gap-x-2">
        <span className="font-medium">{label}</span>
        <span className="text-xs text-slate-300">
          {usd(money(b.spentUsd)) || '$0'} · {tokens(b.spentTokens)} tokens of {limit || 'no limit'}
        </span>
      </div>
      <div className="mt-1 h-2 overflow-hidden rounded bg-slate-800" role="progressbar" aria-label={`Budget of ${label}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, pct)} aria-valuetext={`${pct}% used`}>
        <svg width="100%" height="8" aria-hidden="true" preserveAspectRatio="none" viewBox="0 0 100 8" className="block">
          <rect width={Math.min(100, pct)} height="8" className={fill} />
        </svg>
      </div>
      <p className="mt-0.5 text-xs text-slate-300">
        {pct}% used{b.exhausted ? ' · exhausted: requests in this scope are refused' : ''} · resets {dateTime(b.periodEnd)}
      </p>
    </li>
  );
}

function ProviderCard({ row: r }: { row: ProviderRow }) {
  return (
    <article className="rounded-lg border border-slate-800 bg-slate-900/60" aria-labelledby={`provider-${r.id}`} data-testid={`provider-${r.id}`}>
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2">
        <h4 id={`provider-${r.id}`} className="font-semibold">
          {r.name}
        </h4>
        {r.name !== r.id && <span className="font-mono text-xs text-slate-300">{r.id}</span>}
        <StatusBadge status={r.installed ? r.status : 'UNKNOWN'} label={r.installed ? r.status : 'NOT INSTALLED'} />
        {r.offline && <span className="rounded border border-slate-600 px-1.5 text-[11px] text-slate-200">offline (no network)</span>}
        {r.usage && (
          <span className="ml-auto text-xs text-slate-200">
            {usd(r.usage.cost) || '$0'} · {r.usage.requests} requests · {tokens(r.usage.inputTokens + r.usage.outputTokens)} tokens
          </span>
        )}
        {r.message && <p className={`w-full text-xs ${r.status === 'UP' ? 'text-slate-300' : 'text-amber-100'}`}>{r.message}</p>}
      </header>
      {r.models.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Models of {r.name}</caption>
            <thead>
              <tr className="text-slate-300">
                <th scope="col" className="px-3 py-1 font-medium">Model</th>
                <th scope="col" className="px-2 py-1 font-medium">Circuit</th>
                <th scope="col" className="px-2 py-1 font-medium">Recent calls</th>
                <th scope="col" className="px-2 py-1 font-medium">Price in / out per MTok</th>
                <th scope="col" className="px-2 py-1 font-medium">Context</th>
                <th scope="col" className="px-2 py-1 font-medium">Usage</th>
              </tr>
            </thead>
            <tbody>
              {r.models.map((m) => {
                const c = m.circuit;
                return (
                  <tr key={m.id} className="border-t border-slate-800 align-top">
                    <td className="px-3 py-1">
                      <span className="font-medium">{m.name}</span>
                      {m.name !== m.id && <span className="ml-1 font-mono text-slate-300">{m.id}</span>}
                      {!m.listed && <span className="ml-1 text-slate-300">(not listed now)</span>}
                    </td>
                    <td className="px-2 py-1">
                      {c ? (
                        <span className={CIRCUIT_STYLE[c.circuit] ?? ''}>
                          {CIRCUIT_TEXT[c.circuit] ?? c.circuit}
                          {c.circuit === 'OPEN' && c.openUntil && <span className="text-slate-300"> until {new Date(c.openUntil).toLocaleTimeString()}</span>}
                          {c.throttledUntil && <span className="block text-amber-100">throttled until {new Date(c.throttledUntil).toLocaleTimeString()}</span>}
                          {c.lastErrorKind && (
                            <span className="block text-slate-300">
                              last error {c.lastErrorKind.toLowerCase().replace(/_/g, ' ')}
                              {c.lastErrorAt ? `, ${ago(c.lastErrorAt)}` : ''}
                            </span>
                          )}
                        </span>
                      ) : (
                        <span className="text-slate-300">not used yet</span>
                      )}
                    </td>
                    <td className="px-2 py-1">{c ? `${c.recentCalls} (${c.recentFailures} failed)` : '—'}</td>
                    <td className="px-2 py-1">
                      {perMTok(m.inputPrice)} / {perMTok(m.outputPrice)}
                    </td>
                    <td className="px-2 py-1">{m.contextWindow ? tokens(m.contextWindow) : '—'}</td>
                    <td className="px-2 py-1">{m.usage ? `${usd(m.usage.cost) || '$0'} · ${m.usage.requests} req.` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
