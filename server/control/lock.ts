/**
 * One thing at a time on the chain. A scenario step, a live block, a simulation and an execution
 * all read state, send transactions and mine; interleaved, they would see each other's half-done
 * work. Every chain-changing task runs through this queue, in arrival order.
 */
export class ChainLock {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;

  /** True while a task runs or waits: periodic work (mempool polls) skips its turn rather than queue. */
  get busy(): boolean {
    return this.depth > 0;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.depth += 1;
    const result = this.tail.then(task);
    const settle = () => {
      this.depth -= 1;
    };
    this.tail = result.then(settle, settle);
    return result;
  }
}
