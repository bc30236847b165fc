/** The report layer: what a run records for the editor (see builder.ts for how run.ts wires it). */
export { ReportBuilder, type ReportBuilderOptions } from './builder';
export {
  type ExplainLabels,
  type ExplainOptions,
  explainEvent,
  explainEventDetailed,
  localFormula,
  quietly,
} from './explain';
export { isName, NameBook, type ReplacedVariable } from './names';
export { NONE_CODES, type NoneExplained, type NoneFacts, noneDiagnostic, noneReason } from './noneReasons';
export { type TapeFacts, type TapeOptions, tapeRecord, watchedOf } from './tapes';
export { derivativeLabel, encodeNumber, nestedValue, numText, tensorText } from './text';
export {
  densifySlices,
  type GlobalOptions,
  globalValue,
  kindOf,
  NDArrayValue,
  type SummaryOptions,
  summarize,
  summarizeArray,
  summarizeIndexedSlices,
  summarizeVariable,
  type ValueAdapter,
} from './values';
