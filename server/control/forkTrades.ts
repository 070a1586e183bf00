/**
 * A victim's router swap re-executed on a fork (server/replay), with or without the sandwich bot:
 * the bot reads the fork's state as it would read the chain's, its pure `decide` chooses, and what it
 * chose is mined around the swap, in that order. The swap's output is read from its `Swap` log.
 */
import { Interface } from "ethers";
import { AmmRouter__factory } from "../../typechain-types";
import { type WethPrice, wethPriceOf } from "../bots/kit/pricing";
import type { RouterSwap } from "../bots/kit/routerSwap";
import { decide } from "../bots/sandwicher/decide";
import { pricingPool } from "../bots/sandwicher/read";
import { SANDWICHER, SWAP_GAS_LIMIT } from "../bots/sandwicher/settings";
import type { SandwichSnapshot } from "../bots/sandwicher/types";
import { decodeSwaps } from "../inspector/logs";
import type { BlockContext, ForkedChain, ReplayReceipt, ReplayTx } from "../replay/fork";
import { orient, type PoolReserves, poolOf, type WorldIndex } from "../world/market";
import type { PoolHandle, World } from "../world/types";

const router = AmmRouter__factory.createInterface();
const reads = new Interface([
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function balanceOf(address owner) view returns (uint256)",
]);

/** The bot's settings when it is asked again: live mode's (and the scenarios' default) capital, public path. */
export interface BotAsk {
  capital: bigint;
}

/** A victim's swap as the fork runs it: its sender, router, and the call's arguments. */
export interface VictimTrade {
  swap: RouterSwap;
  pool: PoolHandle;
  recipient: string;
  deadline: bigint;
  gasLimit: bigint;
  tokens: World["tokens"];
}

/** What one block of a mitigation gave: the victim's output and whether (and why not) it was attacked. */
export interface TradeOutcome {
  amountOut: bigint;
  status: "success" | "reverted";
  attacked: boolean;
  /** The bot's sentence: why it attacked, or why not. */
  decision: string;
}

async function call(fork: ForkedChain, to: string, data: string): Promise<string> {
  return (await fork.request({ method: "eth_call", params: [{ to, data }, "latest"] })) as string;
}

async function reservesOn(fork: ForkedChain, pool: PoolHandle): Promise<PoolReserves> {
  const answer = await call(fork, pool.address, reads.encodeFunctionData("getReserves"));
  const [reserve0, reserve1] = reads.decodeFunctionResult("getReserves", answer) as unknown as [
    bigint,
    bigint,
  ];
  return { reserve0, reserve1 };
}

async function balanceOn(fork: ForkedChain, token: string, owner: string): Promise<bigint> {
  const answer = await call(fork, token, reads.encodeFunctionData("balanceOf", [owner]));
  return reads.decodeFunctionResult("balanceOf", answer)[0] as bigint;
}

/** The victim's call with `amountIn` and `amountOutMin` in place of its own. */
export function victimCall(trade: VictimTrade, amountIn: bigint, amountOutMin: bigint): ReplayTx {
  const { swap } = trade;
  const path = [trade.pool.token0, trade.pool.token1];
  const ordered = swap.path[0] === path[0] ? path : [path[1], path[0]];
  return {
    from: swap.tx.from,
    to: swap.tx.to!,
    data: router.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      amountOutMin,
      ordered.map((symbol) => trade.tokens[symbol!].address),
      trade.recipient,
      trade.deadline,
    ]),
    value: swap.tx.value,
    gasLimit: trade.gasLimit,
  };
}

/** What the sandwicher reads for the victim's swap, read on the fork (as read.ts reads the chain). */
async function snapshotOn(
  fork: ForkedChain,
  world: World,
  index: WorldIndex,
  trade: VictimTrade,
  swap: { amountIn: bigint; amountOutMin: bigint },
  nextBaseFee: bigint,
): Promise<SandwichSnapshot> {
  const tokenIn = trade.swap.path[0]!;
  const tokenOut = trade.swap.path[1]!;
  const pricing = pricingPool(index, trade.pool, tokenIn);
  const [reserves, balance, pricingReserves] = await Promise.all([
    reservesOn(fork, trade.pool),
    balanceOn(fork, world.tokens[tokenIn].address, world.actors.searcher.address),
    pricing && pricing !== trade.pool ? reservesOn(fork, pricing) : undefined,
  ]);
  const { reserveIn, reserveOut } = orient(trade.pool, reserves, tokenIn);
  const wethPrice: WethPrice | undefined =
    pricing && wethPriceOf(pricing, pricing === trade.pool ? reserves : pricingReserves!);
  return {
    swap: {
      hash: trade.swap.tx.hash,
      victim: world.registry.label(trade.swap.tx.from),
      router: world.registry.label(trade.swap.tx.to!),
      dex: trade.swap.dex.name,
      tip: trade.swap.tx.tip,
      amountIn: swap.amountIn,
      amountOutMin: swap.amountOutMin,
      path: trade.swap.path,
    },
    pool: {
      name: trade.pool.name,
      feeBps: trade.pool.feeBps,
      tokenIn,
      tokenOut,
      reserveIn,
      reserveOut,
    },
    balance,
    wethPrice,
    tokens: world.tokens,
    nextBaseFee,
  };
}

