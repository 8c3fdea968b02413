// The chat reconnects by itself, without losing or repeating an event (issue 7):
//
// - a network drop: the page reaches the studio through a link the test cuts (lib/link.mjs: every
//   connection reset, new ones refused); meanwhile the owner sends a message over REST (another of
//   their devices) and a developer comes and goes; once the link is back the page shows every
//   message exactly once. A second cut lands in the middle of a streamed answer; then the browser
//   goes offline (Chromium's emulation) while the owner writes again. In the end the page shows
//   exactly what a fresh page shows;
// - a server restart (the runner's Karaf stopped and started again, lib/studio.mjs restart): the
//   page says it is reconnecting, reconnects without a reload, shows the earlier conversation once
//   (the restarted studio numbers its events from 1 again, so the page reloads the history), the
//   session, whose sandbox went with the old JVM, is resumed, and a new answer streams in.
//
// The pages' failed handshakes and requests while the studio is out of reach are allowed (and only
// then): Scenario.expectNetworkErrors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  api,
  apiLogin,
  apiProject,
  apiSession,
  assertStreamed,
  countWithText,
  env,
  recordStatus,
  recordStreaming,
  restartStudio,
  Scenario,
  sessionPath,
  statusHistory,
  streamedStates,
  textOf,
  turnDone,
  uiLogin,
  uniqueId,
  until,
} from '../lib/harness.mjs';
import { NetworkLink } from '../lib/link.mjs';

/** The texts of the page's messages, in order: [testid, text]. */
async function messages(page) {
  return page.locator('[data-testid="msg-user"], [data-testid="msg-assistant"]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-testid'), e.textContent.trim()]),
  );
}

/** Each of these user messages is shown exactly once, and so is the echo of it. */
async function eachOnce(page, texts) {
  for (const text of texts) {
    assert.equal(await countWithText(page, 'msg-user', text), 1, `the message "${text}" is shown once`);
    assert.equal(await countWithText(page, 'msg-assistant', text), 1, `the answer quoting "${text}" is shown once`);
  }
}

/** Sends a message in the composer and waits for its answer to be complete. */
async function chat(page, text) {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await textOf(page.getByTestId('msg-user').last(), text);
  await textOf(page.getByTestId('msg-assistant').last(), text);
  await turnDone(page);
}

/** The stored conversation ends with an answer to {@code text} (the turn is over on the server). */
async function answeredOnServer(token, sessionId, text) {
  await until(`the studio to store the answer to "${text}"`, async () => {
    const page = await api(token, 'GET', `orgs/${env.org}/sessions/${sessionId}/conversation?limit=500`);
    const last = page.items[page.items.length - 1];
    return last?.role === 'ASSISTANT' && last.text.includes(text);
  }, 30_000, 1_000);
}

