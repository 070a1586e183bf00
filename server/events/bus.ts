/** The engine's event bus. */
import type { SandboxEvent } from "./catalog";

type Listener = (event: SandboxEvent) => void;

/** The engine's event bus: synchronous, in emission order; a failing listener cannot break the run. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SandboxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A consumer's bug (a closed socket, a full terminal) must not stop the chain.
      }
    }
  }
}