/** The victim's output in a replayed receipt: its swap's output in its pool (0 if it reverted). */
function outputOf(receipt: ReplayReceipt, trade: VictimTrade, world: World): bigint {
  const poolTokens = new Map([
    [
      trade.pool.address,
      { token0: world.tokens[trade.pool.token0].address, token1: world.tokens[trade.pool.token1].address },
    ],
  ]);
  const logs = receipt.logs.map((log, index) => ({ ...log, index }));
  const receiptLike = { hash: receipt.hash, index: 0, from: receipt.from, to: null, logs };
  const swaps = decodeSwaps({ ...receiptLike, status: receipt.status === "success" ? 1 : 0 }, poolTokens);
  return swaps.find((s) => s.pool === trade.pool.address)?.amountOut ?? 0n;
}

/**
 * One block on the fork: the sandwicher is asked about the victim's swap of `amountIn` with
 * `amountOutMin` (its pure decide, on the fork's state); what it would send is mined around the swap
 * (front-run, swap, back-run), or the swap alone when it declines.
 */
export async function tradeWithBot(
  fork: ForkedChain,
  world: World,
  index: WorldIndex,
  trade: VictimTrade,
  swap: { amountIn: bigint; amountOutMin: bigint },
  context: BlockContext,
  ask: BotAsk,
): Promise<TradeOutcome> {
  const snapshot = await snapshotOn(fork, world, index, trade, swap, context.baseFeePerGas);
  const choice = decide(snapshot, { capital: ask.capital, path: "public" });
  const victim = victimCall(trade, swap.amountIn, swap.amountOutMin);
  if (choice.kind === "refuse") {
    const [receipt] = await fork.mineBlock([victim], context);
    return {
      ...result(receipt!, trade, world),
      attacked: false,
      decision: `${SANDWICHER} declines: ${choice.explanation}`,
    };
  }
  const { frontrun, backrun } = choice.decision.outcome;
  const searcher = world.actors.searcher.address;
  const [tokenIn, tokenOut] = [snapshot.pool!.tokenIn, snapshot.pool!.tokenOut].map(
    (s) => world.tokens[s].address,
  );
  const leg = (amountIn: bigint, amountOutMin: bigint, path: string[]): ReplayTx => ({
    from: searcher,
    to: trade.swap.tx.to!,
    data: router.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      amountOutMin,
      path,
      searcher,
      trade.deadline,
    ]),
    gasLimit: SWAP_GAS_LIMIT,
  });
  const receipts = await fork.mineBlock(
    [
      leg(frontrun.amountIn, frontrun.amountOut, [tokenIn!, tokenOut!]),
      victim,
      leg(backrun.amountIn, backrun.amountOut, [tokenOut!, tokenIn!]),
    ],
    context,
  );
  const decision = `${SANDWICHER} attacks: front-run ${frontrun.amountIn} → ${frontrun.amountOut}, back-run ${backrun.amountIn} → ${backrun.amountOut} (base units)`;
  return { ...result(receipts[1]!, trade, world), attacked: true, decision };
}

/** The swap alone (or in a given block of other transactions, at `position`), no bot asked. */
export async function tradeInBlock(
  fork: ForkedChain,
  world: World,
  trade: VictimTrade,
  txs: ReplayTx[],
  position: number,
  context: BlockContext,
): Promise<Omit<TradeOutcome, "attacked" | "decision">> {
  const receipts = await fork.mineBlock(txs, context);
  return result(receipts[position]!, trade, world);
}

function result(receipt: ReplayReceipt, trade: VictimTrade, world: World) {
  return { amountOut: outputOf(receipt, trade, world), status: receipt.status };
}

/** The victim's mined swap as a router swap through one of the world's pools, or undefined. */
export function victimTrade(
  world: World,
  index: WorldIndex,
  swap: RouterSwap | undefined,
): VictimTrade | undefined {
  const [tokenIn, tokenOut] = swap?.path ?? [];
  const pool =
    swap && tokenIn && tokenOut && swap.path.length === 2
      ? poolOf(index, swap.dex.id, tokenIn, tokenOut)
      : undefined;
  if (!swap || !pool) return undefined;
  const args = router.parseTransaction({ data: swap.tx.data })!.args;
  return {
    swap,
    pool,
    recipient: args.to as string,
    deadline: args.deadline as bigint,
    gasLimit: swap.tx.gasLimit,
    tokens: world.tokens,
  };
}
