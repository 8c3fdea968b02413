#!/usr/bin/env node
// A stand-in studio for working on the web UI without Karaf: serves dist/ the way
// bundles/studio-webui does (CSP with a fresh nonce, immutable assets, SPA fallback) and fakes
// the part of /api/v1 the studio page uses, with a scripted agent that streams Markdown, calls
// tools and asks for an approval. Everything is in memory; log in as any email with password
// "studio". Not a test of the real API: the REST resources in bundles/studio-rest are.
//
//   npm run build && node scripts/mock-studio.mjs [port]     (MOCK_MESSAGES=2000 for a long chat)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockAdmin } from './mock-admin.mjs';
import { mockSocket } from './mock-ws.mjs';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8199);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const now = () => new Date().toISOString();
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };

// ---- state -------------------------------------------------------------------------------------
const me = { orgId: 'default', userId: 'admin', email: 'admin@localhost', displayName: 'Admin', credential: 'SESSION', orgRole: 'ORG_ADMIN', teamRoles: {}, scopes: [], studioAdmin: true };
const teams = [{ orgId: 'default', id: 'core', name: 'Core team' }, { orgId: 'default', id: 'web', name: 'Web team' }];
const projects = [
  { orgId: 'default', id: 'studio', teamId: 'core', name: 'Studio', description: 'The studio itself', createdBy: 'admin', createdAt: now() },
  { orgId: 'default', id: 'website', teamId: 'web', name: 'Website', description: null, createdBy: 'admin', createdAt: now() },
];
const sessions = new Map();
const SAMPLE_DECK = `---\ntitle: Acme seed round\n---\n\n# Acme\n\nRobots that sort recycling\n\n---\n\n# Problem\n\n- Sorting plants lose **30%** of recyclables\n- Manual sorting is slow and unsafe\n\n<!-- Tell the story of the Leeds plant. -->\n\n---\n\n# Market\n\n| | Size |\n|---|---:|\n| TAM | $12B |\n| SAM | $3B |\n| SOM | $150M |\n\n---\n\n# Ask\n\nWe raise **$2M** to reach 20 plants.\n`;
const SAMPLE_CSV = 'month,region,revenue,customers\n2025-10,EU,"12,500",14\n2025-10,US,9800,9\n2025-11,EU,"14,100",17\n2025-11,US,11200,12\n2025-12,EU,"16,900",21\n2025-12,US,15300,15\n2026-01,EU,"18,200",24\n2026-01,US,17100,19\n';
const SAMPLE_JSON = JSON.stringify([{ quarter: '2025-Q3', users: 120, churn: 0.05 }, { quarter: '2025-Q4', users: 310, churn: 0.04 }, { quarter: '2026-Q1', users: 740, churn: 0.03 }], null, 2);
const mkSession = (projectId, kind = 'INTERACTIVE', title = null, state = 'RUNNING') => {
  const s = { id: randomUUID(), orgId: 'default', teamId: 'core', userId: 'admin', projectId, kind, state, title, createdAt: new Date(Date.now() - 3_600_000).toISOString(), lastActiveAt: now(), endedAt: null };
  sessions.set(s.id, { record: s, events: [], subscribers: new Set(), conversation: [], files: new Map(), checkpoints: [], approvals: new Map(), turn: null });
  const st = sessions.get(s.id);
  st.files.set('project/README.md', '# Studio\n\nHello.\n');
  st.files.set('project/src/main.py', 'def main():\n    print("hello")\n\nif __name__ == "__main__":\n    main()\n');
  st.files.set('project/src/app.ts', 'export const answer: number = 42;\n');
  st.files.set('project/decks/seed-round.md', SAMPLE_DECK);
  st.files.set('project/data/market.csv', SAMPLE_CSV);
  st.files.set('project/data/traction.json', SAMPLE_JSON);
  st.files.set('project/data/broken.csv', 'region,revenue\n"EU,10\nUS,20\n');
  return s;
};
const first = mkSession('studio', 'INTERACTIVE', 'Refactor the router');
mkSession('studio', 'BATCH', 'Nightly tests', 'STOPPED');
const long = Number(process.env.MOCK_MESSAGES ?? 6);
{
  const st = sessions.get(first.id);
  for (let i = 0; i < long; i++) {
    const turnId = `old-${Math.floor(i / 2)}`;
    st.conversation.push(
      i % 2 === 0
        ? { id: `m${i}`, index: i + 1, turnId, role: 'USER', authorId: 'admin', text: `Question ${i / 2}: how does part ${i} work?`, toolCalls: [], toolCallId: null, error: false, provider: null, model: null, inputTokens: 0, outputTokens: 0, at: now() }
        : { id: `m${i}`, index: i + 1, turnId, role: 'ASSISTANT', authorId: 'admin', text: `Part ${i} works like this:\n\n- it **reads** the input\n- it writes \`output\`\n\n\`\`\`python\nprint(${i})\n\`\`\``, toolCalls: [], toolCallId: null, error: false, provider: 'offline', model: 'echo', inputTokens: 120 + i, outputTokens: 40, at: now() },
    );
  }
  st.checkpoints.push({ id: randomUUID(), orgId: 'default', sessionId: first.id, commitId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', message: 'Initial import', createdBy: 'admin', createdAt: new Date(Date.now() - 7_200_000).toISOString() });
}

// ---- helpers -----------------------------------------------------------------------------------
const send = (res, status, body, headers = {}) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
};
const problem = (res, status, detail) => send(res, status, { type: 'about:blank', title: String(status), status, detail });
const page = (items) => ({ items, total: items.length, nextCursor: null });
const body = (req) =>
  new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
const json = async (req) => {
  const b = (await body(req)).toString();
  return b ? JSON.parse(b) : {};
};
const tokens = new Set();
const issue = (res) => {
  const t = randomBytes(16).toString('hex');
  tokens.add(t);
  send(res, 200, { access_token: t, token_type: 'Bearer', expires_in: 900, expires_at: new Date(Date.now() + 900_000).toISOString() }, { 'Set-Cookie': 'studio_refresh=mock; Path=/api/v1/auth; HttpOnly; SameSite=Strict' });
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// teams, users, roles held and API keys (the Administration pages): scripts/mock-admin.mjs
const admin = mockAdmin({ me, teams, projects, send, problem, json });

function publish(st, type, data, turnId = null, actor = null) {
  const e = { seq: st.events.length + 1, sessionId: st.record.id, type, at: now(), actor, turnId, data };
  st.events.push(e);
  for (const sub of st.subscribers) sub(e);
  return e;
}

async function agent(st, turnId, text) {
  // the order of a real turn (studio-core Turn.java): a step streams text and tool calls, then its
  // USAGE (the turn's totals so far); then the calls run one by one (approval first where needed);
  // then the next step; a checkpoint when files changed; DONE
  st.turn = { id: turnId, cancelled: false };
  const alive = () => st.turn && st.turn.id === turnId && !st.turn.cancelled;
  const totals = { inputTokens: 0, outputTokens: 0, cost: 0 };
  const usage = (input, output, cost, model) => {
    totals.inputTokens += input;
    totals.outputTokens += output;
    totals.cost += cost;
    publish(st, 'USAGE', { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.cost.toFixed(6), provider: 'offline', model }, turnId);
  };
  await sleep(300);
  publish(st, 'TURN_STARTED', { turnId, provider: 'offline', model: 'echo' }, turnId);
  const answer = `You said: *${text.replace(/[*_`]/g, '')}*.\n\nHere is some code:\n\n\`\`\`ts\nconst x: number = 1;\nfunction f() { return x + 1; }\n\`\`\`\n\nAnd model output that tries to be clever: <script>alert('xss')</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)).\n\nLet me look at the files.`;
  for (let i = 0; i < answer.length && alive(); i += 12) {
    publish(st, 'TEXT_DELTA', { text: answer.slice(i, i + 12) }, turnId);
    await sleep(40);
  }
  if (!alive()) return;
  publish(st, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'list_files' }, turnId);
  for (const d of ['{"path":', '"project",', '"recursive":true}']) {
    publish(st, 'TOOL_CALL_DELTA', { callId: 'c1', delta: d }, turnId);
    await sleep(60);
  }
  publish(st, 'TOOL_CALL_STARTED', { callId: 'c2', tool: 'run_command' }, turnId);
  publish(st, 'TOOL_CALL_DELTA', { callId: 'c2', delta: '{"command":["rm","-rf","build"]}' }, turnId);
  usage(812, 96, 0.0021, 'echo');
  await sleep(250);
  publish(st, 'TOOL_CALL_RESULT', { callId: 'c1', tool: 'list_files', output: [...st.files.keys()].join('\n'), error: false, truncated: false }, turnId);
  const approvalId = randomUUID();
  const decided = new Promise((resolve) => st.approvals.set(approvalId, resolve));
  publish(st, 'APPROVAL_REQUESTED', { approvalId, callId: 'c2', tool: 'run_command', arguments: '{"command":["rm","-rf","build"]}', reason: 'Deletes the build folder' }, turnId);
  const decision = await decided;
  if (!alive()) return;
  publish(st, decision.approve ? 'APPROVAL_GRANTED' : 'APPROVAL_DENIED', { approvalId, callId: 'c2', by: 'admin', reason: decision.reason }, turnId, 'admin');
  if (decision.approve) await sleep(400);
  publish(st, 'TOOL_CALL_RESULT', { callId: 'c2', tool: 'run_command', output: decision.approve ? 'removed build/' : `not run: a person denied this call (Deletes the build folder): ${decision.reason || 'no reason given'}`, error: !decision.approve, truncated: false }, turnId);
  publish(st, 'PROVIDER_SWITCHED', { from: 'offline/echo', to: 'offline/echo-large', reason: 'the context window of offline/echo is too small' }, turnId);
  await sleep(200);
  for (const w of ['\n\nAll ', 'done.']) {
    publish(st, 'TEXT_DELTA', { text: w }, turnId);
    await sleep(50);
  }
  usage(720, 115, 0.0021, 'echo-large');
  if (decision.approve) {
    const cp = { id: randomUUID(), orgId: 'default', sessionId: st.record.id, commitId: randomBytes(20).toString('hex'), message: `Agent turn ${turnId}: ${text.slice(0, 72)}`, createdBy: 'admin', createdAt: now() };
    st.checkpoints.push(cp);
    publish(st, 'CHECKPOINT_CREATED', { checkpointId: cp.id, commitId: cp.commitId, message: cp.message }, turnId);
  }
  publish(st, 'DONE', { reason: 'completed', inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.cost.toFixed(6) }, turnId);
  st.conversation.push({ id: randomUUID(), index: st.conversation.length + 1, turnId, role: 'ASSISTANT', authorId: 'admin', text: `${answer}\n\nAll done.`, toolCalls: [], toolCallId: null, error: false, provider: 'offline', model: 'echo-large', inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, at: now() });
  st.turn = null;
}

