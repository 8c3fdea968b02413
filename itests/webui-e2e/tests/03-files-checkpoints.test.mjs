// The agent writes a file (a /tool line to the offline provider); the explorer shows it; it is
// edited in the editor and checkpointed; edited again; the checkpoint is restored and the file
// has the checkpoint's content again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, apiLogin, apiProject, apiSession, env, Scenario, sessionPath, textOf, turnDone, uiLogin, until } from '../lib/harness.mjs';

test('files and checkpoints: open a file, checkpoint, restore', async () => {
  const s = new Scenario('files-checkpoints');
  await s.run(async () => {
    const token = await apiLogin();
    const { project } = await apiProject(token, 'e2e-files');
    const session = await apiSession(token, project.id);
    const fileUrl = `orgs/${env.org}/sessions/${session.id}/files/project/hello.txt`;
    const fileOnServer = async () => {
      const res = await fetch(`${env.url}/api/v1/${fileUrl}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/octet-stream' } });
      return res.ok ? res.text() : `(${res.status})`;
    };

    const page = await s.page();
    await page.goto(sessionPath(project.id, session.id));
    await uiLogin(page);
    await textOf(page.getByTestId('stream-status'), 'Live');

    // the agent writes hello.txt
    const input = page.getByTestId('composer-input');
    await input.fill('/tool write_file {"path":"hello.txt","content":"hi"}');
    await input.press('Enter');
    await textOf(page.getByTestId('tool-card').last(), /write_file\s+done/);
    await turnDone(page);
    await s.step('agent-wrote-file');

    // the explorer shows it
    await page.getByTestId('tab-files').click();
    await page.waitForURL(/\/files$/);
    const tree = page.getByTestId('file-tree');
    const hello = tree.getByRole('treeitem', { name: 'hello.txt' });
    await hello.waitFor();
    await s.step('file-tree');
    await hello.click();
    await textOf(page.getByTestId('open-file'), 'project/hello.txt');
    const content = page.getByRole('textbox', { name: 'Contents of project/hello.txt' });
    await textOf(content, 'hi');
    assert.equal((await content.innerText()).trim(), 'hi');
    await s.step('file-open');

    // edit it in the editor and save
    const edit = async (text) => {
      await content.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
      await textOf(page.getByTestId('open-file'), '•'); // unsaved
      await page.getByTestId('save-file').click();
      await until('the file to be saved', async () => (await fileOnServer()) === text);
      await textOf(page.getByTestId('open-file'), /^project\/hello\.txt$/);
    };
    await edit('hi\nchecked in');
    await s.step('file-edited');

    // a checkpoint of that
    await page.getByTestId('tab-checkpoints').click();
    await page.getByLabel('Checkpoint message').fill('e2e: checked in');
    await page.getByTestId('take-checkpoint').click();
    const list = page.getByTestId('checkpoint-list');
    const mine = list.getByRole('button', { name: /e2e: checked in/ });
    await mine.waitFor();
    await textOf(page.getByTestId('diff'), '+checked in');
    await s.step('checkpoint-taken');
    const checkpoints = await api(token, 'GET', `orgs/${env.org}/sessions/${session.id}/checkpoints`);
    assert.ok(checkpoints.items.some((c) => c.message === 'e2e: checked in'), 'the studio lists the checkpoint');

    // change the file again, then restore the checkpoint
    await page.getByTestId('tab-files').click();
    await edit('overwritten');
    await s.step('file-changed-again');

    await page.getByTestId('tab-checkpoints').click();
    await mine.click();
    await page.getByTestId('restore-checkpoint').click();
    const confirm = page.getByTestId('restore-dialog');
    await confirm.waitFor();
    await s.step('restore-confirm');
    await confirm.getByTestId('confirm-restore').click();
    await confirm.waitFor({ state: 'detached' });
    await textOf(page.getByRole('status').filter({ hasText: 'Restored' }), 'Restored e2e: checked in');
    await until('the restored file on the server', async () => (await fileOnServer()) === 'hi\nchecked in');
    await s.step('restored');

    // the explorer shows the restored content once the file is opened again
    await page.getByTestId('tab-files').click();
    await page.getByRole('button', { name: 'Refresh the file tree' }).click();
    await hello.click();
    await textOf(content, 'checked in');
    assert.equal(await content.innerText(), 'hi\nchecked in');
    await s.step('file-restored');
  });
});
