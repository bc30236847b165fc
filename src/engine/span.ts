/** A position in the editor's coordinates: 0-based line, UTF-16 character. */
export interface Position {
  line: number;
  character: number;
}
/** A source range plus the notebook cell it lies in (omitted for plain files). */
export interface SourceSpan {
  start: Position;
  end: Position;
  cell?: number;
}
