/**
 * The in-process node's memory. Hardhat's node (EDR) returns with each response the execution trace
 * of what it ran (about 2 MB for a swap: every step), and frees it only when V8 collects the response
 * object. V8 does not see that memory, so it collects rarely: between two collections the process
 * grows by hundreds of megabytes of fresh pages, and EDR's allocator (mimalloc) hands freed memory
 * back to the kernel 10 ms after it is freed. The kernel then zeroes (and compacts) fresh pages for
 * the next traces: measured on a simulated bundle of three swaps, that system time was a third of
 * its CPU time, and it varied tenfold from one moment to the next.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** How long EDR's allocator keeps freed memory before handing it back to the kernel, in ms. */
const PURGE_DELAY_MS = 1_000;

type Collect = (options: { type: "minor" | "major" }) => void;
let collect: Collect | null | undefined;

/**
 * Lets the node's allocator keep freed memory for a second, so that traces reuse it while the node is
 * busy. It reads this when the node starts: call it before the first request (a later call does
 * nothing); a value set in the environment wins.
 */
export function keepNodeMemory(): void {
  process.env.MIMALLOC_PURGE_DELAY ??= String(PURGE_DELAY_MS);
}

/**
 * Frees at once the traces of the node's latest responses: a young-generation collection (under a
 * millisecond), for after a burst of node calls whose responses are no longer needed.
 */
export function releaseNodeResponses(): void {
  if (collect === undefined) collect = collector();
  collect?.({ type: "minor" });
}

/** V8's `gc`, taken from a fresh context once the flag exposes it; null if this V8 will not. */
function collector(): Collect | null {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("typeof gc === 'function' ? gc : null");
  return typeof gc === "function" ? (gc as Collect) : null;
}
