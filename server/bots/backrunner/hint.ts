/**
 * What the back-runner reads from a MEV-Share hint: the Uniswap V2 `Swap` logs the shared transaction
 * emits (the `logs` hint), on the world's pools, in order — each hop's pool, the token in and out, and
 * the amount in. From them the same snapshot as for a pending swap: the target's path and amount, and
 * every pool's reserves read now (before the target runs). A hint that names the pools but hides the
 * amounts (`default_logs`) cannot be sized on.
 */
import { AmmPair__factory } from "../../../typechain-types";
import type { BotContext } from "../../engine/bot";
import type { MevShareLog, MevShareStreamEvent } from "../../events";
import type { TokenSymbol } from "../../world/config";
import type { World } from "../../world/types";
import { snapshotFor } from "./read";
import type { BackrunSnapshot } from "./types";

const pair = AmmPair__factory.createInterface();
const SWAP_TOPIC = pair.getEvent("Swap").topicHash;

/** One hop of the target, as its `Swap` log shows it. */
interface LoggedSwap {
  pool: number;
  tokenIn: TokenSymbol;
  tokenOut: TokenSymbol;
  amountIn: bigint;
  recipient: string;
}

/** What a hint says of the swaps it shares: none, pools without amounts, or the hops in order. */
export type HintSwaps =
  | { kind: "none" }
  | { kind: "hidden"; pools: string[] }
  | { kind: "swaps"; hops: LoggedSwap[] };

/** The world-pool swaps among a hint's logs. */
export function swapsInHint(world: World, hint: MevShareStreamEvent): HintSwaps {
  const logs = (hint.logs ?? []).filter((log) => log.topics[0] === SWAP_TOPIC && poolIndex(world, log) >= 0);
  if (logs.length === 0) return { kind: "none" };
  const hops = logs.map((log) => loggedSwap(world, log));
  if (hops.some((hop) => hop === undefined)) {
    return { kind: "hidden", pools: logs.map((log) => world.pools[poolIndex(world, log)]!.name) };
  }
  const chained = hops.every((hop, i) => i === 0 || hop!.tokenIn === hops[i - 1]!.tokenOut);
  return chained ? { kind: "swaps", hops: hops as LoggedSwap[] } : { kind: "none" };
}

/** The back-runner's snapshot of a shared swap: its path and amount from the logs, every pool read now. */
export async function readHintSnapshot(
  hint: MevShareStreamEvent,
  hops: readonly LoggedSwap[],
  ctx: BotContext,
): Promise<BackrunSnapshot> {
  return snapshotFor(ctx, {
    hash: hint.hash,
    trader: ctx.world.registry.label(hops.at(-1)!.recipient),
    amountIn: hops[0]!.amountIn,
    path: [hops[0]!.tokenIn, ...hops.map((hop) => hop.tokenOut)],
    route: hops.map((hop) => hop.pool),
  });
}

function poolIndex(world: World, log: MevShareLog): number {
  return world.pools.findIndex((pool) => pool.address.toLowerCase() === log.address.toLowerCase());
}

/** A `Swap` log read as a hop; undefined when its amounts are hidden. */
function loggedSwap(world: World, log: MevShareLog): LoggedSwap | undefined {
  let parsed: ReturnType<typeof pair.parseLog>;
  try {
    parsed = pair.parseLog({ topics: log.topics, data: log.data });
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const index = poolIndex(world, log);
  const pool = world.pools[index]!;
  const amount0In = parsed.args.amount0In as bigint;
  const zeroForOne = amount0In > 0n;
  return {
    pool: index,
    tokenIn: zeroForOne ? pool.token0 : pool.token1,
    tokenOut: zeroForOne ? pool.token1 : pool.token0,
    amountIn: zeroForOne ? amount0In : (parsed.args.amount1In as bigint),
    recipient: parsed.args.to as string,
  };
}
