// Starts code-server (installed by scripts/setup-code-server.sh) on 127.0.0.1 with private profile folders,
// and builds the workbench URLs that load Threadline as an extension under development.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const codeServerDir = join(root, '.vscode-test/code-server');

/** Runs the setup script when code-server is missing or broken (it returns at once when it works). */
export function ensureCodeServer({ quiet = false } = {}) {
  const r = spawnSync('bash', [join(root, 'scripts/setup-code-server.sh')], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 2, 2],
  });
  if (r.status !== 0) throw new Error(`scripts/setup-code-server.sh failed (exit ${r.status})`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, no trust prompt). */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
};

/**
 * Starts code-server and resolves once it answers HTTP. `profileDir` holds the user data, extensions and
 * config; `settings` are merged over the quiet defaults; `env` reaches the extension host too.
 */
export async function startCodeServer({ profileDir, settings = {}, port, env = {}, log = () => {} }) {
  port ??= await freePort();
  const userDataDir = join(profileDir, 'user-data');
  const extensionsDir = join(profileDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const config = join(profileDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const entry = join(codeServerDir, 'out/node/entry.js');
  if (!existsSync(entry))
    throw new Error(`code-server is not installed (${entry} missing): run scripts/setup-code-server.sh`);
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, VSCODE_PROXY_URI: '', ...env },
    },
  );
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-20000);
    log(String(d));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killTree(child);
      throw new Error(`code-server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    port,
    base,
    host: `127.0.0.1:${port}`,
    output: () => output,
    /** Workbench URL for a folder, with Threadline under development and optionally an extension-tests module. */
    url({ folder, extensionDevelopmentPath = root, extensionTestsPath } = {}) {
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      killTree(child, 'SIGTERM');
      const t = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** code-server forks its extension host and file watcher; the process group takes them all. */
function killTree(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}
