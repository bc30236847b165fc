/**
 * Where a run's outcome goes: a report into the cache; a timeout, a worker crash or an engine failure only into
 * the entry's status and the log (a warning or an error, never a dialog), so the last good lenses, hovers and hints
 * stay on screen. vscode-free, for the unit tests of worker recovery.
 */
import type { DocRef, ReportCache } from './reportCache';
import type { Job, Logger, Outcome } from './scheduler';

export function publishOutcome(cache: ReportCache, log: Logger, job: Job<DocRef[]>, outcome: Outcome): void {
  const name = `${job.uri}@${job.version}`;
  switch (outcome.kind) {
    case 'report': {
      const { report } = outcome;
      if (report.version !== 1) log.warn(`${name}: report version ${report.version}, expected 1`);
      cache.publish({ key: name, uri: job.uri, report, docs: job.data, elapsedMs: outcome.elapsedMs });
      log.debug(
        `${name}: ${report.tapes.length} tapes, ${report.gradients.length} gradients, ${report.diagnostics.length} diagnostics; ` +
          `engine ${report.timing.totalMs.toFixed(1)} ms, round trip ${outcome.elapsedMs.toFixed(1)} ms`,
      );
      if (report.stopped) log.info(`${name}: stopped early (${report.stopped.reason}): ${report.stopped.message}`);
      return;
    }
    case 'timeout':
      log.warn(`${name}: no result after ${outcome.elapsedMs.toFixed(0)} ms; worker restarted, last good result kept`);
      cache.setStatus(job.uri, { kind: 'timeout', ms: outcome.elapsedMs });
      return;
    case 'crash':
      log.warn(`${name}: the engine worker crashed (${outcome.message}); last good result kept`);
      cache.setStatus(job.uri, { kind: 'crash', message: outcome.message });
      return;
    case 'failure':
      log.error(`${name}: internal engine error: ${outcome.stack ?? outcome.message}`);
      cache.setStatus(job.uri, { kind: 'failure', message: outcome.message });
      return;
    case 'superseded':
      return;
  }
}
