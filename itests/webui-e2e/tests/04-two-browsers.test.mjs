// Two browsers (two contexts: their own cookies and storage) in the same session: the
// administrator (its owner) and a developer of the project's team. Each sees the other's presence
// by name, only the owner has the composer (the developer watches), and both see the same answer
// stream in when the owner sends a message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  api,
  apiLogin,
  apiProject,
  apiSession,
  assertStreamed,
  env,
  recordStreaming,
  Scenario,
  sessionPath,
  streamedStates,
  textOf,
  turnDone,
  uiLogin,
  uniqueId,
} from '../lib/harness.mjs';

test('two browsers in one session see each other and the same streamed answer', async () => {
  const s = new Scenario('two-browsers');
  await s.run(async () => {
    const token = await apiLogin();
    const { team, project } = await apiProject(token, 'e2e-pair');
    const session = await apiSession(token, project.id);
    const bob = { id: uniqueId('e2e-bob'), password: `pw-${uniqueId('bob')}-long-enough` };
    bob.email = `${bob.id}@example.test`;
    await api(token, 'POST', `orgs/${env.org}/users`, { id: bob.id, email: bob.email, displayName: 'Bob E2E', password: bob.password });
    await api(token, 'PUT', `orgs/${env.org}/members/${bob.id}`, { teamId: team.id, role: 'DEVELOPER' });

    const url = sessionPath(project.id, session.id);
    const admin = await s.page('admin');
    const other = await s.page('bob');
    await admin.goto(url);
    await uiLogin(admin);
    await other.goto(url);
    await uiLogin(other, { email: bob.email, password: bob.password });
    for (const p of [admin, other]) await textOf(p.getByTestId('stream-status'), 'Live');

    // presence: each names the other (display names, from the studio)
    await textOf(admin.getByTestId('presence'), 'Bob E2E is watching');
    await textOf(other.getByTestId('presence'), 'Administrator is watching');
    // only the owner drives the agent: bob watches
    await textOf(other.getByTestId('watch-notice'), 'Administrator is driving this session; you are watching');
    assert.equal(await other.getByTestId('composer-input').count(), 0, 'no composer for somebody who is not the owner');
    await s.step('both-present');

    // bob sees admin type, then stop typing once the message is sent
    const input = admin.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('Shared ', { delay: 20 });
    await textOf(other.getByTestId('presence'), 'Administrator is typing');
    await s.step('typing-seen');

    // admin sends; both watch the same answer stream in
    await recordStreaming(admin);
    await recordStreaming(other);
    await input.pressSequentially('question from two browsers');
    await input.press('Enter');
    for (const p of [admin, other]) await textOf(p.getByTestId('msg-user').last(), 'Shared question from two browsers');
    await textOf(other.getByTestId('presence'), 'Administrator is watching');
    await other.locator('[data-testid="msg-assistant"][aria-busy="true"]').first().waitFor();
    await s.step('answer-streaming');
    for (const p of [admin, other]) await turnDone(p);
    const seen = await Promise.all([admin, other].map((p) => p.getByTestId('msg-assistant').last().innerText()));
    assert.match(seen[0], /Shared question from two browsers/);
    assert.equal(seen[1], seen[0], 'both browsers show the same answer');
    assertStreamed(await streamedStates(admin));
    assertStreamed(await streamedStates(other));
    await textOf(other.getByTestId('msg-user').last(), 'admin');
    await s.step('answer-complete');

    // bob leaves: admin sees nobody else
    await other.context().close();
    await textOf(admin.getByTestId('presence'), 'Nobody else here');
    await s.step('bob-left', admin);
  });
});
