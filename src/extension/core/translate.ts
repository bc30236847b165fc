/**
 * User-facing text goes through a `Translate` function: `vscode.l10n.t` in the extension, `formatMessage` (the same
 * `{0}` placeholder syntax, no translation) in unit tests. Builders take it as a parameter so they stay vscode-free.
 */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

export const formatMessage: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
