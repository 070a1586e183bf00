/**
 * One thing at a time on the chain. A scenario step, a live block, a simulation and an execution
 * all read state, send transactions and mine; interleaved, they would see each other's half-done
 * work. Every chain-changing task runs through this queue.
 *
 * Two lanes: the sandbox's own work (steps, blocks, resets, heals) goes first; what outside clients
 * ask for (simulations, eth_callBundle, scans) waits for a free turn, in arrival order, so a room full
 * of students simulating cannot hold a run back.
 */
export type Lane = "sandbox" | "outside";

interface Waiting {
  start: () => void;
}

export class ChainLock {
  private running = false;
  private readonly queues: Record<Lane, Waiting[]> = { sandbox: [], outside: [] };
  private depth = 0;

  /** True while a task runs or waits: periodic work (mempool polls) skips its turn rather than queue. */
  get busy(): boolean {
    return this.depth > 0;
  }

  run<T>(task: () => Promise<T>, lane: Lane = "sandbox"): Promise<T> {
    this.depth += 1;
    return new Promise<T>((resolve, reject) => {
      this.queues[lane].push({
        start: () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              this.depth -= 1;
              this.running = false;
              this.next();
            });
        },
      });
      this.next();
    });
  }

  private next(): void {
    if (this.running) return;
    const waiting = this.queues.sandbox.shift() ?? this.queues.outside.shift();
    if (!waiting) return;
    this.running = true;
    waiting.start();
  }
}