// ---- static files (as the servlet serves them) --------------------------------------------------
async function serveStatic(req, res, path) {
  const file = normalize(join(dist, path === '/' ? 'index.html' : path));
  const fallback = !extname(path) && (req.headers.accept ?? '').includes('text/html');
  if (!file.startsWith(dist)) return problem(res, 404, 'no such file');
  let data;
  let isIndex = path === '/' || path === '/index.html' || fallback;
  try {
    data = await readFile(isIndex ? join(dist, 'index.html') : file);
  } catch {
    return problem(res, 404, 'no such file');
  }
  const host = /^[A-Za-z0-9.\-]+(:\d+)?$/.test(req.headers.host ?? '') ? req.headers.host : null;
  const nonce = randomBytes(18).toString('base64');
  const csp = `default-src 'self'; script-src 'self'; style-src 'self'${isIndex ? ` 'nonce-${nonce}'` : ''}; img-src 'self' data:; font-src 'self' data:; connect-src 'self'${host ? ` ws://${host} wss://${host}` : ''}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
  const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  if (isIndex) {
    res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-cache' });
    return res.end(data.toString().replaceAll('__CSP_NONCE__', nonce));
  }
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  res.end(data);
}

// ---- API -----------------------------------------------------------------------------------------
async function api(req, res, url) {
  const p = url.pathname.replace(/^\/api\/v1/, '');
  const m = req.method;
  if (p === '/health')
    return send(res, 200, {
      status: 'DEGRADED',
      coreSince: new Date(Date.now() - 5_400_000).toISOString(),
      components: [
        { name: 'core', kind: 'core', status: 'UP', message: '', bundle: 'io.coditect.studio.core' },
        { name: 'offline', kind: 'provider', status: 'UP', message: '', bundle: 'io.coditect.studio.provider.offline' },
        { name: 'anthropic', kind: 'provider', status: 'DEGRADED', message: 'rate limited: answers are slow', bundle: 'io.coditect.studio.provider.anthropic' },
        { name: 'local', kind: 'storage', status: 'UP', message: '', bundle: 'io.coditect.studio.storage.local' },
        { name: 'process', kind: 'sandbox', status: 'UP', message: '', bundle: 'io.coditect.studio.sandbox.process' },
      ],
      sandboxPools: [{ driverId: 'process', image: null, idle: 2, target: 2, hits: 14, misses: 3, created: 17, failures: 0, lastError: null }],
    });
  if (p === '/auth/sso') return send(res, 200, [{ id: 'github', displayName: 'GitHub', orgId: 'default' }]);
  if (p === '/auth/refresh' && m === 'POST') return (req.headers.cookie ?? '').includes('studio_refresh=mock') ? issue(res) : problem(res, 401, 'Log in again.');
  if (p === '/auth/login' && m === 'POST') {
    const b = await json(req);
    return b.password === 'studio' ? issue(res) : problem(res, 401, 'Wrong email or password.');
  }
  const auth = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  if (!tokens.has(auth)) return problem(res, 401, 'Send a bearer token.');
  if (p === '/auth/logout') {
    tokens.delete(auth);
    return send(res, 204, undefined, { 'Set-Cookie': 'studio_refresh=; Path=/api/v1/auth; Max-Age=0' });
  }
  if (p === '/me') return send(res, 200, me);
  if (p === '/providers')
    return send(res, 200, [
      { id: 'offline', name: 'Offline', kind: 'provider', status: 'UP', details: { offline: true, models: [{ id: 'echo', name: 'Echo', capabilities: ['CHAT', 'TOOLS'], contextWindow: 32000, inputPricePerMTok: '0', outputPricePerMTok: '0' }, { id: 'echo-large', name: 'Echo (large)', capabilities: ['CHAT'], contextWindow: 200000, inputPricePerMTok: '0', outputPricePerMTok: '0' }] } },
      { id: 'anthropic', name: 'Anthropic', kind: 'provider', status: 'DEGRADED', message: 'rate limited', details: { offline: false, models: [{ id: 'claude-sonnet', name: 'Claude Sonnet', capabilities: ['CHAT', 'TOOLS', 'VISION'], contextWindow: 200000, inputPricePerMTok: '3', outputPricePerMTok: '15' }] } },
    ]);
  if (p === '/router/states')
    return send(res, 200, [
      { provider: 'offline', model: 'echo', circuit: 'CLOSED', consecutiveFailures: 0, recentCalls: 12, recentFailures: 0, lastErrorKind: null, lastErrorAt: null, openUntil: null, throttledUntil: null, timesOpened: 0 },
      { provider: 'anthropic', model: 'claude-sonnet', circuit: 'OPEN', consecutiveFailures: 5, recentCalls: 9, recentFailures: 5, lastErrorKind: 'RATE_LIMITED', lastErrorAt: new Date(Date.now() - 60_000).toISOString(), openUntil: new Date(Date.now() + 45_000).toISOString(), throttledUntil: null, timesOpened: 1 },
    ]);
  if (p === '/orgs') return send(res, 200, page([{ id: 'default', name: 'Default organisation' }, { id: 'acme', name: 'Acme' }]));
  let r;
  if ((r = /^\/orgs\/([^/]+)\/usage$/.exec(p))) {
    const groupBy = url.searchParams.get('groupBy') ?? 'ORGANISATION';
    const t = (key, cost, requests, input, output) => ({ key, requests, inputTokens: input, outputTokens: output, cachedInputTokens: 0, cost });
    const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const totals = {
      ORGANISATION: [t('default', 4.2817, 57, 310_000, 41_000)],
      PROVIDER: [t('anthropic', 4.2817, 31, 250_000, 30_000), t('offline', 0, 26, 60_000, 11_000)],
      MODEL: [t('claude-sonnet', 4.2817, 31, 250_000, 30_000), t('echo', 0, 20, 40_000, 8_000), t('echo-large', 0, 6, 20_000, 3_000)],
      DAY: [t(day(6), 0.52, 8, 40_000, 5_000), t(day(4), 1.9, 20, 110_000, 14_000), t(day(2), 0.33, 6, 30_000, 4_000), t(day(1), 1.2, 15, 90_000, 12_000), t(day(0), 0.3317, 8, 40_000, 6_000)],
    }[groupBy] ?? [];
    return send(res, 200, { groupBy, from: url.searchParams.get('from'), to: null, totals });
  }
  if ((r = /^\/orgs\/([^/]+)\/budgets$/.exec(p)))
    return send(res, 200, page([{ id: 'budget-1', orgId: r[1], scope: 'ORGANISATION', scopeId: r[1], period: 'MONTH', limitUsd: 50, limitTokens: null, periodStart: now(), periodEnd: new Date(Date.now() + 20 * 86_400_000).toISOString(), spentUsd: 4.2817, spentTokens: 351_000, remainingUsd: 45.7183, remainingTokens: null, exhausted: false }]));
  if (await admin(req, res, url, p)) return;
  if ((r = /^\/orgs\/([^/]+)\/projects$/.exec(p))) {
    if (m === 'POST') {
      const b = await json(req);
      const proj = { orgId: r[1], id: b.id, teamId: b.teamId, name: b.name, description: b.description ?? null, createdBy: 'admin', createdAt: now() };
      projects.push(proj);
      return send(res, 201, proj);
    }
    return send(res, 200, page(r[1] === 'default' ? projects.filter((x) => !url.searchParams.get('team') || x.teamId === url.searchParams.get('team')) : []));
  }
  if ((r = /^\/orgs\/[^/]+\/conversations\/search$/.exec(p))) {
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const hits = [...sessions.values()].flatMap((s) => s.conversation.filter((c) => c.text.toLowerCase().includes(q)).map((c) => ({ ...c, sessionId: s.record.id, projectId: s.record.projectId })));
    return send(res, 200, page(hits.slice(0, 50)));
  }
  if ((r = /^\/orgs\/[^/]+\/checkpoints\/([^/]+)(\/diff)?$/.exec(p))) {
    if (r[2]) {
      res.writeHead(200, { 'Content-Type': 'text/x-diff' });
      return res.end('diff --git a/src/main.py b/src/main.py\nindex 1111111..2222222 100644\n--- a/src/main.py\n+++ b/src/main.py\n@@ -1,2 +1,3 @@\n def main():\n-    print("hi")\n+    print("hello")\n+    return 0\n');
    }
    return send(res, 200, { id: 'a1b2c3d4', parentIds: [], message: 'Initial import\n\nbody', author: { name: 'Admin', email: 'admin@localhost' }, time: now(), changes: [{ type: 'MODIFIED', path: 'src/main.py', oldPath: null }] });
  }
  if ((r = /^\/orgs\/([^/]+)\/sessions$/.exec(p))) {
    if (m === 'POST') {
      const b = await json(req);
      return send(res, 201, mkSession(b.projectId, b.kind ?? 'INTERACTIVE', b.title ?? null));
    }
    const project = url.searchParams.get('project');
    return send(res, 200, page([...sessions.values()].map((s) => s.record).filter((s) => !project || s.projectId === project)));
  }
  if (!(r = /^\/orgs\/[^/]+\/sessions\/([^/]+)(\/.*)?$/.exec(p))) return problem(res, 404, `No mock for ${m} ${p}`);
  const st = sessions.get(r[1]);
  if (!st) return problem(res, 404, 'There is no such session.');
  const rest = r[2] ?? '';
  const s = st.record;
  if (rest === '' && m === 'GET') return send(res, 200, s);
  if (rest === '' && m === 'DELETE') return send(res, 200, Object.assign(s, { state: 'STOPPED', endedAt: now() }));
  if (rest === '/resume') return send(res, 200, Object.assign(s, { state: 'RUNNING', endedAt: null, lastActiveAt: now() }));
  if (rest === '/presence') {
    const b = await json(req);
    publish(st, 'PRESENCE', { user: me.userId, name: me.displayName, state: b.state }, null, me.userId);
    return send(res, 204);
  }
  if (rest === '/events') {
    let after = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write(': connected\n\n');
    const write = (e) => res.write(`${e.seq ? `id: ${e.seq}\n` : ''}event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    if (after > st.events.length) {
      write({ seq: 0, sessionId: s.id, type: 'RESYNC', at: now(), actor: null, turnId: null, data: { lastSeq: after, reason: 'restarted' } });
      return res.end();
    }
    for (const e of st.events) if (e.seq > after) write(e);
    st.subscribers.add(write);
    const keep = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keep);
      st.subscribers.delete(write);
    });
    return;
  }
  if (rest === '/messages' && m === 'POST') {
    const b = await json(req);
    if (st.turn) return problem(res, 409, 'A turn of this session is still running: wait for it or cancel it.');
    const turnId = randomUUID();
    const e = publish(st, 'USER_MESSAGE', { text: b.text, turnId }, turnId, 'admin');
    st.conversation.push({ id: randomUUID(), index: st.conversation.length + 1, turnId, role: 'USER', authorId: 'admin', text: b.text, toolCalls: [], toolCallId: null, error: false, provider: null, model: null, inputTokens: 0, outputTokens: 0, at: now() });
    send(res, 202, { turnId, sessionId: s.id, userId: 'admin', messageSeq: e.seq, startedAt: now() });
    void agent(st, turnId, b.text);
    return;
  }
  if ((r = /^\/turns\/([^/]+)\/cancel$/.exec(rest))) {
    if (!st.turn || st.turn.id !== r[1]) return problem(res, 409, 'No such turn runs.');
    st.turn.cancelled = true;
    for (const resolve of st.approvals.values()) resolve({ approve: false, reason: 'cancelled' });
    publish(st, 'DONE', { reason: 'cancelled' }, r[1]);
    st.turn = null;
    return send(res, 204);
  }
  if ((r = /^\/approvals\/([^/]+)$/.exec(rest))) {
    const resolve = st.approvals.get(r[1]);
    if (!resolve) return problem(res, 404, 'This approval is not pending.');
    st.approvals.delete(r[1]);
    resolve(await json(req));
    return send(res, 204);
  }
  if (rest === '/conversation') return send(res, 200, page(st.conversation));
  if (rest === '/conversation/export') {
    res.writeHead(200, { 'Content-Type': 'text/markdown' });
    return res.end(st.conversation.map((c) => `**${c.role}**: ${c.text}`).join('\n\n'));
  }
  if (rest === '/files') {
    const entries = [...st.files.entries()].map(([path, text]) => ({ path, directory: false, size: Buffer.byteLength(text), modifiedAt: now() }));
    const dirs = new Set(entries.flatMap((e) => e.path.split('/').slice(1, -1).map((_, i, a) => ['project', ...a.slice(0, i + 1)].join('/'))));
    return send(res, 200, { path: 'project', entries: [...[...dirs].map((d) => ({ path: d, directory: true, size: 0, modifiedAt: now() })), ...entries], truncated: false });
  }
  if ((r = /^\/files\/(.+)$/.exec(rest))) {
    const path = decodeURIComponent(r[1]);
    if (m === 'GET') {
      if (!st.files.has(path)) return problem(res, 404, 'no such file');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return res.end(st.files.get(path));
    }
    if (m === 'PUT') {
      st.files.set(path, (await body(req)).toString());
      return send(res, 200, { path, directory: false, size: st.files.get(path).length, modifiedAt: now() });
    }
    if (m === 'DELETE') return st.files.delete(path) ? send(res, 204) : problem(res, 404, 'no such file');
  }
  if (rest === '/exec' && m === 'POST') {
    const b = await json(req);
    const line = b.command[b.command.length - 1];
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    const cd = /^cd (.*) && pwd$/.exec(line);
    if (cd) {
      res.write(JSON.stringify({ stream: 'stdout', data: `${cd[1].startsWith('/') ? cd[1] : `${b.workdir}/${cd[1]}`}\n` }) + '\n');
    } else if (line.startsWith('ls')) {
      res.write(JSON.stringify({ stream: 'stdout', data: [...st.files.keys()].join('\n') + '\n' }) + '\n');
    } else {
      for (let i = 1; i <= 3; i++) {
        res.write(JSON.stringify({ stream: i === 2 ? 'stderr' : 'stdout', data: `${line}: line ${i}\n` }) + '\n');
        await sleep(150);
      }
    }
    return res.end(JSON.stringify({ exitCode: line.includes('fail') ? 1 : 0, termination: 'EXITED', durationMs: 5, message: null }) + '\n');
  }
  if (rest === '/checkpoints') {
    if (m === 'POST') {
      const b = await json(req);
      const cp = { id: randomUUID(), orgId: 'default', sessionId: s.id, commitId: randomBytes(20).toString('hex'), message: b.message, createdBy: 'admin', createdAt: now() };
      st.checkpoints.push(cp);
      publish(st, 'CHECKPOINT_CREATED', { checkpointId: cp.id, commitId: cp.commitId, message: cp.message });
      return send(res, 201, cp);
    }
    return send(res, 200, page(st.checkpoints));
  }
  if (rest === '/restore') return send(res, 200, st.checkpoints[0]);
  return problem(res, 404, `No mock for ${m} ${p}`);
}

createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const handle = url.pathname.startsWith('/api/') ? api(req, res, url) : serveStatic(req, res, url.pathname);
  handle.catch((e) => {
    console.error(e);
    if (!res.headersSent) problem(res, 500, String(e));
    else res.end();
  });
})
  .on('upgrade', mockSocket({ sessions, tokens, me, publish, now })) // /ws: scripts/mock-ws.mjs
  .listen(port, '127.0.0.1', () => console.log(`mock studio on http://127.0.0.1:${port} (log in with any email, password "studio")`));
