#!/usr/bin/env node
// Runs the end-to-end tests against the real assembly: unpacks the tarball into target/studio,
// gives it free loopback ports, starts Karaf, waits for /api/v1/health, reads the first-boot
// administrator, runs tests/*.test.mjs with node's test runner (one file at a time), and stops
// Karaf whatever happened. Exits non-zero when a test failed (the Maven build then fails). The tests
// get the studio's URL, administrator and folder in their environment (a test may restart the
// studio: lib/studio.mjs restart, the same stop and start as here).
//
//   node run-e2e.mjs [--tarball FILE] [name filter…]
//
// The tarball defaults to $STUDIO_TARBALL, else karaf-assembly/target/studio-assembly-*.tar.gz.
// A filter keeps the test files whose name contains it (node run-e2e.mjs chat).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as studio from './lib/studio.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, 'target');
const dir = path.join(target, 'studio');
const screenshots = path.join(target, 'screenshots');

const args = process.argv.slice(2);
let tarball = process.env.STUDIO_TARBALL;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tarball') tarball = args[++i];
  else filters.push(args[i]);
}
if (!tarball) {
  const assembly = path.resolve(here, '..', '..', 'karaf-assembly', 'target');
  const found = fs.existsSync(assembly) ? fs.readdirSync(assembly).filter((f) => /^studio-assembly-.*\.tar\.gz$/.test(f)) : [];
  if (found.length) tarball = path.join(assembly, found[0]);
}
if (!tarball || !fs.existsSync(tarball)) {
  console.error(`No assembly tarball (${tarball ?? 'none given'}): build it with mvn install -pl features,karaf-assembly`);
  process.exit(2);
}

const tests = fs
  .readdirSync(path.join(here, 'tests'))
  .filter((f) => f.endsWith('.test.mjs') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort()
  .map((f) => path.join('tests', f));
if (tests.length === 0) {
  console.error(`No test file matches ${filters.join(', ')}`);
  process.exit(2);
}

const log = (msg) => console.log(`[e2e] ${msg}`);
const javaHome = studio.java17Home();
let started = false;
let stopped = false;
let child = null;
const stopStudio = () => {
  if (!started || stopped) return;
  stopped = true;
  log('stopping Karaf');
  studio.stop(dir, javaHome);
};
// Karaf stops on every way out: normal end, failure, Ctrl-C, a kill of Maven
process.on('exit', stopStudio);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child?.kill(signal);
    stopStudio();
    process.exit(130);
  });
}

function runTests(env) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=180000', '--test-reporter=spec', ...tests], {
      cwd: here,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => {
      child = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

let code = 1;
try {
  const ports = await studio.freePorts();
  log(`unpacking ${tarball} into ${dir}`);
  studio.unpack(tarball, dir, ports);
  fs.rmSync(screenshots, { recursive: true, force: true });
  fs.mkdirSync(screenshots, { recursive: true });

  const url = `http://127.0.0.1:${ports.http}`;
  const t0 = Date.now();
  log(`starting Karaf (HTTP ${ports.http}, HTTPS ${ports.https}, SSH ${ports.ssh}, RMI ${ports.rmiRegistry}/${ports.rmiServer})`);
  started = true;
  const health = await studio.startHealthy(dir, javaHome, url);
  log(`healthy (${health.status}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const admin = await studio.firstBootAdmin(dir);
  log(`first-boot administrator ${admin.email} of '${admin.org}'`);

  code = await runTests({
    ...process.env,
    STUDIO_URL: url,
    STUDIO_ADMIN_ORG: admin.org,
    STUDIO_ADMIN_EMAIL: admin.email,
    STUDIO_ADMIN_PASSWORD: admin.password,
    E2E_SCREENSHOTS: screenshots,
    // for a test that restarts the studio (lib/studio.mjs restart: the same stop and start as here)
    STUDIO_HOME: dir,
    STUDIO_JAVA_HOME: javaHome ?? '',
  });
  log(code === 0 ? 'all tests passed' : `tests failed (exit ${code}); screenshots in ${screenshots}, the studio's log in ${path.join(dir, 'data', 'log')}`);
} catch (e) {
  console.error(`[e2e] ${e.stack ?? e}`);
  console.error(`[e2e] the studio's log: ${path.join(dir, 'data', 'log', 'karaf.log')}`);
  code = 1;
} finally {
  stopStudio();
}
process.exit(code);
