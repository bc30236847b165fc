/**
 * One evaluation of a document as the worker keeps it after sending its bounded report: the report builder with
 * every raw value, tape and gradient call it recorded, so what the report left out — chain-rule explanations, full
 * values, tape graphs — is built when the editor asks, from this run, without running the program again.
 */
import type { DetailAnswer, DetailQuery, GradientRecord, RunReport } from '../protocol/report';
import type { ReportBuilder } from './report/builder';
import { fullValueText } from './report/fullValue';

/** Time the optional work of one tape-graph answer may take (long op lists are cut, as in a run's report). */
const GRAPH_BUDGET_MS = 1500;

export class Evaluation {
  private graphs?: Extract<DetailAnswer, { kind: 'tapes' }>;

  constructor(
    readonly report: RunReport,
    private readonly builder: ReportBuilder,
  ) {}

  answer(query: DetailQuery): DetailAnswer {
    switch (query.kind) {
      case 'explanation': {
        const ex = this.builder.explanations(query.span);
        return { kind: 'explanation', found: ex !== undefined, explanations: (ex ?? []).map((e) => e ?? null) };
      }
      case 'value': {
        const v = this.builder.fullValue(query.span, query.result);
        if (!v) return { kind: 'value', found: false };
        const out: DetailAnswer = { kind: 'value', found: true, label: v.label };
        if (v.array) {
          out.text = fullValueText(v.array, query.format);
          out.array = true;
          if (v.unseeded) out.unseeded = true;
        } else {
          out.text = v.repr ?? '';
          out.array = false;
        }
        return out;
      }
      case 'tapes':
        this.graphs ??= { kind: 'tapes', tapes: this.builder.tapeGraphs(GRAPH_BUDGET_MS), gradients: this.explained() };
        return this.graphs;
    }
  }

  /** The report's gradient records with each result's explanation (the inspector's, and the CLI's text output). */
  explained(): GradientRecord[] {
    return this.report.gradients.map((g) => {
      const ex = g.results.length ? this.builder.explanations(g.span) : undefined;
      if (!ex) return g;
      return { ...g, results: g.results.map((r, i) => (r.result && ex[i] ? { ...r, explanation: ex[i] } : r)) };
    });
  }
}
