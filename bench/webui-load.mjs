#!/usr/bin/env node
// The browser studio's load figures (issue 7 targets), measured in Debian's Chromium through
// playwright-core against a running studio (bench/webui-load.sh starts one):
//   1. initial JavaScript: what the network delivered (bytes on the wire, gzip) for the login page,
//      and for a logged-in first visit of a session up to an interactive chat;
//   2. first load to an interactive chat: navigation start -> the chat input is enabled, median of
//      N loads after warm-up, with an empty browser cache (new context) and with a warm one (reload);
//   3. scrolling a 2,000-message conversation (made through the API: turns to the offline
//      provider, each awaited until its DONE event): requestAnimationFrame frame times while the
//      list scrolls from the end to the start and back, median, p95, frames over 50 ms. As made,
//      the page's event stream starts with the backlog of all those turns; webui-load.sh then
//      restarts the studio and scrolls the same conversation again (no backlog).
//
//   node bench/webui-load.mjs URL ORG EMAIL PASSWORD [loads=15] [messages=2000] [scroll px per frame=120]
// LONG_SESSION=<session id> only scrolls that session's conversation (SCROLL_LABEL names the row).
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// playwright-core comes from the end-to-end tests' own node_modules (npm ci in itests/webui-e2e)
const { chromium } = createRequire(path.join(root, 'itests', 'webui-e2e', 'package.json'))('playwright-core');

const [url, org, email, password, loadsArg = '15', messagesArg = '2000', speedArg = '120'] = process.argv.slice(2);
if (!url || !org || !email || !password) {
  console.error('usage: node bench/webui-load.mjs URL ORG EMAIL PASSWORD [loads=15] [messages=2000] [scroll px per frame=120]');
  process.exit(2);
}
const loads = Number(loadsArg);
const messages = Number(messagesArg);
const speed = Number(speedArg);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };

// ---- API --------------------------------------------------------------------------------------

