import { describe, expect, it } from 'vitest';
import type { BudgetStatus, RouterState, UsageTotal } from '../../api/observe';
import type { HealthReport, PluginView } from '../../api/types';
import { budgetUse, dailySeries, mergeProviders, periodRange, providerSummary, worst } from './agents';

const plugin = (id: string, status: PluginView['status'], models: string[], extra: Partial<PluginView> = {}): PluginView => ({
  id,
  name: id.toUpperCase(),
  kind: 'provider',
  status,
  message: null,
  bundle: `b.${id}`,
  bundleVersion: '1.0',
  bundleId: 1,
  registeredAt: '2026-03-01T00:00:00Z',
  details: {
    offline: id === 'offline',
    models: models.map((m) => ({ id: m, name: `${m} model`, capabilities: ['CHAT'], contextWindow: 1000, inputPricePerMTok: '3', outputPricePerMTok: '15.5' })),
  },
  ...extra,
});

const state = (provider: string, model: string, circuit: string): RouterState => ({
  provider,
  model,
  circuit,
  consecutiveFailures: circuit === 'OPEN' ? 5 : 0,
  recentCalls: 10,
  recentFailures: circuit === 'OPEN' ? 5 : 0,
  lastErrorKind: circuit === 'OPEN' ? 'RATE_LIMITED' : null,
  lastErrorAt: null,
  openUntil: null,
  throttledUntil: null,
  timesOpened: 0,
});

const total = (key: string | null, cost: number | string, requests = 1): UsageTotal => ({ key, requests, inputTokens: 100, outputTokens: 10, cachedInputTokens: 0, cost });

describe('merging providers, health, circuits and usage', () => {
  const health: HealthReport = {
    status: 'DEGRADED',
    coreSince: '2026-03-01T00:00:00Z',
    components: [
      { name: 'core', kind: 'core', status: 'UP', message: '', bundle: 'core' },
      { name: 'anthropic', kind: 'provider', status: 'DEGRADED', message: 'slow answers', bundle: 'b.anthropic' },
      { name: 'offline', kind: 'provider', status: 'UP', message: '', bundle: 'b.offline' },
      { name: 'gemini', kind: 'provider', status: 'DOWN', message: 'no API key', bundle: 'b.gemini' },
      { name: 'local', kind: 'storage', status: 'UP', message: '', bundle: 'b.local' },
    ],
  };

  it('makes one row per provider with its models, their circuits and usage', () => {
    const rows = mergeProviders({
      providers: [plugin('anthropic', 'UP', ['claude', 'haiku']), plugin('offline', 'UP', ['echo'])],
      health,
      states: [state('anthropic', 'claude', 'OPEN'), state('anthropic', 'old-model', 'HALF_OPEN'), state('offline', 'echo', 'CLOSED')],
      usageByProvider: [total('anthropic', '1.25', 7), total('retired', 0.5)],
      usageByModel: [total('claude', 1.0, 5), total('haiku', '0.25', 2), total(null, 3)],
    });
    expect(rows.map((r) => [r.id, r.status, r.installed])).toEqual([
      ['anthropic', 'DEGRADED', true], // the health report knows better than the listing
      ['gemini', 'DOWN', true], // only the health report names it
      ['offline', 'UP', true],
      ['retired', 'UNKNOWN', false], // only past usage names it
    ]);
    const anthropic = rows[0];
    expect(anthropic).toMatchObject({ name: 'ANTHROPIC', message: 'slow answers', usage: { requests: 7, cost: 1.25 }, circuits: { open: 1, halfOpen: 1, closed: 0 } });
    expect(anthropic.models.map((m) => [m.id, m.listed, m.circuit?.circuit ?? null, m.usage?.cost ?? null])).toEqual([
      ['claude', true, 'OPEN', 1],
      ['haiku', true, null, 0.25],
      ['old-model', false, 'HALF_OPEN', null],
    ]);
    expect(anthropic.models[0]).toMatchObject({ inputPrice: 3, outputPrice: 15.5, contextWindow: 1000, capabilities: ['CHAT'] });
    expect(rows[1].message).toBe('no API key');
    expect(rows[2].offline).toBe(true);
    expect(rows[3].message).toMatch(/past usage/);
    expect(providerSummary(rows)).toEqual({ up: 1, degraded: 1, down: 1, openCircuits: 1, halfOpen: 1 });
  });

  it('uses the circuits in the provider details when the router states could not be read', () => {
    const p = plugin('openai', 'UP', ['gpt'], {});
    p.details.circuits = [state('openai', 'gpt', 'OPEN')];
    const [row] = mergeProviders({ providers: [p], states: null });
    expect(row.models[0].circuit?.circuit).toBe('OPEN');
    expect(row.circuits.open).toBe(1);
  });

  it('works with any part missing and skips the placeholder line of a kind without plugins', () => {
    expect(mergeProviders({})).toEqual([]);
    const rows = mergeProviders({
      health: { status: 'DOWN', coreSince: '', components: [{ name: 'providers', kind: 'provider', status: 'DOWN', message: 'no provider plugin is installed', bundle: null }] },
    });
    expect(rows).toEqual([]);
  });

  it('takes the worse status', () => {
    expect(worst('UP', 'DOWN')).toBe('DOWN');
    expect(worst('DEGRADED', 'UP')).toBe('DEGRADED');
    expect(worst('UNKNOWN', 'UP')).toBe('UP');
    expect(worst('DOWN', 'UNKNOWN')).toBe('DOWN');
  });
});

describe('periods, days and budgets', () => {
  const now = Date.parse('2026-03-10T15:30:00Z');

  it('computes where a period starts', () => {
    expect(periodRange('today', now)).toEqual({ from: '2026-03-10' });
    expect(periodRange('7d', now)).toEqual({ from: '2026-03-04' });
    expect(periodRange('30d', now)).toEqual({ from: '2026-02-09' });
    expect(periodRange('month', now)).toEqual({ from: '2026-03-01' });
    expect(periodRange('all', now)).toEqual({ from: null });
  });

  it('fills the days without usage', () => {
    const days = dailySeries([total('2026-03-08', '0.5', 2), total('2026-03-10', 1)], '2026-03-07', now);
    expect(days.map((d) => [d.day, d.cost, d.requests])).toEqual([
      ['2026-03-07', 0, 0],
      ['2026-03-08', 0.5, 2],
      ['2026-03-09', 0, 0],
      ['2026-03-10', 1, 1],
    ]);
    expect(dailySeries([total('2026-03-09', 1)], null, now).map((d) => d.day)).toEqual(['2026-03-09', '2026-03-10']);
    expect(dailySeries([], null, now)).toEqual([]);
  });

  it('measures budgets by the larger of their money and token shares', () => {
    const b = (over: Partial<BudgetStatus>): BudgetStatus => ({
      id: 'b', orgId: 'o', scope: 'ORGANISATION', scopeId: 'o', period: 'MONTH', limitUsd: null, limitTokens: null, periodStart: '', periodEnd: '',
      spentUsd: 0, spentTokens: 0, remainingUsd: null, remainingTokens: null, exhausted: false, ...over,
    });
    expect(budgetUse(b({ limitUsd: '100', spentUsd: '25' }))).toBe(0.25);
    expect(budgetUse(b({ limitUsd: 100, spentUsd: 25, limitTokens: 1000, spentTokens: 800 }))).toBe(0.8);
    expect(budgetUse(b({ limitTokens: 1000, spentTokens: 10, exhausted: true }))).toBe(1);
    expect(budgetUse(b({}))).toBe(0);
  });
});
