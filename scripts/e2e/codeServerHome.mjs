// Where code-server lives: one variable, GRADIENT_LENS_CODE_SERVER_HOME, honoured by setup, the test runner, the
// integration and end-to-end harnesses and the demo (scripts/e2e/code-server-home.sh is the same rule for sh).
// Default: a per-user cache directory, ${XDG_CACHE_HOME:-$HOME/.cache}/gradient-lens/code-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_HOME =
  process.env.GRADIENT_LENS_CODE_SERVER_HOME ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'gradient-lens', 'code-server');
export const CODE_SERVER = path.join(CODE_SERVER_HOME, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why the code-server suites cannot run here (one sentence each), or [] when they can. */
export function missingForCodeServerSuites() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER))
    missing.push(
      `code-server not installed in ${CODE_SERVER_HOME} (run sh scripts/setup.sh, or set GRADIENT_LENS_CODE_SERVER_HOME to where it is)`,
    );
  if (!fs.existsSync(CHROMIUM))
    missing.push(`Chromium not found at ${CHROMIUM} (run sh scripts/setup.sh, or set CHROMIUM to its path)`);
  return missing;
}
