/**
 * The ArbitrageExecutor contract as the bots and the instructor's scan call it: `execute` trades a
 * whole cycle in one transaction or reverts. Its gas, its calldata, and what its calls and reverts say.
 */
import { ArbitrageExecutor__factory } from "../../../typechain-types";
import type { Cycle } from "../../math/graph";

/**
 * Gas of `execute` beyond its hops: the call, the owner check, the balance checks and the event.
 * With {@link EXECUTE_GAS_PER_HOP}, measured on the sandbox's pools and rounded up to the worst case:
 * 191,522 for 2 hops and 285,496 for 3 hops when the pools had not been swapped since they were
 * seeded, 217,108 for 3 hops through pools swapped before.
 */
export const EXECUTE_BASE_GAS = 45_000n;
/**
 * Gas of one hop: a token transfer, a pair's swap and its reserve update. A pool's first swap in a
 * block also updates its two price accumulators, and the first time ever writes them from zero
 * (about 40,000 more): the constant covers that, so the estimate errs high for pools already traded.
 */
export const EXECUTE_GAS_PER_HOP = 95_000n;
/** The gas limit leaves room above the estimate, so a trade never runs out of gas. */
export const EXECUTE_GAS_LIMIT_MARGIN = 50_000n;

const executorInterface = ArbitrageExecutor__factory.createInterface();

/** Gas units of an `execute` through `hops` pools. */
export function executeGas(hops: number): bigint {
  return EXECUTE_BASE_GAS + EXECUTE_GAS_PER_HOP * BigInt(hops);
}

/**
 * Calldata of `execute(startToken, amountIn, hops, minProfit)` for a cycle found by
 * server/math/graph.ts: each hop's pair (the pool id) and output token. `addressOf` turns the graph's
 * token vertices into addresses (they are addresses already by default).
 */
export function encodeExecute(
  startToken: string,
  amountIn: bigint,
  cycle: Cycle,
  minProfit: bigint,
  addressOf: (token: string) => string = (token) => token,
): string {
  const hops = cycle.map((hop) => ({ pair: hop.pool.id, tokenOut: addressOf(hop.tokenOut) }));
  return executorInterface.encodeFunctionData("execute", [addressOf(startToken), amountIn, hops, minProfit]);
}

/** The pools (lower case) an `execute` call trades through, or null when the calldata is something else. */
export function executePools(data: string): string[] | null {
  try {
    const parsed = executorInterface.parseTransaction({ data });
    if (parsed?.name !== "execute") return null;
    return (parsed.args[2] as { pair: string }[]).map((hop) => hop.pair.toLowerCase());
  } catch {
    return null;
  }
}

/** The profit an `execute` call returned. */
export function executeProfit(result: string): bigint {
  const [profit] = executorInterface.decodeFunctionResult("execute", result);
  return profit as bigint;
}

/** Why an `execute` call reverted: the executor's custom error with its arguments, or the message. */
export function executeRevertText(error: unknown): string {
  const data = (error as { data?: string }).data;
  const parsed = data ? executorInterface.parseError(data) : null;
  if (parsed) return `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  return error instanceof Error ? error.message : String(error);
}
