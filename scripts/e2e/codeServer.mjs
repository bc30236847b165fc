// Shared by the integration runner and the end-to-end test: start code-server (VS Code 1.100.3 web + Node extension
// host) on 127.0.0.1 with throwaway user-data and extension dirs, and a headless Debian Chromium driven by
// playwright-core that can reach nothing but loopback. Follows ../shared/e2e/RECIPE.md.
//
// env: GRADIENT_LENS_CODE_SERVER_HOME (where code-server is installed, see codeServerHome.mjs), CHROMIUM (default
// /usr/bin/chromium)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CODE_SERVER, missingForCodeServerSuites } from './codeServerHome.mjs';

export { CHROMIUM, CODE_SERVER };

const t0 = Date.now();
export const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export const say = (tag, msg) => console.log(`[${tag} ${elapsed()}] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (r) => {
        r.resume();
        resolve(r.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

export const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  // VS Code for the web auto-saves after a delay by default: tests type into files and must never write them.
  'files.autoSave': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server. Returns { port, host, tmp, serverLog, installVsix(file), stop() }. The server runs in its own
 * process group; stop() ends the group (server, extension hosts, file watcher) and removes the temp dir unless
 * `keep`. Env vars of this process reach the extension host (the way to pass settings to tests).
 */
export async function startCodeServer({ settings = {}, keep = false, env = {}, untrusted = false } = {}) {
  const missing = missingForCodeServerSuites();
  if (missing.length) throw new Error(missing.join('; '));
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-cs-'));
  const cfg = path.join(tmp, 'config.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        ...DEFAULT_SETTINGS,
        // Restricted mode: workspace trust on, nothing trusted, no startup prompt.
        ...(untrusted
          ? {
              'security.workspace.trust.enabled': true,
              'security.workspace.trust.startupPrompt': 'never',
              'security.workspace.trust.banner': 'never',
            }
          : {}),
        ...settings,
      },
      null,
      2,
    ),
  );
  const baseArgs = ['--config', cfg, '--user-data-dir', userData, '--extensions-dir', extensions];
  const serverEnv = { ...process.env, ...env, EXTENSIONS_GALLERY: '{}' };
  const serverLog = path.join(tmp, 'server.log');
  const logFd = fs.openSync(serverLog, 'w');
  const server = spawn(
    CODE_SERVER,
    [
      ...baseArgs,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
    ],
    { stdio: ['ignore', logFd, logFd], detached: true, env: serverEnv },
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else say('cs', `kept ${tmp}`);
  };
  process.on('exit', stop);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      stop();
      process.exit(130);
    });
  }
  while (!(await healthy(port))) {
    if (server.exitCode !== null) throw new Error(`code-server exited early:\n${fs.readFileSync(serverLog, 'utf8')}`);
    if (Date.now() - t0 > 90_000) throw new Error('code-server did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
  say('cs', `code-server pid ${server.pid} on 127.0.0.1:${port}`);
  /** Installs a .vsix with the code-server CLI into this server's extensions dir (before a browser connects). */
  const installVsix = (file) =>
    new Promise((resolve, reject) => {
      const p = spawn(CODE_SERVER, [...baseArgs, '--install-extension', file, '--force'], {
        env: serverEnv,
        stdio: 'pipe',
      });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('exit', (code) =>
        code === 0 ? resolve(out.trim()) : reject(new Error(`install failed (${code}): ${out}`)),
      );
    });
  return { port, host: `127.0.0.1:${port}`, tmp, serverLog, server, installVsix, stop, extensionsDir: extensions };
}

const isLoopback = (u) => {
  try {
    const { protocol, hostname } = new URL(u);
    if (['data:', 'blob:', 'about:', 'vscode-webview:'].includes(protocol)) return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return true;
  }
};

/** Headless Chromium with a temp profile; every non-loopback request is aborted and counted in `blocked`. */
export async function launchBrowser({ width = 1400, height = 900 } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width, height },
  });
  const blocked = [];
  await context.route(
    (url) => !isLoopback(url.toString()),
    (route) => {
      blocked.push(route.request().url());
      return route.abort();
    },
  );
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, blocked, close };
}
