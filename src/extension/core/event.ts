/** A minimal event emitter with VS Code's `Event` shape, so the pure core needs no `vscode` import. */
export interface Disposable {
  dispose(): void;
}
export type Event<T> = (listener: (e: T) => unknown, thisArg?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArg, disposables) => {
    const bound = (e: T) => listener.call(thisArg, e);
    this.listeners.add(bound);
    const d = { dispose: () => this.listeners.delete(bound) };
    disposables?.push(d);
    return d;
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
