// The assembly as the end-to-end tests and the load benchmark run it: unpacked into a folder of
// their own, on free loopback ports, started with Karaf's bin/start and stopped with bin/stop.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nobody listens on right now (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The five ports the assembly listens on, all different. */
export async function freePorts() {
  const ports = new Set();
  while (ports.size < 5) ports.add(await freePort());
  const [http, https, ssh, rmiRegistry, rmiServer] = [...ports];
  return { http, https, ssh, rmiRegistry, rmiServer };
}

/** Karaf 4.4 starts on Java 17 only: JAVA_HOME when it is a 17, else the first 17 under /usr/lib/jvm. */
export function java17Home() {
  const version = (home) => {
    const java = home ? path.join(home, 'bin', 'java') : 'java';
    const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
    return /version "(\d+)/.exec(`${r.stderr ?? ''}${r.stdout ?? ''}`)?.[1] ?? null;
  };
  if (process.env.JAVA_HOME && version(process.env.JAVA_HOME) === '17') return process.env.JAVA_HOME;
  const jvm = '/usr/lib/jvm';
  const candidates = fs.existsSync(jvm) ? fs.readdirSync(jvm).filter((d) => /^(java-17-openjdk|temurin-17|java-17)/.test(d)).sort() : [];
  for (const d of candidates) {
    const home = path.join(jvm, d);
    if (fs.existsSync(path.join(home, 'bin', 'java')) && version(home) === '17') return home;
  }
  if (version(null) === '17') return null; // the java on the PATH will do
  throw new Error('Karaf needs Java 17: set JAVA_HOME to a Java 17 or install openjdk-17-jdk');
}

/** Replaces "key = value" lines of a Karaf .cfg file (adds the key when it is missing). */
function setProperties(file, values) {
  let text = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key.replace(/[.]/g, '\\.')}\\s*=.*$`, 'm');
    text = line.test(text) ? text.replace(line, `${key} = ${value}`) : `${text.replace(/\n?$/, '\n')}${key} = ${value}\n`;
  }
  fs.writeFileSync(file, text);
}

/**
 * Unpacks the assembly tarball into {@code dir} (emptied first) and points it at {@code ports}
 * (see karaf-assembly/studio.sh and bench/lib/studio.sh for the same files). {@code extraConfig}
 * maps a file under etc/ to its whole content.
 */
export function unpack(tarball, dir, ports, extraConfig = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  const etc = path.join(dir, 'etc');
  setProperties(path.join(etc, 'org.ops4j.pax.web.cfg'), {
    'org.osgi.service.http.port': ports.http,
    'org.osgi.service.http.port.secure': ports.https,
  });
  setProperties(path.join(etc, 'org.apache.karaf.shell.cfg'), { sshPort: ports.ssh });
  setProperties(path.join(etc, 'org.apache.karaf.management.cfg'), {
    rmiRegistryPort: ports.rmiRegistry,
    rmiServerPort: ports.rmiServer,
  });
  for (const [name, content] of Object.entries(extraConfig)) fs.writeFileSync(path.join(etc, name), content);
}

function karafEnv(javaHome) {
  const env = { ...process.env };
  if (javaHome) {
    env.JAVA_HOME = javaHome;
    env.PATH = `${path.join(javaHome, 'bin')}:${env.PATH}`;
  }
  return env;
}

/** bin/start: Karaf in the background (its pid in karaf.pid). */
export function start(dir, javaHome) {
  const r = spawnSync(path.join(dir, 'bin', 'start'), [], { env: karafEnv(javaHome), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bin/start failed (exit ${r.status})`);
}

/** bin/start, then waits for /api/v1/health (see waitHealthy); returns the report. */
export async function startHealthy(dir, javaHome, baseUrl, timeoutMs) {
  start(dir, javaHome);
  return waitHealthy(baseUrl, timeoutMs);
}

/** Waits until /api/v1/health says UP (or DEGRADED); returns the report. */
export async function waitHealthy(baseUrl, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      last = `${res.status} ${body.slice(0, 300)}`;
      const status = JSON.parse(body).status;
      if (status === 'UP' || status === 'DEGRADED') return JSON.parse(body);
    } catch (e) {
      last = String(e?.cause?.code ?? e?.message ?? e);
    }
    await sleep(250);
  }
  throw new Error(`the studio was not healthy within ${timeoutMs / 1000} s; last answer: ${last}`);
}

/**
 * The first administrator the studio created on its first boot, from
 * data/security/first-boot-admin.txt (organisation, e-mail and one-time password).
 */
export async function firstBootAdmin(dir, timeoutMs = 30_000) {
  const file = path.join(dir, 'data', 'security', 'first-boot-admin.txt');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim();
      const admin = { org: field('organisation'), email: field('e-mail'), password: field('password') };
      if (admin.org && admin.email && admin.password) return admin;
    }
    await sleep(200);
  }
  throw new Error(`no first-boot administrator in ${file}`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** bin/stop, then waits for the JVM to be gone (kill -9 after 30 s). Synchronous: safe in exit handlers. */
export function stop(dir, javaHome) {
  const pidFile = path.join(dir, 'karaf.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
  spawnSync(path.join(dir, 'bin', 'stop'), [], { env: karafEnv(javaHome), stdio: 'ignore', timeout: 30_000 });
  if (!Number.isInteger(pid) || pid <= 0) return;
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * Stops the studio (stop) and starts it again (startHealthy) on the same folder, data and ports:
 * a test's server restart. {@code whileDown} runs once the JVM is gone, before the start. Resolves
 * with the health report once it is UP again.
 */
export async function restart(dir, javaHome, baseUrl, { whileDown, timeoutMs } = {}) {
  stop(dir, javaHome);
  await whileDown?.();
  return startHealthy(dir, javaHome, baseUrl, timeoutMs);
}
