/**
 * What actors in a scenario do, as plain transactions: swaps, approvals, oracle updates.
 * Each returns the transaction hash; the transaction waits in the mempool until the engine mines.
 */
import { MaxUint256 } from "ethers";
import type { Engine } from "../engine/engine";
import { GWEI } from "../format";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import type { ActorName } from "../world/actors";
import type { DexId, TokenSymbol } from "../world/config";
import { reservesFor } from "../world/market";
import type { World } from "../world/types";
import { poolNamed } from "./text";

export { GWEI };

/** bob, the whale, accepts 5% slippage: he is in a hurry, and not the subject of the scenarios. */
export const WHALE_SLIPPAGE_BPS = 500n;
/** Deadlines ten minutes after the latest block, as a wallet would set them. */
const DEADLINE_SECONDS = 600;

export async function deadlineFromNow(world: World): Promise<bigint> {
  return BigInt((await world.chain.latestBlock()).timestamp + DEADLINE_SECONDS);
}

/** `actor` lets `spender` move all its `symbol`. */
export async function approve(
  engine: Engine,
  actor: ActorName,
  symbol: TokenSymbol,
  spender: string,
): Promise<string> {
  const { world } = engine;
  const token = world.tokens[symbol].contract;
  return engine.send(world.actors[actor].address, {
    to: world.tokens[symbol].address,
    data: token.interface.encodeFunctionData("approve", [spender, MaxUint256]),
    maxPriorityFeePerGas: GWEI,
  });
}

export interface SwapOrder {
  actor: ActorName;
  dex: DexId;
  path: readonly TokenSymbol[];
  amountIn: bigint;
  amountOutMin: bigint;
  tip: bigint;
}

/** The router call of a swap order (to and calldata), with a wallet's deadline. */
export async function swapCall(
  world: World,
  order: Omit<SwapOrder, "tip">,
): Promise<{ to: string; data: string }> {
  const router = world.dexes[order.dex].router;
  const actor = world.actors[order.actor].address;
  const path = order.path.map((symbol) => world.tokens[symbol].address);
  const data = router.interface.encodeFunctionData("swapExactTokensForTokens", [
    order.amountIn,
    order.amountOutMin,
    path,
    actor,
    await deadlineFromNow(world),
  ]);
  return { to: await router.getAddress(), data };
}

/** `actor` swaps exactly `amountIn` along `path` on `dex` through its router, as a wallet does. */
export async function swapExactIn(engine: Engine, order: SwapOrder): Promise<string> {
  const call = await swapCall(engine.world, order);
  return engine.send(engine.world.actors[order.actor].address, { ...call, maxPriorityFeePerGas: order.tip });
}

/** The pool bob, the whale, trades on in the scenarios that need a large trade. */
export const WHALE_POOL = "DEX A WETH/USDC";

/**
 * bob, the whale, sends (does not mine) a swap of `amountIn` along `path` on DEX A's WETH/USDC pool,
 * quoted on the reserves read now, accepting WHALE_SLIPPAGE_BPS. Returns the quote and those reserves.
 */
export async function whaleSwap(
  engine: Engine,
  trade: { path: readonly [TokenSymbol, TokenSymbol]; amountIn: bigint; tip: bigint },
): Promise<{ quote: bigint; amountOutMin: bigint; reserveIn: bigint; reserveOut: bigint; hash: string }> {
  const pool = poolNamed(engine.world, WHALE_POOL);
  const { reserveIn, reserveOut } = await reservesFor(pool, trade.path[0]);
  const quote = getAmountOut(trade.amountIn, reserveIn, reserveOut, pool.feeBps);
  const amountOutMin = amountOutMinFor(quote, WHALE_SLIPPAGE_BPS);
  const hash = await swapExactIn(engine, { actor: "bob", dex: "dexA", ...trade, amountOutMin });
  return { quote, amountOutMin, reserveIn, reserveOut, hash };
}

/** The sandbox admin moves an oracle price (USD, given as a decimal string like "1700"). */
export async function setOraclePrice(engine: Engine, symbol: TokenSymbol, priceUsd: bigint): Promise<string> {
  const { world } = engine;
  const feed = world.feeds[symbol];
  return engine.send(world.actors.admin.address, {
    to: await feed.getAddress(),
    data: feed.interface.encodeFunctionData("updateAnswer", [priceUsd]),
    maxPriorityFeePerGas: GWEI,
  });
}
