// Send a message to the offline provider and watch the answer stream in; markup in a message stays
// text; then a tool call that waits for approval under the default policy (deleting files), approved
// in the approval bar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiLogin, apiProject, apiSession, assertStreamed, recordStreaming, Scenario, sessionPath, streamedStates, textOf, turnDone, uiLogin } from '../lib/harness.mjs';

test('chat: a streamed answer, then a tool call approved', async () => {
  const s = new Scenario('chat-approval');
  await s.run(async () => {
    const token = await apiLogin();
    const { project } = await apiProject(token, 'e2e-chat');
    const session = await apiSession(token, project.id);

    const page = await s.page();
    await page.goto(sessionPath(project.id, session.id));
    await uiLogin(page);
    await textOf(page.getByTestId('stream-status'), 'Live');
    await textOf(page.getByTestId('message-list'), 'No message yet');
    await s.step('session-open');

    // a plain message: the offline provider echoes it, word by word
    await recordStreaming(page);
    const input = page.getByTestId('composer-input');
    await input.fill('Hello from the end-to-end test.\nA second line, **in bold**.');
    await s.step('message-typed');
    await input.press('Enter');
    await textOf(page.getByTestId('msg-user').last(), 'Hello from the end-to-end test.');
    const answer = page.getByTestId('msg-assistant').last();
    await page.locator('[data-testid="msg-assistant"][aria-busy="true"]').first().waitFor();
    await s.step('answer-streaming');
    await page.locator('[data-testid="msg-assistant"][aria-busy="false"]').last().waitFor();
    const text = await textOf(answer, 'Hello from the end-to-end test.');
    assert.match(text, /\[offline\] This answer comes from the offline provider/);
    assert.match(text, /A second line, in bold\./);
    assert.equal(await answer.locator('blockquote strong').innerText(), 'in bold', 'the answer is rendered Markdown (the quote, the bold)');
    assertStreamed(await streamedStates(page));
    await turnDone(page);
    await textOf(page.getByTestId('turn-footer').last(), /offline\/offline-echo · \d+ in \/ \d+ out tokens · \$0/);
    await s.step('answer-complete');

    // markup in a message (and so in the echo) stays text: nothing of it runs or loads
    await input.fill('<img src="/nothing.png" onerror="window.__pwned = 1"> <script>window.__pwned = 2</script> [x](javascript:window.__pwned=3)');
    await input.press('Enter');
    await turnDone(page);
    const echo = page.getByTestId('msg-assistant').last();
    await textOf(echo, '<script>window.__pwned = 2</script>');
    assert.equal(await page.getByTestId('message-list').locator('img, script, a[href^="javascript"]').count(), 0, 'no element made from the markup');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script of the message ran');
    await s.step('markup-stays-text');

    // a command that deletes: the agent has to ask first
    await input.fill('/tool run_command {"command":"rm -f nothing.txt"}');
    await input.press('Enter');
    const bar = page.getByTestId('approval-bar');
    await bar.waitFor();
    await textOf(bar, 'The agent wants to run run_command');
    await textOf(bar, 'the command deletes files');
    await textOf(page.getByTestId('approval-args'), 'rm -f nothing.txt');
    await textOf(page.getByTestId('approval-card').last(), 'waits for approval');
    await s.step('approval-requested');

    await bar.getByTestId('approve').click();
    await bar.waitFor({ state: 'detached' });
    await textOf(page.getByTestId('approval-card').last(), 'approved by admin');
    const card = page.getByTestId('tool-card').last();
    await textOf(card, 'done');
    await textOf(page.getByTestId('msg-assistant').last(), 'Received 1 tool result');
    await textOf(page.getByTestId('msg-assistant').last(), 'run_command (offline-call-1): ok');
    await turnDone(page);
    await card.getByRole('button').click();
    await textOf(card, 'rm -f nothing.txt');
    await s.step('approved-and-run');
  });
});
