// Log in with the first-boot administrator, create a project in the UI (its team through the API:
// test 06 covers the team form), start a session and get to a live chat.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, apiLogin, env, Scenario, textOf, uiLogin, uniqueId } from '../lib/harness.mjs';

test('log in, create a project, start a session', async () => {
  const s = new Scenario('login-project-session');
  await s.run(async () => {
    const token = await apiLogin();
    const team = await api(token, 'POST', `orgs/${env.org}/teams`, { id: uniqueId('e2e-team'), name: 'E2E team' });

    const page = await s.page();
    await page.goto('/');
    await page.getByTestId('login-form').waitFor();
    await s.step('login-form');

    await uiLogin(page);
    await page.getByRole('heading', { name: 'Projects' }).first().waitFor();
    await s.step('logged-in');

    // the project, through the dialog
    await page.getByTestId('new-project').click();
    const dialog = page.getByTestId('project-dialog');
    await dialog.waitFor();
    const name = `E2E project ${Date.now().toString(36)}`;
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Team').selectOption(team.id);
    await dialog.getByLabel('Description').fill('Made by the end-to-end test.');
    const projectId = await dialog.getByLabel('Id').inputValue();
    assert.match(projectId, /^e2e-project-[a-z0-9]+$/, 'the id is derived from the name');
    await s.step('project-dialog');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: `Sessions of ${name}` }).waitFor();
    await page.waitForURL(`**/orgs/${env.org}/projects/${projectId}`);
    assert.equal(await page.getByTestId('switch-project').inputValue(), projectId, 'the switcher shows the new project');
    await s.step('project-created');

    const listed = await api(token, 'GET', `orgs/${env.org}/projects?team=${team.id}`);
    assert.ok(listed.items.some((p) => p.id === projectId && p.name === name), 'the studio has the project');

    // the session
    await page.getByTestId('start-session').first().click();
    const start = page.getByTestId('start-session-dialog');
    await start.waitFor();
    await start.getByLabel('Title (optional)').fill('E2E session');
    await s.step('start-session-dialog');
    await start.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/sessions\/[^/]+$/);
    await textOf(page.getByTestId('session-title'), 'E2E session');
    await textOf(page.getByTestId('session-state').first(), /RUNNING|IDLE/);
    await textOf(page.getByTestId('stream-status'), 'Live');
    await page.getByTestId('composer-input').waitFor();
    assert.equal(await page.getByTestId('composer-input').isEnabled(), true, 'the chat input is enabled');
    await textOf(page.getByTestId('message-list'), 'No message yet');
    await s.step('session-started');

    const sessionId = page.url().split('/').pop();
    const record = await api(token, 'GET', `orgs/${env.org}/sessions/${sessionId}`);
    assert.equal(record.projectId, projectId);
    assert.equal(record.title, 'E2E session');
  });
});
