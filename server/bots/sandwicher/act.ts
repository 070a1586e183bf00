/**
 * How the sandwicher sends: two public legs ordered by their tips, or one bundle [frontrun, the
 * victim's own signed transaction, backrun, payment] with a sealed bid. Every transaction carries an
 * explicit gas limit (no estimation round trip).
 */
import type { TransactionRequest } from "ethers";
import { AmmRouter__factory } from "../../../typechain-types";
import type { BotContext } from "../../engine/bot";
import type { SandwichOutcome } from "../../math/sandwich";
import type { BlockClock } from "../kit/clock";
import { feeFields, payment } from "../kit/fees";
import type { RouterSwap } from "../kit/routerSwap";
import { DEADLINE_SECONDS, SANDWICHER, SWAP_GAS_LIMIT } from "./settings";
import type { SealedTerms, Situation } from "./types";

const routerInterface = AmmRouter__factory.createInterface();

/** The frontrun (its exact output as its minimum) and the backrun (`backMin` as its minimum), ready to send. */
async function legsOf(
  s: Situation,
  swap: RouterSwap,
  outcome: SandwichOutcome,
  backMin: bigint,
  ctx: BotContext,
  clock: BlockClock,
): Promise<[TransactionRequest, TransactionRequest]> {
  const { world } = ctx;
  const me = world.actors.searcher.address;
  const router = await swap.dex.router.getAddress();
  const deadline = BigInt((await clock.timestampOf(world, ctx.blockNumber)) + DEADLINE_SECONDS);
  const [tokenIn, tokenOut] = [world.tokens[s.pool.tokenIn].address, world.tokens[s.pool.tokenOut].address];
  const leg = (amountIn: bigint, amountOutMin: bigint, path: string[], tip: bigint) => ({
    to: router,
    data: routerInterface.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      amountOutMin,
      path,
      me,
      deadline,
    ]),
    gasLimit: SWAP_GAS_LIMIT,
    ...feeFields(ctx.nextBaseFee, tip),
  });
  return [
    leg(outcome.frontrun.amountIn, outcome.frontrun.amountOut, [tokenIn, tokenOut], s.frontTip),
    leg(outcome.backrun.amountIn, backMin, [tokenOut, tokenIn], s.backTip),
  ];
}

/** Sends the frontrun, then the backrun, each with the exact output it expects as its minimum; returns their hashes. */
export async function sendPublic(
  s: Situation,
  swap: RouterSwap,
  outcome: SandwichOutcome,
  ctx: BotContext,
  clock: BlockClock,
): Promise<string[]> {
  const me = ctx.world.actors.searcher.address;
  const [front, back] = await legsOf(s, swap, outcome, outcome.backrun.amountOut, ctx, clock);
  return [await ctx.send(me, front), await ctx.send(me, back)];
}

/**
 * Sends one bundle: [frontrun, the victim's own signed transaction, backrun, payment] (ctx.sendBundle
 * signs its own three with consecutive nonces and takes the victim's signed bytes from the node's
 * pending pool).
 */
export async function sendSealed(
  s: Situation,
  swap: RouterSwap,
  outcome: SandwichOutcome,
  terms: SealedTerms,
  ctx: BotContext,
  clock: BlockClock,
): Promise<{ bundle: string; txs: string[] }> {
  const [front, back] = await legsOf(s, swap, outcome, terms.backMin, ctx, clock);
  return ctx.sendBundle(SANDWICHER, ctx.world.actors.searcher.address, [
    front,
    { pendingTx: s.swap.hash },
    back,
    payment(terms.bidWei),
  ]);
}
