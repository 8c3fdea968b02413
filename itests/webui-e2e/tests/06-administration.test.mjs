// The Administration area as the first administrator (Organisation Admin): a team through its
// dialog (and an invalid id refused before anything is sent), a user with an initial password, that
// user added to the team as Developer and made Team Admin inline; the user, logged in in a second
// browser, administers that team only and creates no users; an API key whose secret is shown once,
// works, and stops working when revoked; the team deleted, after the studio refused while it still
// owned a project (its problem detail shown in the confirmation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, apiLogin, env, Scenario, textOf, uiLogin, uniqueId, until } from '../lib/harness.mjs';

/** GET /api/v1/me with a bearer credential (an API key here): the status and the body. */
async function me(credential) {
  const res = await fetch(`${env.url}/api/v1/me`, { headers: { Accept: 'application/json', Authorization: `Bearer ${credential}` } });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text };
}

/** The Administration area's own navigation (Teams, Users, My API keys). */
const adminNav = (page, name) => page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name, exact: true });

test('administration: teams, members, users and API keys', async () => {
  const s = new Scenario('administration');
  await s.run(async () => {
    const token = await apiLogin();
    const admin = await s.page('admin');
    await admin.goto('/');
    await uiLogin(admin);

    // ---- 1. a team through the dialog; an invalid id is refused before anything is sent ----------
    await admin.getByTestId('open-admin').click();
    await admin.getByTestId('admin-area').waitFor();
    await admin.waitForURL(`**/orgs/${env.org}/admin/teams`);
    await admin.getByRole('heading', { name: 'Teams', exact: true }).waitFor();
    assert.equal(await admin.getByTestId('open-admin').getAttribute('aria-current'), 'page', 'the header link marks the area as current');

    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
    const teamName = `E2E Admin ${suffix}`;
    const teamId = `e2e-admin-${suffix}`;
    await admin.getByTestId('create-team').click();
    let dialog = admin.getByTestId('team-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(teamName);
    assert.equal(await dialog.getByLabel('Id', { exact: true }).inputValue(), teamId, 'the id is derived from the name');
    await s.step('team-dialog', admin);
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'detached' });
    const teams = admin.getByTestId('teams-table');
    await teams.getByRole('link', { name: teamName, exact: true }).waitFor();
    await textOf(teams.getByRole('row').filter({ hasText: teamName }), teamId);
    await textOf(admin.getByRole('status').filter({ hasText: `Team ${teamName} created` }), 'add its members next');
    const stored = await api(token, 'GET', `orgs/${env.org}/teams/${teamId}`);
    assert.equal(stored.name, teamName, 'the studio has the team');
    await s.step('team-created', admin);

    // an invalid id: the dialog says why and sends nothing
    const sent = [];
    const noteWrites = (r) => {
      if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/')) sent.push(`${r.method()} ${r.url()}`);
    };
    admin.on('request', noteWrites);
    await admin.getByTestId('create-team').click();
    dialog = admin.getByTestId('team-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('E2E invalid');
    const idInput = dialog.getByLabel('Id', { exact: true });
    await idInput.fill('-Bad_Id');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await textOf(dialog, 'The team id may hold 1 to 63 lower-case letters, digits and hyphens, and cannot start or end with a hyphen.');
    assert.equal(await idInput.getAttribute('aria-invalid'), 'true', 'the id field is marked invalid');
    await until('the invalid id field to have the focus', () => idInput.evaluate((el) => el === document.activeElement), 5_000);
    await admin.waitForTimeout(500);
    admin.off('request', noteWrites);
    assert.deepEqual(sent, [], 'nothing is sent while the id is invalid');
    await s.step('team-invalid-id', admin);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await teams.getByRole('link', { name: 'E2E invalid' }).count(), 0, 'no team was created');

    // ---- 2. a user with an initial password ------------------------------------------------------
    const carol = { id: uniqueId('e2e-carol'), name: `Carol ${suffix}`, password: `carol-${suffix}-is-long-enough` };
    carol.email = `${carol.id}@example.test`;
    assert.ok(carol.password.length >= 12);
    await adminNav(admin, 'Users').click();
    await admin.waitForURL(`**/orgs/${env.org}/admin/users`);
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await admin.getByTestId('create-user').click();
    dialog = admin.getByTestId('create-user-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('E-mail', { exact: true }).fill(carol.email);
    await dialog.getByLabel('Display name', { exact: true }).fill(carol.name);
    assert.equal(await dialog.getByLabel('Id', { exact: true }).inputValue(), carol.id, "the id is derived from the e-mail's local part");
    await dialog.getByLabel('Initial password', { exact: true }).fill(carol.password);
    await s.step('user-dialog', admin);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    const carolRow = admin.getByTestId(`user-${carol.id}`);
    await textOf(carolRow, carol.name);
    await textOf(carolRow, carol.email);
    await textOf(carolRow, 'Enabled');
    await s.step('user-created', admin);

    // ---- 3. the team's members: the user as Developer, then Team Admin inline --------------------
    await adminNav(admin, 'Teams').click();
    await admin.getByTestId('teams-table').getByRole('button', { name: `Members of ${teamName}` }).click();
    await admin.waitForURL(`**/orgs/${env.org}/admin/teams/${teamId}`);
    await admin.getByRole('heading', { name: `Members of ${teamName}` }).waitFor();
    await textOf(admin.getByTestId('members-table'), 'Nobody holds a role in this team yet.');
    await admin.getByTestId('add-member').click();
    dialog = admin.getByTestId('add-member-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Find a user', { exact: true }).fill(carol.email);
    const userSelect = dialog.getByLabel('User', { exact: true });
    await until('the search to find only the user', async () => {
      const options = await userSelect.locator('option').allInnerTexts();
      return options.length === 1 && options[0].includes(carol.email);
    });
    await userSelect.selectOption(carol.id);
    await dialog.getByLabel('Role', { exact: true }).selectOption('DEVELOPER');
    await s.step('add-member-dialog', admin);
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await dialog.waitFor({ state: 'detached' });
    const memberRow = admin.getByTestId(`member-${carol.id}`);
    const role = memberRow.getByLabel(`Role of ${carol.name}`);
    await until('the member to be a Developer', async () => (await role.inputValue()) === 'DEVELOPER');
    await textOf(admin.getByRole('status').filter({ hasText: `${carol.name} joined ${teamName}` }), 'as Developer');
    await s.step('member-added', admin);

    await role.selectOption('TEAM_ADMIN');
    await textOf(admin.getByRole('status').filter({ hasText: `${carol.name} is now` }), `Team Admin in ${teamName}`);
    await memberRow.getByText('Saving…').waitFor({ state: 'detached' });
    assert.equal(await role.inputValue(), 'TEAM_ADMIN');
    const held = await api(token, 'GET', `orgs/${env.org}/members?user=${encodeURIComponent(carol.id)}`);
    assert.deepEqual(
      held.items.map((m) => [m.teamId, m.role]),
      [[teamId, 'TEAM_ADMIN']],
      'the studio has the user as Team Admin of the team (and nothing else)',
    );
    await s.step('member-team-admin', admin);

    // ---- 4. the user in a second browser: administers that team only, creates no users -----------
    // another team where the user only reads (Analyst), for the difference (the team dialog is step 1)
    const other = await api(token, 'POST', `orgs/${env.org}/teams`, { id: uniqueId('e2e-admin-other'), name: `E2E Other ${suffix}` });
    await api(token, 'PUT', `orgs/${env.org}/members/${carol.id}`, { teamId: other.id, role: 'ANALYST' });

    const user = await s.page('carol');
    await user.goto('/');
    await uiLogin(user, { email: carol.email, password: carol.password });
    await user.getByTestId('open-admin').click();
    await user.waitForURL(`**/orgs/${env.org}/admin/teams`);
    const userTeams = user.getByTestId('teams-table');
    await userTeams.getByRole('link', { name: teamName, exact: true }).waitFor();
    await userTeams.getByRole('link', { name: other.name, exact: true }).waitFor();
    assert.equal(await user.getByTestId('create-team').count(), 0, 'a Team Admin creates no teams');
    assert.equal(await userTeams.getByRole('button', { name: /^Delete / }).count(), 0, 'a Team Admin deletes no teams');
    assert.equal(await userTeams.getByRole('button', { name: `Rename ${teamName}` }).count(), 1, 'the Team Admin renames their team');
    assert.equal(await userTeams.getByRole('button', { name: `Rename ${other.name}` }).count(), 0, 'but not a team they only read');
    await s.step('team-admin-teams', user);

    await userTeams.getByRole('button', { name: `Members of ${teamName}` }).click();
    await user.getByRole('heading', { name: `Members of ${teamName}` }).waitFor();
    const ownRow = user.getByTestId(`member-${carol.id}`);
    await textOf(ownRow, '(you)');
    assert.equal(await user.getByTestId('add-member').isEnabled(), true, 'the Team Admin adds members to their team');
    assert.equal(await ownRow.getByLabel(`Role of ${carol.name}`).inputValue(), 'TEAM_ADMIN', 'and changes roles there');
    assert.equal(await ownRow.getByRole('button', { name: `Remove ${carol.name} from ${teamName}` }).count(), 1, 'and removes members there');
    await s.step('team-admin-members', user);

    await user.getByRole('link', { name: '← Teams' }).click();
    await userTeams.getByRole('button', { name: `Members of ${other.name}` }).click();
    await user.getByRole('heading', { name: `Members of ${other.name}` }).waitFor();
    const otherRow = user.getByTestId(`member-${carol.id}`);
    await textOf(otherRow, 'Analyst');
    assert.equal(await user.getByTestId('add-member').count(), 0, 'no Add member in a team the user does not administer');
    assert.equal(await user.getByTestId('members-table').getByRole('combobox').count(), 0, 'no role to change there');
    assert.equal(await user.getByTestId('members-table').getByRole('button', { name: /^Remove / }).count(), 0, 'nobody to remove there');
    await s.step('team-admin-other-team', user);

    await adminNav(user, 'Users').click();
    await user.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    const selfRow = user.getByTestId(`user-${carol.id}`);
    await textOf(selfRow, '(you)');
    assert.equal(await user.getByTestId('create-user').count(), 0, 'no Create user for somebody who is not Organisation Admin');
    assert.equal(await user.getByTestId('users-table').getByRole('button', { name: /^(Delete|Disable) / }).count(), 0, 'nor Delete or Disable');
    assert.equal(await user.getByTestId('users-table').getByRole('combobox').count(), 0, 'nor organisation roles to grant');
    assert.equal(await selfRow.getByRole('button', { name: `Set the password of ${carol.name}` }).count(), 1, 'the user sets their own password');
    await s.step('team-admin-users', user);
    await user.context().close();

    // ---- 5. an API key: its secret shown once, it works, revoked it stops --------------------------
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
    await adminNav(admin, 'My API keys').click();
    await admin.waitForURL(`**/orgs/${env.org}/admin/api-keys`);
    await admin.getByRole('heading', { name: 'My API keys' }).waitFor();
    const keyName = `E2E key ${suffix}`;
    await admin.getByTestId('create-key').click();
    dialog = admin.getByTestId('create-key-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(keyName);
    await dialog.getByLabel('Only what I choose').check();
    await dialog.getByLabel('projects', { exact: true }).selectOption('read');
    await dialog.getByLabel('sessions', { exact: true }).selectOption('none');
    await s.step('key-dialog', admin);
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secretDialog = admin.getByTestId('key-secret-dialog');
    await secretDialog.waitFor();
    await dialog.waitFor({ state: 'detached' });
    const secret = await secretDialog.getByTestId('key-secret').inputValue();
    assert.ok(secret.length >= 20, `a key of some length (${secret.length})`);
    await textOf(secretDialog, 'Copy the key now: this is the only time it is shown.');
    await secretDialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await textOf(secretDialog.getByRole('status'), 'Copied to the clipboard.');
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), secret, 'the clipboard holds the key');
    await s.step('key-secret-once', admin);
    await secretDialog.getByRole('button', { name: 'Done, I have stored it' }).click();
    await secretDialog.waitFor({ state: 'detached' });

    // the secret is gone from the page: its markup, its text, its fields and its storage
    const keyRow = admin.getByTestId('keys-table').getByRole('row').filter({ hasText: keyName });
    await textOf(keyRow, 'projects:read');
    await textOf(keyRow, 'Active');
    assert.ok(!(await admin.content()).includes(secret), 'the secret is not in the page');
    const leftovers = await admin.evaluate((key) => {
      const places = [document.body.innerText, ...[...document.querySelectorAll('input, textarea')].map((e) => e.value)];
      for (const store of [localStorage, sessionStorage]) for (let i = 0; i < store.length; i++) places.push(store.getItem(store.key(i)) ?? '');
      return places.filter((p) => p.includes(key)).length;
    }, secret);
    assert.equal(leftovers, 0, 'the secret is in no text, field or storage of the page');
    const prefix = (await keyRow.locator('.font-mono').first().innerText()).replace(/…$/, '');
    assert.ok(prefix.length > 0 && prefix.length < secret.length && secret.startsWith(prefix), `the listing shows the key's prefix only (${prefix})`);
    await s.step('key-listed', admin);

    let answer = await me(secret);
    assert.equal(answer.status, 200, `GET /api/v1/me with the key: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.credential, 'API_KEY');
    assert.equal(answer.body.email, env.email, 'the key acts as its owner');
    assert.deepEqual(answer.body.scopes, ['projects:read'], 'with the one scope chosen');

    await keyRow.getByRole('button', { name: `Revoke ${keyName}` }).click();
    dialog = admin.getByTestId('confirm-dialog');
    await textOf(dialog, `Revoke ${keyName}?`);
    await textOf(dialog, `${prefix}…`);
    await s.step('key-revoke-confirm', admin);
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await textOf(keyRow, 'Revoked');
    assert.equal(await keyRow.getByRole('button', { name: `Revoke ${keyName}` }).count(), 0, 'a revoked key has nothing left to revoke');
    answer = await until('the revoked key to be refused', async () => {
      const a = await me(secret);
      return a.status === 401 ? a : false;
    }, 10_000, 1_000);
    assert.equal(answer.status, 401);
    await s.step('key-revoked', admin);

    // ---- 6. the team deleted: refused while it owns a project, then gone --------------------------
    // a project of the team, through the API (the project dialog is test 01's; the UI deletes no projects)
    const project = await api(token, 'POST', `orgs/${env.org}/projects`, { id: uniqueId('e2e-admin-proj'), teamId, name: `E2E admin project ${suffix}` });
    await adminNav(admin, 'Teams').click();
    await teams.getByRole('link', { name: teamName, exact: true }).waitFor();
    await teams.getByRole('button', { name: `Delete ${teamName}` }).click();
    dialog = admin.getByTestId('confirm-dialog');
    await textOf(dialog, `Delete ${teamName}?`);
    await textOf(dialog, 'every role held in it are removed');
    await s.expectRefusal(409, `orgs/${env.org}/teams/${teamId}`, async () => {
      await dialog.getByRole('button', { name: 'Delete team' }).click();
      // the problem's detail (RFC 7807), in the dialog, which stays open
      await textOf(dialog.getByRole('alert'), `team '${teamId}' still owns projects (${project.id}): move them to another team or delete them first`);
    });
    assert.equal(await dialog.getByRole('button', { name: 'Delete team' }).isEnabled(), true, 'the dialog can try again');
    await s.step('team-delete-refused', admin);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await teams.getByRole('link', { name: teamName, exact: true }).waitFor();

    await api(token, 'DELETE', `orgs/${env.org}/projects/${project.id}`);
    await teams.getByRole('button', { name: `Delete ${teamName}` }).click();
    await textOf(dialog, `Delete ${teamName}?`);
    assert.equal(await dialog.getByRole('alert').count(), 0, 'a new confirmation starts without the old refusal');
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await dialog.waitFor({ state: 'detached' });
    await teams.getByRole('link', { name: teamName, exact: true }).waitFor({ state: 'detached' });
    await textOf(admin.getByRole('status').filter({ hasText: `Team ${teamName} deleted` }), 'deleted');
    await s.step('team-deleted', admin);

    const gone = await fetch(`${env.url}/api/v1/orgs/${env.org}/teams/${teamId}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(gone.status, 404, 'the studio has no such team any more');
    const left = await api(token, 'GET', `orgs/${env.org}/members?user=${encodeURIComponent(carol.id)}`);
    assert.deepEqual(
      left.items.map((m) => [m.teamId, m.role]),
      [[other.id, 'ANALYST']],
      'the role held in the deleted team went with it',
    );
    await api(token, 'DELETE', `orgs/${env.org}/teams/${other.id}`);
  });
});
