/** Stage 1: the recorded paths from the targets back to a source, depth-first, capped in number and length. */
import type { CallGraph, Edge, Step } from './graph';

export interface Path {
  /** Key of the target the path starts from. */
  target: number;
  /** From the target back to the source. */
  steps: Step[];
}

export interface PathList {
  /** Shortest first. */
  paths: Path[];
  /** More paths than `maxPaths` were found. */
  truncated: boolean;
  /** A path longer than `maxSteps` was found: the call is summarised, not expanded. */
  tooLong: boolean;
}

export function enumeratePaths(
  graph: CallGraph,
  reach: ReadonlySet<number>,
  sourceKey: number,
  targetKeys: readonly number[],
  maxPaths: number,
  maxSteps: number,
): PathList {
  const edgeCache = new Map<number, Edge[]>();
  const edgesOf = (k: number): Edge[] => {
    let e = edgeCache.get(k);
    if (!e) edgeCache.set(k, (e = graph.edges(k, reach)));
    return e;
  };
  const paths: Path[] = [];
  let truncated = false;
  let tooLong = false;
  const stack: Step[] = [];
  const dfs = (key: number, target: number): void => {
    if (paths.length >= maxPaths) {
      truncated = true;
      return;
    }
    if (key === sourceKey) {
      paths.push({ target, steps: [...stack] });
      return;
    }
    const k = graph.producer.get(key);
    if (k === undefined) return;
    const es = edgesOf(k);
    for (const edge of es) {
      if (tooLong || truncated) return;
      if (stack.length >= maxSteps) {
        tooLong = true;
        return;
      }
      stack.push({ k, edge, fanIn: es.length });
      dfs(edge.key, target);
      stack.pop();
    }
  };
  for (const t of targetKeys) if (!tooLong) dfs(t, t);
  paths.sort((a, b) => a.steps.length - b.steps.length);
  return { paths, truncated, tooLong };
}
