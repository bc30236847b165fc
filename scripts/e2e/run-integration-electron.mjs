// The same integration suite with @vscode/test-electron, for machines that can download VS Code desktop
// (on this project's CI machine they cannot: use run-integration.sh, which runs it in code-server).
// usage: node scripts/build.mjs && node scripts/e2e/run-integration-electron.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist/test/integration.js'),
    launchArgs: [path.join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error('integration tests failed:', e);
  process.exit(1);
}
