/**
 * The in-process node's memory. Hardhat's node (EDR) returns with each response the execution trace
 * of what it ran (about 2 MB for a swap: every step), and frees it only when V8 collects the response
 * object. V8 does not see that memory, so it collects rarely: between two collections the process
 * grows by hundreds of megabytes of fresh pages, and EDR's allocator (mimalloc) hands freed memory
 * back to the kernel 10 ms after it is freed. The kernel then zeroes (and compacts) fresh pages for
 * the next traces: measured on a simulated bundle of three swaps, that system time was a third of
 * its CPU time, and it varied tenfold from one moment to the next. Freeing the traces at once helps;
 * keeping freed memory longer (MIMALLOC_PURGE_DELAY=1000) helped more, but a classroom under load
 * then held 1.6 GB instead of 1: it is left to the environment (see the README's benchmarks).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options: { type: "minor" | "major" }) => void;
let collect: Collect | null | undefined;

/**
 * Frees at once the traces of the node's latest responses: a young-generation collection (under a
 * millisecond), for after a burst of node calls whose responses are no longer needed.
 */
export function releaseNodeResponses(): void {
  collectGarbage("minor");
}

/** Runs V8's garbage collector now (a benchmark between timed runs; the node's responses above). */
export function collectGarbage(type: "minor" | "major"): void {
  if (collect === undefined) collect = collector();
  collect?.({ type });
}

/** V8's `gc`, taken from a fresh context once the flag exposes it; null if this V8 will not. */
function collector(): Collect | null {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("typeof gc === 'function' ? gc : null");
  return typeof gc === "function" ? (gc as Collect) : null;
}