async function api(token, method, p, body) {
  const res = await fetch(`${url}/api/v1/${p}`, {
    method,
    headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
const login = () => api(null, 'POST', 'auth/login', { org, email, password });

/** Follows a session's events (SSE) and tells when a turn has ended. */
function followTurns(token, sessionId) {
  const ended = new Map(); // turnId -> DONE data
  const waiters = new Map();
  const abort = new AbortController();
  const ready = (async () => {
    const res = await fetch(`${url}/api/v1/orgs/${org}/sessions/${sessionId}/events`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!res.ok) throw new Error(`events: ${res.status}`);
    return res.body;
  })();
  const pump = (async () => {
    const body = await ready;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const event = JSON.parse(data);
          if (event.type === 'DONE' && event.turnId) {
            ended.set(event.turnId, event.data);
            waiters.get(event.turnId)?.(event.data);
          }
        }
      }
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
  })();
  return {
    ready,
    done(turnId, timeoutMs = 60_000) {
      if (ended.has(turnId)) return Promise.resolve(ended.get(turnId));
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`turn ${turnId} did not end within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(turnId, (d) => {
          clearTimeout(t);
          waiters.delete(turnId);
          resolve(d);
        });
      });
    },
    close() {
      abort.abort();
      return pump.catch(() => {});
    },
  };
}

// ---- figures ----------------------------------------------------------------------------------

const quantile = (values, q) => {
  const a = [...values].sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const i = (a.length - 1) * q;
  const lo = Math.floor(i);
  return a[lo] + (a[Math.min(a.length - 1, lo + 1)] - a[lo]) * (i - lo);
};
const ms = (v) => `${v.toFixed(1)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (name, values) =>
  console.log(
    `${name.padEnd(44)} runs=${String(values.length).padEnd(3)} median=${ms(quantile(values, 0.5)).padStart(9)}  p90=${ms(quantile(values, 0.9)).padStart(9)}  min=${ms(Math.min(...values)).padStart(9)}  max=${ms(Math.max(...values)).padStart(9)}`,
  );

// ---- the page ---------------------------------------------------------------------------------

/** In every page: the time (ms after navigation start) the chat input is enabled, and the stream Live. */
function markInteractive() {
  const marks = {};
  window.__benchMarks = marks;
  const check = () => {
    if (marks.input === undefined) {
      const input = document.querySelector('[data-testid="composer-input"]');
      if (input && !input.disabled) marks.input = performance.now();
    }
    if (marks.live === undefined && document.querySelector('[data-testid="stream-status"]')?.textContent?.includes('Live')) marks.live = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

const sessionPath = (project, session) => `/orgs/${encodeURIComponent(org)}/projects/${encodeURIComponent(project)}/sessions/${encodeURIComponent(session)}`;

/** A context logged in the way a returning browser is: the HttpOnly refresh cookie of a login. */
async function loggedInContext(browser) {
  const tokens = await login();
  const context = await browser.newContext({ viewport: VIEWPORT });
  // the same path as the studio's own Set-Cookie, so the rotated cookie replaces this one
  await context.addCookies([{ name: 'studio_refresh', value: tokens.refresh_token, domain: new URL(url).hostname, path: '/api/v1/auth', httpOnly: true, sameSite: 'Strict' }]);
  // the browser studio asks for a refresh only where it logged in before
  await context.addInitScript((until) => localStorage.setItem('studio.signedInUntil', until), String(Date.parse(tokens.refresh_expires_at)));
  await context.addInitScript(markInteractive);
  return context;
}

async function waitInteractive(page) {
  await page.waitForFunction(() => window.__benchMarks?.input !== undefined && window.__benchMarks?.live !== undefined, null, { timeout: 30_000, polling: 50 });
  return page.evaluate(() => ({ ...window.__benchMarks, dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd }));
}

/** Scripts the page received: bytes on the wire (encoded) and decoded, by URL. */
function watchScripts(page) {
  const scripts = new Map();
  page.on('requestfinished', async (req) => {
    if (req.resourceType() !== 'script') return;
    const res = await req.response();
    const sizes = await req.sizes();
    const body = await res.body().catch(() => Buffer.alloc(0));
    scripts.set(req.url(), { wire: sizes.responseBodySize, decoded: body.length, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' });
  });
  return scripts;
}
const total = (scripts) => [...scripts.values()].reduce((a, s) => ({ wire: a.wire + s.wire, decoded: a.decoded + s.decoded }), { wire: 0, decoded: 0 });

/** Opens the conversation, then scrolls it end -> start -> end at `speed` px per frame, timing the frames. */
async function scrollConversation(browser, long, count, label) {
    const context = await loggedInContext(browser);
    const page = await context.newPage();
    await page.goto(url + sessionPath(long.projectId, long.id));
    const m = await waitInteractive(page);
    const loadedAt = await page.waitForFunction(
      (n) => {
        const rows = document.querySelectorAll('[data-testid="message-list"] [data-index]');
        const last = Math.max(-1, ...Array.from(rows, (r) => Number(r.getAttribute('data-index'))));
        return last >= n - 1 ? performance.now() : false;
      },
      count,
      { timeout: 120_000, polling: 50 },
    );
    console.log(`first load of it: input enabled ${ms(m.input)}, end of the conversation shown ${ms(await loadedAt.jsonValue())}`);
    let reloads = 0; // the whole conversation asked for again (a RESYNC of the event stream)
    page.on('request', (r) => /\/conversation\?limit=/.test(r.url()) && reloads++);
    await page.waitForTimeout(1_000);

    const scroll = await page.evaluate(async (pxPerFrame) => {
      const el = document.querySelector('[data-testid="message-list"]');
      const frames = { up: [], down: [] };
      let longTasks = 0;
      const po = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
      try {
        po.observe({ type: 'longtask' });
      } catch {
        // not supported
      }
      let maxRows = 0;
      const slow = []; // frames over 50 ms: which pass, when, where
      const pass = (dir) =>
        new Promise((resolve) => {
          let last = performance.now();
          const start = last;
          const tick = (t) => {
            frames[dir].push(t - last);
            if (t - last > 50) slow.push({ dir, ms: t - last, at: (t - start) / 1000, where: el.scrollTop / Math.max(1, el.scrollHeight - el.clientHeight) });
            last = t;
            maxRows = Math.max(maxRows, el.querySelectorAll('[data-index]').length);
            const before = el.scrollTop;
            el.scrollTop = dir === 'up' ? before - pxPerFrame : before + pxPerFrame;
            const end = dir === 'up' ? el.scrollTop <= 0 : el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
            if (end && el.scrollTop === before) resolve();
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame((t) => {
            last = t;
            requestAnimationFrame(tick);
          });
        });
      const t0 = performance.now();
      await pass('up');
      const t1 = performance.now();
      await pass('down');
      const t2 = performance.now();
      po.disconnect();
      slow.sort((a, b) => b.ms - a.ms);
      return { frames, longTasks, maxRows, upMs: t1 - t0, downMs: t2 - t1, height: el.scrollHeight, slow: slow.slice(0, 5) };
    }, speed);
    const all = [...scroll.frames.up, ...scroll.frames.down];
    const over = (v, limit) => v.filter((f) => f > limit).length;
    console.log(`scroll ${count} messages ${label} at ${speed} px/frame, list ${(scroll.height / 1000).toFixed(0)}k px tall, at most ${scroll.maxRows} rows in the DOM:`);
    for (const [name, v] of [
      ['  up (end -> start)', scroll.frames.up],
      ['  down (start -> end)', scroll.frames.down],
      ['  both', all],
    ]) {
      console.log(`${name.padEnd(24)} frames=${String(v.length).padEnd(5)} median=${ms(quantile(v, 0.5)).padStart(8)}  p95=${ms(quantile(v, 0.95)).padStart(8)}  p99=${ms(quantile(v, 0.99)).padStart(8)}  max=${ms(Math.max(...v)).padStart(8)}  >50 ms: ${over(v, 50)}  >33 ms: ${over(v, 33.4)}`);
    }
    console.log(`  long tasks (> 50 ms) while scrolling: ${scroll.longTasks}; time up ${(scroll.upMs / 1000).toFixed(1)} s, down ${(scroll.downMs / 1000).toFixed(1)} s`);
    console.log(`  conversation reloaded ${reloads} times while scrolling (the event stream's RESYNC)`);
    console.log(`  longest frames: ${scroll.slow.length === 0 ? 'none over 50 ms' : ''}${scroll.slow.map((f) => `${ms(f.ms)} (${f.dir} at ${f.at.toFixed(1)} s, ${(f.where * 100).toFixed(0)} % down the list)`).join('; ')}`);
    await context.close();
}

async function main() {
  console.log(`== Browser studio load (${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}) ==`);
  const token = (await login()).access_token;
  const stamp = Date.now().toString(36);
  const team = await api(token, 'POST', `orgs/${org}/teams`, { id: `bench-${stamp}`, name: 'Bench' });
  const project = await api(token, 'POST', `orgs/${org}/projects`, { id: `bench-${stamp}`, teamId: team.id, name: 'Bench' });
  const session = await api(token, 'POST', `orgs/${org}/sessions`, { projectId: project.id, kind: 'INTERACTIVE', title: 'load' });

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  console.log(`Chromium ${browser.version()}, viewport ${VIEWPORT.width}x${VIEWPORT.height}`);
  try {
    // 1. initial JavaScript
    if (!process.env.LONG_SESSION) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      const scripts = watchScripts(page);
      await page.goto(`${url}/`, { waitUntil: 'networkidle' });
      await page.getByTestId('login-form').waitFor();
      const loginPage = total(scripts);
      const encodings = new Set([...scripts.values()].map((s) => s.encoding));
      console.log(`initial JavaScript, login page:             ${kb(loginPage.wire)} on the wire (${[...encodings].join(', ')}), ${kb(loginPage.decoded)} decoded, ${scripts.size} files`);
      await context.close();

      const logged = await loggedInContext(browser);
      const p2 = await logged.newPage();
      const s2 = watchScripts(p2);
      await p2.goto(url + sessionPath(project.id, session.id));
      await waitInteractive(p2);
      await p2.waitForTimeout(2_000); // chunks asked for after the input was enabled (the event stream keeps the network busy)
      const chat = total(s2);
      console.log(`JavaScript up to an interactive chat:       ${kb(chat.wire)} on the wire, ${kb(chat.decoded)} decoded, ${s2.size} files`);
      for (const [u, s] of [...s2.entries()].sort((a, b) => b[1].wire - a[1].wire)) console.log(`    ${new URL(u).pathname.padEnd(44)} ${kb(s.wire).padStart(9)} ${s.encoding}`);
      await logged.close();
    }

    // 2. first load to an interactive chat
    if (!process.env.LONG_SESSION) {
      const cold = [];
      const coldLive = [];
      for (let i = 0; i < loads + 2; i++) {
        const context = await loggedInContext(browser);
        const page = await context.newPage();
        await page.goto(url + sessionPath(project.id, session.id));
        const m = await waitInteractive(page);
        if (i >= 2) {
          cold.push(m.input);
          coldLive.push(m.live);
        }
        await context.close();
      }
      row('first load -> chat input enabled (cold cache)', cold);
      row('first load -> event stream Live (cold cache)', coldLive);

      const warm = [];
      const warmLive = [];
      const context = await loggedInContext(browser);
      const page = await context.newPage();
      for (let i = 0; i < loads + 2; i++) {
        await page.goto(url + sessionPath(project.id, session.id));
        const m = await waitInteractive(page);
        if (i >= 2) {
          warm.push(m.input);
          warmLive.push(m.live);
        }
      }
      await context.close();
      row('reload -> chat input enabled (warm cache)', warm);
      row('reload -> event stream Live (warm cache)', warmLive);
    }

    // 3. a 2,000-message conversation, then scrolling it
    {
      let long = process.env.LONG_SESSION
        ? await api(token, 'GET', `orgs/${org}/sessions/${process.env.LONG_SESSION}`)
        : await api(token, 'POST', `orgs/${org}/sessions`, { projectId: project.id, kind: 'INTERACTIVE', title: `${messages} messages` });
      if (long.state === 'STOPPED' || long.state === 'FAILED') long = await api(token, 'POST', `orgs/${org}/sessions/${long.id}/resume`);
      const turns = followTurns(token, long.id);
      await turns.ready;
      const t0 = Date.now();
      const turnTimes = [];
      for (let i = 1; !process.env.LONG_SESSION && i <= messages / 2; i++) {
        const t = performance.now();
        const turn = await api(token, 'POST', `orgs/${org}/sessions/${long.id}/messages`, { text: `Message ${i} of the long conversation.` });
        await turns.done(turn.turnId);
        turnTimes.push(performance.now() - t);
        if (i % 250 === 0) console.log(`    ${i * 2} messages (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
      await turns.close();
      const count = (await api(token, 'GET', `orgs/${org}/sessions/${long.id}/conversation?limit=1`)).total;
      if (turnTimes.length) console.log(`conversation made through the API:          ${count} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s (turn median ${ms(quantile(turnTimes, 0.5))}, p95 ${ms(quantile(turnTimes, 0.95))})`);
      else console.log(`conversation of session ${long.id}: ${count} messages`);

      // as made: the page's event stream starts with the whole backlog of the 1,000 turns
      await scrollConversation(browser, long, count, process.env.LONG_SESSION ? process.env.SCROLL_LABEL ?? 'as opened' : 'as made (event backlog of the turns)');
      if (!process.env.LONG_SESSION) console.log(`long conversation: session ${long.id}`); // webui-load.sh scrolls it again after a restart
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
