// Exits 1 with one line per missing prerequisite (code-server, Chromium) of the suites that run in code-server.
import { missingForCodeServerSuites } from './codeServerHome.mjs';

const missing = missingForCodeServerSuites();
for (const m of missing) console.error(`gradient-lens tests: ${m}`);
process.exit(missing.length ? 1 : 0);
