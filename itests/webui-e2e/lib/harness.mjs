// What every end-to-end test uses: Debian's Chromium through playwright-core, a scenario that
// screenshots each step and collects every page's console and page errors, the studio's API for
// setting things up, and a few waits (playwright-core has no assertion library).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import * as studio from './studio.mjs';

/** Set by run-e2e.mjs. */
export const env = {
  url: required('STUDIO_URL'),
  org: required('STUDIO_ADMIN_ORG'),
  email: required('STUDIO_ADMIN_EMAIL'),
  password: required('STUDIO_ADMIN_PASSWORD'),
  screenshots: process.env.E2E_SCREENSHOTS ?? path.resolve('target', 'screenshots'),
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  /** The unpacked assembly (target/studio) and the Java it runs on (null: the PATH's), for restarts. */
  home: process.env.STUDIO_HOME ?? null,
  javaHome: process.env.STUDIO_JAVA_HOME || null,
};

/**
 * Restarts the studio the runner started (lib/studio.mjs restart: bin/stop, the JVM gone, bin/start,
 * /api/v1/health UP), keeping its data and ports; {@code whileDown} runs while it is stopped. The
 * stop blocks this process (the pages keep running meanwhile).
 */
export async function restartStudio({ whileDown } = {}) {
  if (!env.home) throw new Error('STUDIO_HOME is not set: run the tests through run-e2e.mjs');
  return studio.restart(env.home, env.javaHome, env.url, { whileDown });
}

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through run-e2e.mjs (mvn verify -pl itests/webui-e2e)`);
  return v;
}

/**
 * Flags for this machine's closed network: without the background-networking ones Chromium keeps
 * trying to reach Google's hosts. Playwright adds --headless itself and gives every launch a new
 * empty --user-data-dir of its own (a temporary folder it deletes on close); it refuses one in args.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  if (!fs.existsSync(env.chromium)) throw new Error(`no Chromium at ${env.chromium}: apt-get install chromium`);
  return chromium.launch({ executablePath: env.chromium, headless: true, args: CHROMIUM_ARGS });
}

export const VIEWPORT = { width: 1280, height: 800 };

/** Ids that do not collide between runs of a test against the same studio. */
export function uniqueId(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * What Chromium logs as a console error while the studio cannot be reached: a WebSocket handshake
 * to /ws that failed (no connection, reset, or no 101 from a studio still starting), and a request to
 * /api without an answer (net::ERR_…) or answered 404 or 502-504 (a starting Karaf serves HTTP before
 * the API is registered: 404).
 */
export function isNetworkError(text, url = '') {
  if (/^WebSocket connection to 'wss?:\/\/[^/']+\/ws\?[^']*' failed: /.test(text)) return true;
  if (!/^https?:\/\/[^/]+\/api\//.test(url)) return false;
  return /^Failed to load resource: (net::ERR_[A-Z_]+|the server responded with a status of (404|502|503|504) \()/.test(text);
}

/**
 * Whether a console error is Chromium's line for an answer of {@code status} to a request for
 * /api/v1/{@code apiPath} (that path exactly, any origin, no query): what a page's own fetch of a
 * refused request logs ("Failed to load resource: the server responded with a status of 409 (Conflict)").
 */
export function isRefusal(text, url, status, apiPath) {
  if (!new RegExp(`^Failed to load resource: the server responded with a status of ${status} \\(`).test(text)) return false;
  try {
    const u = new URL(url);
    return u.pathname === `/api/v1/${apiPath}` && u.search === '';
  } catch {
    return false;
  }
}

/**
 * One test's browser pages, its numbered screenshots (target/screenshots/<test>/<nn-step>.png) and
 * the errors its pages logged. run() fails the test when any page logged a console error or threw;
 * network errors (isNetworkError) are allowed only inside expectNetworkErrors(), and a refusal the
 * test provokes only inside expectRefusal().
 */
export class Scenario {
  constructor(name) {
    this.name = name;
    this.dir = path.join(env.screenshots, name);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.count = 0;
    this.errors = [];
    this.pages = [];
    this.browser = null;
    /** > 0 while network errors are expected (expectNetworkErrors). */
    this.outages = 0;
    /** The network errors logged inside those windows. */
    this.networkErrors = [];
    /** The refusals expected right now (expectRefusal): { status, apiPath }. */
    this.refusals = [];
    /** The console errors those refusals caused. */
    this.refusalErrors = [];
  }

  /**
   * A new browser context (its own cookies and storage: a second browser) and a page in it;
   * {@code baseURL} is where page.goto('/…') goes (the studio, or a NetworkLink in front of it).
   */
  async page(label = 'browser', { baseURL = env.url } = {}) {
    this.browser ??= await launch();
    const context = await this.browser.newContext({ baseURL, viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error') {
        const url = m.location()?.url ?? '';
        const where = url ? ` (${url}:${m.location().lineNumber})` : '';
        const text = `[${label}] console error: ${m.text()}${where}`;
        if (this.outages > 0 && isNetworkError(m.text(), url)) this.networkErrors.push(text);
        else if (this.refusals.some((r) => isRefusal(m.text(), url, r.status, r.apiPath))) this.refusalErrors.push(text);
        else this.errors.push(text);
      }
    });
    page.on('pageerror', (e) => this.errors.push(`[${label}] page error: ${e.stack ?? e.message}`));
    page.on('crash', () => this.errors.push(`[${label}] the page crashed`));
    this.pages.push({ label, page });
    return page;
  }

  /** Screenshots the pages (all of this scenario's when none is given) as the next step. */
  async step(name, ...pages) {
    this.count += 1;
    const base = `${String(this.count).padStart(2, '0')}-${name}`;
    const shown = pages.length ? this.pages.filter((p) => pages.includes(p.page)) : this.pages;
    for (const { label, page } of shown) {
      const file = shown.length > 1 ? `${base}-${label}.png` : `${base}.png`;
      await page.screenshot({ path: path.join(this.dir, file) });
    }
  }

  /**
   * Runs {@code body} (a network drop or a server restart, until the pages are connected again)
   * allowing network errors in the pages' consoles meanwhile (isNetworkError: failed handshakes and
   * requests to the studio); any other console error still fails the test, and so does a network
   * error before or after. Returns what body returned.
   */
  async expectNetworkErrors(body) {
    this.outages += 1;
    try {
      return await body();
    } finally {
      await this.settle();
      this.outages -= 1;
    }
  }

  /**
   * Runs {@code body} (an action the studio is expected to refuse with {@code status}, the page
   * showing its problem) allowing the console error Chromium logs for it: an answer of that
   * status to a request for /api/v1/{@code apiPath} exactly (isRefusal). Any other console error,
   * another status or path, and the same refusal before or after, still fail the test. Returns what
   * body returned.
   */
  async expectRefusal(status, apiPath, body) {
    const refusal = { status, apiPath };
    this.refusals.push(refusal);
    try {
      return await body();
    } finally {
      await this.settle();
      this.refusals.splice(this.refusals.indexOf(refusal), 1);
    }
  }

  /** Waits for the console events of everything the pages did so far (they arrive before a round trip's answer). */
  async settle() {
    await Promise.all(this.pages.map(({ page }) => (page.isClosed() ? null : page.evaluate(() => 0).catch(() => {}))));
  }

  /** Runs the test body; on failure screenshots every page; then requires a clean console. */
  async run(body) {
    try {
      await body();
    } catch (e) {
      for (const { label, page } of this.pages) {
        await page.screenshot({ path: path.join(this.dir, `${String(this.count + 1).padStart(2, '0')}-FAILED-${label}.png`) }).catch(() => {});
      }
      if (this.errors.length) e.message += `\nerrors in the pages:\n${this.errors.join('\n')}`;
      throw e;
    } finally {
      await this.browser?.close().catch(() => {});
    }
    assert.deepEqual(this.errors, [], `the pages logged errors:\n${this.errors.join('\n')}`);
  }
}

// ---- the studio's API, for what the UI has no form for and for setting up --------------------

export async function api(token, method, apiPath, body) {
  const res = await fetch(`${env.url}/api/v1/${apiPath}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /api/v1/${apiPath}: ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

export async function apiLogin(email = env.email, password = env.password, org = env.org) {
  return (await api(null, 'POST', 'auth/login', { org, email, password })).access_token;
}

/** A team and a project in it, through the API. */
export async function apiProject(token, prefix) {
  const team = await api(token, 'POST', `orgs/${env.org}/teams`, { id: uniqueId(`${prefix}-team`), name: `Team ${prefix}` });
  const project = await api(token, 'POST', `orgs/${env.org}/projects`, { id: uniqueId(prefix), teamId: team.id, name: `Project ${prefix}` });
  return { team, project };
}

export async function apiSession(token, projectId) {
  return api(token, 'POST', `orgs/${env.org}/sessions`, { projectId, kind: 'INTERACTIVE', title: `e2e ${projectId}` });
}

export function sessionPath(projectId, sessionId, tab = null) {
  return `/orgs/${encodeURIComponent(env.org)}/projects/${encodeURIComponent(projectId)}/sessions/${encodeURIComponent(sessionId)}${tab ? `/${tab}` : ''}`;
}

// ---- the UI ---------------------------------------------------------------------------------

/** Logs in on the login form of whatever page is open (the page stays where it was asked for). */
export async function uiLogin(page, { org = env.org, email = env.email, password = env.password } = {}) {
  const form = page.getByTestId('login-form');
  await form.waitFor();
  await form.getByLabel('Organisation').fill(org);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('logout').waitFor();
}

/**
 * Polls fn (every {@code everyMs}) until it returns a truthy value; the value, or an error naming
 * what was awaited. Poll the studio's API slowly: it allows a user 120 requests a minute.
 */
export async function until(what, fn, timeoutMs = 20_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

/** Waits until the locator's text matches (a string it contains, or a RegExp); returns the text. */
export async function textOf(locator, expected, timeoutMs = 20_000) {
  return until(
    `${locator} to show ${expected}`,
    async () => {
      const text = await locator.innerText({ timeout: 1_000 });
      return (expected instanceof RegExp ? expected.test(text) : text.includes(expected)) ? text : false;
    },
    timeoutMs,
  );
}

/** Waits until no turn runs: the cancel button is gone and no answer is being written. */
export async function turnDone(page, timeoutMs = 30_000) {
  await page.getByTestId('cancel-turn').waitFor({ state: 'detached', timeout: timeoutMs });
  await until('the answers to be complete', async () => (await page.locator('[data-testid="msg-assistant"][aria-busy="true"]').count()) === 0, timeoutMs);
}

/**
 * Starts recording, in the page, every change of the newest assistant message (its row index,
 * text length and aria-busy) so a test can tell that an answer streamed in rather than appeared.
 */
export async function recordStreaming(page) {
  await page.evaluate(() => {
    const list = document.querySelector('[data-testid="message-list"]');
    if (!list) throw new Error('no message list on the page');
    const seen = [];
    window.__e2eStreaming = seen;
    const note = () => {
      const all = list.querySelectorAll('[data-testid="msg-assistant"]');
      const last = all[all.length - 1];
      if (!last) return;
      const row = last.closest('[data-index]')?.getAttribute('data-index') ?? '?';
      const rec = { row, length: (last.textContent ?? '').length, busy: last.getAttribute('aria-busy') === 'true' };
      const prev = seen[seen.length - 1];
      if (!prev || prev.row !== rec.row || prev.length !== rec.length || prev.busy !== rec.busy) seen.push(rec);
    };
    new MutationObserver(note).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    note();
  });
}

/** What recordStreaming saw of the newest assistant row. */
export async function streamedStates(page) {
  const seen = await page.evaluate(() => window.__e2eStreaming ?? []);
  const row = seen.length ? seen[seen.length - 1].row : null;
  return seen.filter((s) => s.row === row);
}

/** The answer streamed: it grew through several lengths while marked busy, then ended not busy. */
export function assertStreamed(states) {
  const growing = states.filter((s) => s.busy && s.length > 0);
  const lengths = new Set(growing.map((s) => s.length));
  assert.ok(lengths.size >= 3, `the answer should grow piece by piece while busy; saw ${JSON.stringify(states)}`);
  const last = states[states.length - 1];
  assert.equal(last.busy, false, 'the answer ends not busy');
  assert.ok(last.length >= Math.max(...lengths), 'the final answer is at least as long as every partial one');
}

/**
 * Starts recording, in the page, every text the stream status indicator shows (with the time), so a
 * test can tell it went through "Reconnecting…" even when that was brief.
 */
export async function recordStatus(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__e2eStatus = seen;
    const note = () => {
      const text = document.querySelector('[data-testid="stream-status"]')?.textContent?.trim() ?? '(none)';
      if (seen[seen.length - 1]?.text !== text) seen.push({ text, at: Date.now() });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
  });
}

/** The texts recordStatus saw, in order. */
export async function statusHistory(page) {
  return page.evaluate(() => (window.__e2eStatus ?? []).map((s) => s.text));
}

/** How many elements with this test id show {@code text} (a string they contain). */
export async function countWithText(page, testId, text) {
  return page.getByTestId(testId).filter({ hasText: text }).count();
}