test('reconnects after a network drop without losing or repeating events', async () => {
  const s = new Scenario('reconnect-network-drop');
  const link = new NetworkLink(env.url);
  await link.open();
  try {
    await s.run(async () => {
      const token = await apiLogin();
      const { team, project } = await apiProject(token, 'e2e-drop');
      const session = await apiSession(token, project.id);
      const eve = { id: uniqueId('e2e-eve'), password: `pw-${uniqueId('eve')}-long-enough` };
      eve.email = `${eve.id}@example.test`;
      await api(token, 'POST', `orgs/${env.org}/users`, { id: eve.id, email: eve.email, displayName: 'Eve E2E', password: eve.password });
      await api(token, 'PUT', `orgs/${env.org}/members/${eve.id}`, { teamId: team.id, role: 'DEVELOPER' });
      const eveToken = await apiLogin(eve.email, eve.password);
      const presence = (state) => api(eveToken, 'POST', `orgs/${env.org}/sessions/${session.id}/presence`, { state });

      // the page reaches the studio only through the link
      const page = await s.page('admin', { baseURL: link.url });
      await page.goto(sessionPath(project.id, session.id));
      await uiLogin(page);
      await textOf(page.getByTestId('stream-status'), 'Live');
      await chat(page, 'Before the drop.');
      await s.step('before-the-drop');

      // the link drops while the chat is idle; meanwhile the owner writes from elsewhere and Eve comes by
      await recordStatus(page);
      const during = 'Sent while the link was down.';
      await s.expectNetworkErrors(async () => {
        link.cut();
        await textOf(page.getByTestId('stream-status'), 'Reconnecting…');
        await s.step('link-down');
        await presence('watching');
        await api(token, 'POST', `orgs/${env.org}/sessions/${session.id}/messages`, { text: during, model: null });
        await answeredOnServer(eveToken, session.id, during);
        await presence('typing');
        assert.equal(await countWithText(page, 'msg-user', during), 0, 'nothing reaches the page while the link is down');
        link.restore();
        await textOf(page.getByTestId('stream-status'), 'Live', 30_000);
      });
      assert.ok((await statusHistory(page)).includes('Reconnecting…'), 'the page said it was reconnecting');
      await textOf(page.getByTestId('msg-assistant').last(), during);
      await turnDone(page);
      await textOf(page.getByTestId('presence'), 'Eve E2E is typing');
      await eachOnce(page, ['Before the drop.', during]);
      assert.equal(await page.getByTestId('msg-user').count(), 2, 'two messages');
      assert.equal(await page.getByTestId('msg-assistant').count(), 2, 'two answers');
      await s.step('back-after-the-drop');

      // the link drops in the middle of a streamed answer (a long message: its echo, a word a token
      // every 15 ms, streams for seconds; the offline provider quotes at most 12 lines of 320 characters)
      const lines = Array.from({ length: 8 }, (_, l) => Array.from({ length: 16 }, (_, w) => `w${l * 16 + w}`).join(' '));
      const long = `Cut me off mid-answer:\n${lines.join('\n')}`;
      const input = page.getByTestId('composer-input');
      await input.fill(long);
      await input.press('Enter');
      const streaming = page.locator('[data-testid="msg-assistant"][aria-busy="true"]');
      await until('the answer to be streaming', async () => (await streaming.count()) > 0 && (await streaming.last().innerText()).includes('Cut me off'));
      await s.expectNetworkErrors(async () => {
        link.cut();
        await textOf(page.getByTestId('stream-status'), 'Reconnecting…');
        await s.step('link-down-mid-answer');
        await answeredOnServer(eveToken, session.id, 'w127');
        link.restore();
        await textOf(page.getByTestId('stream-status'), 'Live', 30_000);
      });
      await turnDone(page);
      await textOf(page.getByTestId('msg-assistant').last(), 'w127');
      await eachOnce(page, ['Before the drop.', during, 'Cut me off mid-answer']);
      await s.step('answer-after-the-drop');

      // the browser goes offline (Chromium's emulation: it holds an open WebSocket's frames back
      // rather than closing it; the page drops the connection itself on 'offline' and reconnects
      // at once on 'online')
      const offline = 'Sent while the browser was offline.';
      await s.expectNetworkErrors(async () => {
        await page.context().setOffline(true);
        await textOf(page.getByTestId('stream-status'), 'Reconnecting…');
        await s.step('browser-offline');
        await presence('left');
        await api(token, 'POST', `orgs/${env.org}/sessions/${session.id}/messages`, { text: offline, model: null });
        await answeredOnServer(eveToken, session.id, offline);
        const back = Date.now();
        await page.context().setOffline(false);
        await textOf(page.getByTestId('stream-status'), 'Live');
        const took = Date.now() - back;
        console.log(`live again ${took} ms after the browser was back online`);
        assert.ok(took < 5_000, `the page reconnects at once when the browser is back online (took ${took} ms)`);
      });
      await textOf(page.getByTestId('msg-assistant').last(), offline);
      await turnDone(page);
      await textOf(page.getByTestId('presence'), 'Nobody else here');
      await eachOnce(page, ['Before the drop.', during, 'Cut me off mid-answer', offline]);
      assert.equal(await page.getByTestId('msg-user').count(), 4, 'four messages');
      assert.equal(await page.getByTestId('msg-assistant').count(), 4, 'four answers');
      const shown = await messages(page);
      await s.step('back-online');

      // a fresh page shows exactly the same conversation
      const fresh = await s.page('fresh');
      await fresh.goto(sessionPath(project.id, session.id));
      await uiLogin(fresh);
      await textOf(fresh.getByTestId('stream-status'), 'Live');
      await textOf(fresh.getByTestId('msg-assistant').last(), offline);
      assert.deepEqual(shown, await messages(fresh), 'the reconnected page shows what a fresh page shows');
      await s.step('same-as-a-fresh-page');
    });
  } finally {
    await link.close();
  }
});

test('reconnects after a server restart; the session is resumed and chats again', async () => {
  const s = new Scenario('reconnect-server-restart');
  await s.run(async () => {
    const token = await apiLogin();
    const { project } = await apiProject(token, 'e2e-restart');
    const session = await apiSession(token, project.id);

    const page = await s.page();
    await page.goto(sessionPath(project.id, session.id));
    await uiLogin(page);
    await textOf(page.getByTestId('stream-status'), 'Live');
    await chat(page, 'Before the restart.');
    await s.step('before-the-restart');

    await recordStatus(page); // also tells that the page was not reloaded: it lives in the page
    const historyLoads = [];
    page.on('request', (r) => new URL(r.url()).pathname.endsWith('/conversation') && historyLoads.push(r.url()));
    const t0 = Date.now();
    const times = [];
    const mark = (what) => times.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await s.expectNetworkErrors(async () => {
      await restartStudio({
        whileDown: async () => {
          mark('stopped');
          await textOf(page.getByTestId('stream-status'), 'Reconnecting…');
          await s.step('studio-down');
        },
      });
      mark('healthy');
      await textOf(page.getByTestId('stream-status'), 'Live', 60_000);
      mark('live');
    });
    const seen = await statusHistory(page);
    assert.ok(seen.includes('Reconnecting…'), `the page said it was reconnecting (saw ${seen.join(' → ')})`);
    // the restarted studio had no event after the page's last one: RESYNC, and the history again
    assert.ok(seen.includes('Catching up…'), `the page caught up (saw ${seen.join(' → ')})`);
    assert.ok(historyLoads.length >= 1, 'the page reloaded the conversation');
    await s.step('reconnected');
    await eachOnce(page, ['Before the restart.']);
    assert.equal(await page.getByTestId('msg-user').count(), 1, 'one message');
    assert.equal(await page.getByTestId('msg-assistant').count(), 1, 'one answer');

    // the sandbox went with the old JVM: the studio ended the session as it stopped (STOPPED, "the
    // studio is stopping"), and the page offers to resume it
    const record = await api(token, 'GET', `orgs/${env.org}/sessions/${session.id}`);
    assert.equal(record.state, 'STOPPED', 'a studio that stops ends its sessions');
    // the page reads the session again as soon as it is live (not at its next 20 s poll)
    const resume = page.getByTestId('resume-session');
    await resume.waitFor({ timeout: 5_000 });
    mark('resume offered');
    console.log(`restart: ${times.join(', ')}`);
    await s.step('resume-offered');
    await resume.click();
    await textOf(page.getByTestId('session-state').first(), /RUNNING|IDLE/, 60_000);
    await until('the composer to be enabled', () => page.getByTestId('composer-input').isEnabled(), 30_000);
    await s.step('resumed');

    await recordStreaming(page);
    await chat(page, 'After the restart.');
    assertStreamed(await streamedStates(page));
    await eachOnce(page, ['Before the restart.', 'After the restart.']);
    assert.equal(await page.getByTestId('msg-user').count(), 2, 'two messages');
    await s.step('chatting-again');
  });
});
