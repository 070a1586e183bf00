/**
 * The sandwich searcher. It reads every pending router swap. When a victim's `amountOutMin` leaves
 * room, it buys the victim's output token just before the victim (a higher tip), lets the victim buy
 * at the worse price, and sells right after (a lower tip) on the same pool. The sizing is
 * `planSandwich` (server/math/sandwich.ts); this file reads the chain, sends and explains.
 *
 * Two paths, a setting: "public" sends both legs to the mempool and lets the tips order the block;
 * "bundle" sends the builder one bundle, [frontrun, the victim's own signed transaction, backrun,
 * payment to the builder], with no tips: the builder is paid a sealed bid, a share of the expected
 * profit after gas (server/bots/bidding.ts). The backrun's minimum output covers the frontrun, the
 * gas and the payment, so a sandwich that would lose money reverts and the builder drops it whole.
 *
 * Fast on purpose: the router and pool lookups are cached, each pool's reserves are read with one
 * call, and every transaction carries an explicit gas limit (no estimation round trip).
 */

import type { TransactionRequest } from "ethers";
import { AmmRouter__factory } from "../../typechain-types";
import { BLOCK_TIME_SECONDS } from "../chain/chain";
import type { Bot, BotContext, MinedBlock } from "../engine/bot";
import { decisionId } from "../engine/engine";
import { DEFAULT_SEED } from "../engine/run";
import type { FormulaUse } from "../events";
import { formatAmount, formatBps, formatGwei } from "../format";
import { BPS } from "../math/amm";
import { min } from "../math/bigint";
import {
  planSandwich,
  type SandwichDecision,
  type SandwichOutcome,
  type SandwichParameters,
} from "../math/sandwich";
import { COINBASE_ADDRESS } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import type { PoolHandle, World } from "../world/types";
import { BiddingError, type SealedBid, SealedBidder, validateBidding } from "./bidding";
import {
  BlockClock,
  ethAmount,
  feeFields,
  GAS_TOKEN,
  GWEI,
  gasCostWei,
  orient,
  PAYMENT_GAS,
  type PoolReserves,
  type RouterSwap,
  readBalance,
  readReserves,
  routerSwap,
  show,
  tokenAmount,
  toWeth,
  type WorldIndex,
  wethTo,
  worldIndex,
} from "./shared";

/**
 * Gas of the frontrun, a single-hop router swap, measured on the sandbox's pools and rounded up. The
 * first swap of a block in a pool also updates the pool's price accumulators; the first such update
 * ever writes them from zero (about 40,000 more): measured 144,716 then. The estimate errs high.
 */
export const FRONTRUN_GAS = 150_000n;
/** Gas of the backrun, the same swap the other way, later in the same block (measured 99,499). */
export const BACKRUN_GAS = 105_000n;
/** Gas limit sent with each leg: room above {@link FRONTRUN_GAS}, so a leg never runs out. */
export const SWAP_GAS_LIMIT = 200_000n;
/** The frontrun outbids the victim by this tip, so the block puts it first. */
export const FRONTRUN_TIP_ABOVE_VICTIM = GWEI;
/** The backrun bids this much less than the victim, so the block puts it right after. */
export const BACKRUN_TIP_BELOW_VICTIM = GWEI;
/** Valid for the next block only: a sandwich that lands without its victim is two losing swaps. */
const DEADLINE_SECONDS = BLOCK_TIME_SECONDS;

const routerInterface = AmmRouter__factory.createInterface();

/** How the sandwich reaches the block. */
export type SandwichPath = "public" | "bundle";
export const SANDWICH_PATHS: readonly SandwichPath[] = ["public", "bundle"];
/** In a bundle, by default: half of the expected profit after gas goes to the builder. */
export const DEFAULT_SANDWICH_BID: SealedBid = { kind: "fixed", bps: 5_000 };

export interface SandwicherSettings {
  /** Most WETH the searcher puts into one frontrun (for another input token: its worth at the pool price). */
  capital: bigint;
  /** "public" (default): both legs to the mempool, ordered by tips. "bundle": one bundle to the builder. */
  path?: SandwichPath;
  /** In a bundle: the share of its expected profit after gas it pays the builder (default {@link DEFAULT_SANDWICH_BID}). */
  bid?: SealedBid;
}

type Planned = Extract<SandwichDecision, { kind: "sandwich" }>;

/** What a sealed bid was: the bundle, the share, the payment, and the backrun's minimum output. */
interface SealedDetails {
  bundle: string;
  bps: number;
  arm: number | null;
  /** In the input token, and in wei as paid. */
  bid: bigint;
  bidWei: bigint;
  backMin: bigint;
}

/**
 * The backrun's minimum output in a bundle: the frontrun's input plus the gas and the payment. Below
 * it the sandwich loses money after paying the builder, so the backrun reverts and the builder drops
 * the bundle whole (nothing of it lands, the victim's swap stays in the mempool).
 */
export function breakEvenBackrun(outcome: SandwichOutcome, bid: bigint): bigint {
  return outcome.frontrun.amountIn + outcome.gasCost + bid;
}

/** A bundle sent, remembered until its target block so a bandit can learn whether it won. */
interface SealedAttempt {
  targetBlock: number;
  arm: number | null;
  /** The frontrun's hash: in the target block if and only if the bundle landed. */
  front: string;
  /** Its own transactions (frontrun, backrun, payment), whose gas it pays. */
  own: string[];
  /** The swaps' expected gain, in WETH, and the payment, in wei. */
  grossWeth: bigint;
  bid: bigint;
}

/** Everything read for one victim: the pool, what the searcher has, the gas price. */
interface Situation {
  swap: RouterSwap;
  victim: string;
  pool: PoolHandle;
  tokenIn: TokenSymbol;
  tokenOut: TokenSymbol;
  params: SandwichParameters;
  balance: bigint;
  capitalSetting: bigint;
  frontTip: bigint;
  backTip: bigint;
  gasWei: bigint;
  baseFee: bigint;
  path: SandwichPath;
  /** The WETH pool its input token is priced in (none for WETH), and its reserves. */
  pricing: { pool: PoolHandle; reserves: PoolReserves } | undefined;
  id: string;
}

/** Throws a BiddingError naming the setting out of range. */
function validateSandwicher(settings: SandwicherSettings): void {
  const path = settings.path ?? "public";
  if (!SANDWICH_PATHS.includes(path))
    throw new BiddingError(`path must be one of ${SANDWICH_PATHS.join(", ")}, got ${String(path)}`);
  if (settings.bid) validateBidding({ path: "bundle", bid: settings.bid });
}

export function createSandwicher(settings: SandwicherSettings): Bot {
  validateSandwicher(settings);
  const bundled = settings.path === "bundle";
  const bidder = bundled
    ? new SealedBidder(settings.bid ?? DEFAULT_SANDWICH_BID, `${DEFAULT_SEED}:sandwicher:sealed-bid`)
    : undefined;
  const clock = new BlockClock();
  const seen = new Set<string>();
  let pending: SealedAttempt | undefined;
  const bot: Bot = {
    name: "sandwicher",
    actor: "searcher",
    async onBlock(block, ctx) {
      clock.remember(block.number, block.timestamp);
      if (pending && block.number >= pending.targetBlock) {
        settle(ctx, block, pending);
        pending = undefined;
      }
    },
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      const me = ctx.world.actors.searcher.address;
      for (const tx of txs) {
        if (seen.has(tx.hash) || tx.from === me) continue;
        const swap = routerSwap(index, tx);
        if (!swap) continue; // only router swaps qualify: never other searchers' contracts
        seen.add(tx.hash);
        await consider(swap, ctx, index);
      }
    },
  };

  async function consider(swap: RouterSwap, ctx: BotContext, index: WorldIndex): Promise<void> {
    const { world } = ctx;
    const victim = world.registry.label(swap.tx.from);
    const [tokenIn, tokenOut] = swap.path;
    const pool = tokenIn && tokenOut && index.pools.get(`${swap.dex.id}:${tokenIn}:${tokenOut}`);
    if (swap.path.length !== 2 || !pool) {
      skipUnsupported(swap, victim, ctx);
      return;
    }
    const situation = await read(swap, victim, pool, tokenIn, tokenOut, ctx, index);
    const decision = planSandwich(situation.params);
    if (decision.kind === "skip") {
      ctx.decide({
        type: "opportunity:skipped",
        id: situation.id,
        bot: bot.name,
        kind: "sandwich",
        block: ctx.blockNumber,
        inputs: inputsOf(situation),
        formulas: formulasOf(world, situation, decision, decision.best),
        reason: decision.reason,
        explanation: explainSkip(world, situation, decision),
      });
      return;
    }
    if (bidder) {
      await sendSealed(situation, decision, ctx);
      return;
    }
    const txs = await sendSandwich(situation, decision.outcome, ctx);
    ctx.decide({
      type: "opportunity:found",
      id: situation.id,
      bot: bot.name,
      kind: "sandwich",
      block: ctx.blockNumber,
      inputs: inputsOf(situation),
      formulas: formulasOf(world, situation, decision, decision.outcome),
      size: tokenAmount(world, tokenIn, decision.outcome.frontrun.amountIn),
      expectedProfit: tokenAmount(world, tokenIn, decision.outcome.grossProfit),
      gasCost: tokenAmount(world, tokenIn, decision.outcome.gasCost),
      txs,
      summary: summarize(world, situation, decision.outcome),
    });
  }

  /** Reads the pool, the searcher's balance and the gas price, with one call per pool. */
  async function read(
    swap: RouterSwap,
    victim: string,
    pool: PoolHandle,
    tokenIn: TokenSymbol,
    tokenOut: TokenSymbol,
    ctx: BotContext,
    index: WorldIndex,
  ): Promise<Situation> {
    const { world } = ctx;
    const me = world.actors.searcher.address;
    const pricing = pricingPool(index, pool, tokenIn);
    const [reserves, balance, pricingReserves] = await Promise.all([
      readReserves(world, pool),
      readBalance(world, tokenIn, me),
      pricing && pricing !== pool ? readReserves(world, pricing) : undefined,
    ]);
    const { reserveIn, reserveOut } = orient(pool, reserves, tokenIn);
    const atWethPrice = (amount: bigint) =>
      wethTo(tokenIn, amount, pricing, pricing === pool ? reserves : pricingReserves);
    // In a bundle the order is the bundle's: no tips, and the builder is paid by the transfer (its gas counts).
    const frontTip = bundled ? 0n : swap.tx.tip + FRONTRUN_TIP_ABOVE_VICTIM;
    const backTip =
      bundled || swap.tx.tip <= BACKRUN_TIP_BELOW_VICTIM ? 0n : swap.tx.tip - BACKRUN_TIP_BELOW_VICTIM;
    const gasWei =
      gasCostWei(FRONTRUN_GAS, ctx.nextBaseFee, frontTip) +
      gasCostWei(BACKRUN_GAS, ctx.nextBaseFee, backTip) +
      (bundled ? gasCostWei(PAYMENT_GAS, ctx.nextBaseFee, 0n) : 0n);
    const params: SandwichParameters = {
      victimAmountIn: swap.amountIn,
      amountOutMin: swap.amountOutMin,
      reserveIn,
      reserveOut,
      feeBps: pool.feeBps,
      attackerCapital: min(atWethPrice(settings.capital), balance),
      gasCost: atWethPrice(gasWei),
    };
    const id = decisionId([
      bot.name,
      swap.tx.hash,
      reserveIn,
      reserveOut,
      params.attackerCapital,
      ctx.nextBaseFee,
    ]);
    return {
      swap,
      victim,
      pool,
      tokenIn,
      tokenOut,
      params,
      balance,
      capitalSetting: settings.capital,
      frontTip,
      backTip,
      gasWei,
      baseFee: ctx.nextBaseFee,
      path: bundled ? "bundle" : "public",
      pricing: pricing && { pool: pricing, reserves: pricing === pool ? reserves : pricingReserves! },
      id,
    };
  }

  /** The frontrun (its exact output as its minimum) and the backrun (`backMin` as its minimum), ready to send. */
  async function legsOf(
    s: Situation,
    outcome: SandwichOutcome,
    backMin: bigint,
    ctx: BotContext,
  ): Promise<[TransactionRequest, TransactionRequest]> {
    const { world } = ctx;
    const me = world.actors.searcher.address;
    const router = await s.swap.dex.router.getAddress();
    const deadline = BigInt((await clock.timestampOf(world, ctx.blockNumber)) + DEADLINE_SECONDS);
    const [tokenIn, tokenOut] = [world.tokens[s.tokenIn].address, world.tokens[s.tokenOut].address];
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

  /** Sends the frontrun, then the backrun, each with the exact output it expects as its minimum. */
  async function sendSandwich(s: Situation, outcome: SandwichOutcome, ctx: BotContext): Promise<string[]> {
    const me = ctx.world.actors.searcher.address;
    const [front, back] = await legsOf(s, outcome, outcome.backrun.amountOut, ctx);
    return [await ctx.send(me, front), await ctx.send(me, back)];
  }

  /**
   * Bids a share of the profit after gas and sends one bundle: [frontrun, the victim's own signed
   * transaction, backrun, payment] (ctx.sendBundle signs its own three with consecutive nonces and
   * takes the victim's signed bytes from the node's pending pool).
   */
  async function sendSealed(s: Situation, decision: Planned, ctx: BotContext): Promise<void> {
    const { world } = ctx;
    const { outcome } = decision;
    const me = world.actors.searcher.address;
    const { bps, arm } = bidder!.choose();
    const bid = (outcome.netProfit * BigInt(bps)) / BPS;
    const inWeth = (amount: bigint) => toWeth(s.tokenIn, amount, s.pricing?.pool, s.pricing?.reserves);
    const bidWei = inWeth(bid);
    const backMin = breakEvenBackrun(outcome, bid);
    const [front, back] = await legsOf(s, outcome, backMin, ctx);
    const { bundle: bundleHash, txs } = await ctx.sendBundle(bot.name, me, [
      front,
      { pendingTx: s.swap.tx.hash },
      back,
      { to: COINBASE_ADDRESS, value: bidWei, gasLimit: PAYMENT_GAS },
    ]);
    pending = {
      targetBlock: ctx.blockNumber + 1,
      arm,
      front: txs[0]!,
      own: [txs[0]!, txs[2]!, txs[3]!],
      grossWeth: inWeth(outcome.grossProfit),
      bid: bidWei,
    };
    const sealed: SealedDetails = { bundle: bundleHash, bps, arm, bid, bidWei, backMin };
    ctx.decide({
      type: "opportunity:found",
      id: s.id,
      bot: bot.name,
      kind: "sandwich",
      block: ctx.blockNumber,
      inputs: {
        ...inputsOf(s),
        bundle: bundleHash,
        "bid share (bps)": String(bps),
        "bid (wei)": bidWei.toString(),
      },
      formulas: [...formulasOf(world, s, decision, outcome), bidFormula(s, outcome, sealed)],
      size: tokenAmount(world, s.tokenIn, outcome.frontrun.amountIn),
      expectedProfit: tokenAmount(world, s.tokenIn, outcome.grossProfit),
      gasCost: tokenAmount(world, s.tokenIn, outcome.gasCost),
      txs,
      summary: summarizeBundle(world, s, outcome, sealed),
    });
    ctx.publish({
      type: "auction:bid",
      auction: "sealed",
      bot: bot.name,
      opportunity: s.id,
      round: 1,
      tipPerGas: "0",
      bid: ethAmount(bidWei),
      value: ethAmount(inWeth(outcome.netProfit)),
      carrier: bundleHash,
    });
  }

  /** After its target block a bandit learns whether the bundle landed and what it kept; a dropped bundle cost nothing. */
  function settle(ctx: BotContext, block: MinedBlock, attempt: SealedAttempt): void {
    const won = block.number === attempt.targetBlock && block.receipts.some((r) => r.hash === attempt.front);
    const gasPaid = block.receipts
      .filter((r) => attempt.own.includes(r.hash))
      .reduce((sum, r) => sum + r.gasUsed * r.gasPrice, 0n);
    const profit = won ? attempt.grossWeth - gasPaid - attempt.bid : 0n;
    const update = bidder!.learn(bot.name, attempt.arm, won, profit);
    if (update) ctx.publish(update);
  }

  function skipUnsupported(swap: RouterSwap, victim: string, ctx: BotContext): void {
    const { world } = ctx;
    const path = swap.path.map((symbol) => symbol ?? "an unknown token").join(" → ");
    const multiHop = swap.path.length !== 2;
    ctx.decide({
      type: "opportunity:skipped",
      id: decisionId([bot.name, swap.tx.hash, path]),
      bot: bot.name,
      kind: "sandwich",
      block: ctx.blockNumber,
      inputs: {
        victim,
        victimTx: swap.tx.hash,
        router: world.registry.label(swap.tx.to!),
        path,
        victimAmountIn: swap.amountIn.toString(),
        amountOutMin: swap.amountOutMin.toString(),
      },
      formulas: [],
      reason: multiHop ? "multi-hop-path" : "unknown-pool",
      explanation: multiHop
        ? `${victim} swaps along ${path} (${swap.path.length - 1} pools); this searcher only sandwiches swaps through a single pool.`
        : `${victim} swaps ${path} on ${swap.dex.name}, which has no pool of the sandbox's tokens for that pair: nothing to sandwich.`,
    });
  }

  return bot;
}

/**
 * Where the searcher prices its input token in WETH (gas and its budget are in WETH): the victim's
 * own pool when it pairs the token with WETH, else a WETH pool of the same DEX. None for WETH itself.
 */
function pricingPool(index: WorldIndex, pool: PoolHandle, tokenIn: TokenSymbol): PoolHandle | undefined {
  if (tokenIn === GAS_TOKEN) return undefined;
  if (pool.token0 === GAS_TOKEN || pool.token1 === GAS_TOKEN) return pool;
  const candidates = index.wethPools.get(tokenIn) ?? [];
  return candidates.find((p) => p.dex === pool.dex) ?? candidates[0];
}

// ─── What the searcher tells learners ───────────────────────────────────────────────────────────

function inputsOf(s: Situation): Record<string, string> {
  const { params } = s;
  return {
    victim: s.victim,
    victimTx: s.swap.tx.hash,
    pool: s.pool.name,
    [`reserveIn (${s.tokenIn})`]: params.reserveIn.toString(),
    [`reserveOut (${s.tokenOut})`]: params.reserveOut.toString(),
    feeBps: params.feeBps.toString(),
    [`victimAmountIn (${s.tokenIn})`]: params.victimAmountIn.toString(),
    [`amountOutMin (${s.tokenOut})`]: params.amountOutMin.toString(),
    "victimTip (wei)": s.swap.tx.tip.toString(),
    [`capital setting (${GAS_TOKEN})`]: s.capitalSetting.toString(),
    [`searcher balance (${s.tokenIn})`]: s.balance.toString(),
    [`capital used (${s.tokenIn})`]: params.attackerCapital.toString(),
    "baseFee (wei)": s.baseFee.toString(),
    "gas cost (wei)": s.gasWei.toString(),
    [`gas cost (${s.tokenIn})`]: (params.gasCost ?? 0n).toString(),
    ...(s.path === "bundle" ? { path: "bundle" } : {}),
  };
}

function formulasOf(
  world: World,
  s: Situation,
  decision: SandwichDecision,
  outcome: SandwichOutcome | undefined,
): FormulaUse[] {
  const { params } = s;
  const pool = {
    Rin: params.reserveIn.toString(),
    Rout: params.reserveOut.toString(),
    fee: `${params.feeBps} bps`,
  };
  const fMax = decision.maxFrontrun;
  const formulas: FormulaUse[] = [
    {
      name: "largest frontrun (bisection)",
      expression:
        "largest f ≤ capital with victimOut(f) ≥ amountOutMin, where victimOut(f) = getAmountOut(v, Rin + f, Rout − getAmountOut(f, Rin, Rout)); " +
        "victimOut only falls as f grows, so bisection on f is exact to the wei",
      inputs: {
        v: params.victimAmountIn.toString(),
        amountOutMin: params.amountOutMin.toString(),
        ...pool,
        capital: params.attackerCapital.toString(),
      },
      result: `${fMax.amountIn} (${limitText(fMax.limitedBy)})`,
    },
  ];
  if (outcome) {
    const f = outcome.frontrun.amountIn;
    if (f !== fMax.amountIn) {
      formulas.push({
        name: "most profitable frontrun",
        expression:
          "f = the input in [1, fMax] with the largest backOut − f (ternary search; of the inputs that buy the same amount, the smallest)",
        inputs: { fMax: fMax.amountIn.toString() },
        result: f.toString(),
      });
    }
    formulas.push(
      {
        name: "frontrun",
        expression: "frontOut = getAmountOut(f, Rin, Rout)",
        inputs: { f: f.toString(), ...pool },
        result: outcome.frontrun.amountOut.toString(),
      },
      {
        name: "victim after the frontrun",
        expression: "victimOut = getAmountOut(v, Rin + f, Rout − frontOut)",
        inputs: {
          v: params.victimAmountIn.toString(),
          f: f.toString(),
          frontOut: outcome.frontrun.amountOut.toString(),
          ...pool,
        },
        result: `${outcome.victim.amountOut} (amountOutMin ${params.amountOutMin})`,
      },
      {
        name: "backrun",
        expression: "backOut = getAmountOut(frontOut, Rout − frontOut − victimOut, Rin + f + v)",
        inputs: {
          frontOut: outcome.frontrun.amountOut.toString(),
          victimOut: outcome.victim.amountOut.toString(),
          f: f.toString(),
          v: params.victimAmountIn.toString(),
          ...pool,
        },
        result: outcome.backrun.amountOut.toString(),
      },
      {
        name: "profit",
        expression: "profit = backOut − f; net = profit − gas",
        inputs: {
          backOut: outcome.backrun.amountOut.toString(),
          f: f.toString(),
          gas: outcome.gasCost.toString(),
        },
        result: `profit ${outcome.grossProfit}, net ${outcome.netProfit} (${s.tokenIn} base units)`,
      },
    );
  }
  formulas.push(gasFormula(world, s));
  return formulas;
}

function gasFormula(world: World, s: Situation): FormulaUse {
  const converted = s.tokenIn !== GAS_TOKEN;
  const bundled = s.path === "bundle";
  return {
    name: bundled ? "gas of the two swaps and the payment" : "gas of the two swaps",
    expression: `gas = frontGas·(baseFee + frontTip) + backGas·(baseFee + backTip)${bundled ? " + paymentGas·baseFee" : ""}${converted ? `, in ${s.tokenIn} at the WETH pool price` : ""}`,
    inputs: {
      frontGas: FRONTRUN_GAS.toString(),
      backGas: BACKRUN_GAS.toString(),
      ...(bundled ? { paymentGas: PAYMENT_GAS.toString() } : {}),
      baseFee: s.baseFee.toString(),
      frontTip: s.frontTip.toString(),
      backTip: s.backTip.toString(),
    },
    result: `${s.gasWei} wei${converted ? ` = ${show(world, s.tokenIn, s.params.gasCost ?? 0n)}` : ""}`,
  };
}

function bidFormula(s: Situation, outcome: SandwichOutcome, sealed: SealedDetails): FormulaUse {
  return {
    name: "sealed bid and the backrun's minimum",
    expression:
      "bid = net·share/10000 (net = profit − gas); backrun amountOutMin = f + gas + bid: below it the sandwich loses money after the payment, the backrun reverts and the builder drops the bundle",
    inputs: {
      net: outcome.netProfit.toString(),
      share: `${sealed.bps} bps${sealed.arm === null ? "" : ` (the bandit's arm ${sealed.arm + 1})`}`,
      f: outcome.frontrun.amountIn.toString(),
      gas: outcome.gasCost.toString(),
    },
    result: `bid ${sealed.bid} (${s.tokenIn} base units) = ${sealed.bidWei} wei; amountOutMin ${sealed.backMin} (expected ${outcome.backrun.amountOut})`,
  };
}

function limitText(limitedBy: "slippage" | "capital" | "victim-would-revert"): string {
  if (limitedBy === "slippage") return "one wei more and the victim's swap would revert";
  if (limitedBy === "capital") return "all the capital the searcher may use";
  return "the victim's swap reverts even without a frontrun";
}

function summarize(world: World, s: Situation, outcome: SandwichOutcome): string {
  const inn = (amount: bigint) => show(world, s.tokenIn, amount);
  const out = (amount: bigint) => show(world, s.tokenOut, amount);
  return (
    `${s.victim} sells ${inn(s.params.victimAmountIn)} for at least ${out(s.params.amountOutMin)} on ${s.pool.name}. ` +
    `The searcher buys first with ${inn(outcome.frontrun.amountIn)} (${out(outcome.frontrun.amountOut)}, tip ${formatGwei(s.frontTip)}), ` +
    `so ${s.victim} gets ${out(outcome.victim.amountOut)} instead of ${out(outcome.victim.amountOut + outcome.victimLoss)}, ` +
    `then sells the ${out(outcome.backrun.amountIn)} back for ${inn(outcome.backrun.amountOut)} (tip ${formatGwei(s.backTip)}): ` +
    `expected profit ${inn(outcome.grossProfit)}, minus ${inn(outcome.gasCost)} of gas = ${inn(outcome.netProfit)}.`
  );
}

function summarizeBundle(
  world: World,
  s: Situation,
  outcome: SandwichOutcome,
  sealed: SealedDetails,
): string {
  const inn = (amount: bigint) => show(world, s.tokenIn, amount);
  const out = (amount: bigint) => show(world, s.tokenOut, amount);
  return (
    `${s.victim} sells ${inn(s.params.victimAmountIn)} for at least ${out(s.params.amountOutMin)} on ${s.pool.name}. ` +
    `The searcher sends the builder one bundle, no tips: it buys with ${inn(outcome.frontrun.amountIn)} (${out(outcome.frontrun.amountOut)}), ` +
    `then ${s.victim}'s own signed transaction (${out(outcome.victim.amountOut)} instead of ${out(outcome.victim.amountOut + outcome.victimLoss)}), ` +
    `then it sells the ${out(outcome.backrun.amountIn)} back for ${inn(outcome.backrun.amountOut)}, then pays the builder ` +
    `${formatAmount(sealed.bidWei, 18, 6)} ETH: ${sealed.bps / 100}% of the ${inn(outcome.netProfit)} left after ${inn(outcome.gasCost)} of gas. ` +
    `Expected profit ${inn(outcome.grossProfit)}, ${inn(outcome.netProfit - sealed.bid)} after gas and the payment; ` +
    `its backrun asks for at least ${inn(sealed.backMin)}, so the bundle reverts, and is dropped whole, rather than land at a loss.`
  );
}

function explainSkip(
  world: World,
  s: Situation,
  decision: Extract<SandwichDecision, { kind: "skip" }>,
): string {
  const inn = (amount: bigint) => show(world, s.tokenIn, amount);
  const out = (amount: bigint) => show(world, s.tokenOut, amount);
  const { params } = s;
  const gas = params.gasCost ?? 0n;
  const room =
    decision.maxFrontrun.limitedBy === "capital"
      ? `the searcher's capital allows a frontrun of ${inn(decision.maxFrontrun.amountIn)}`
      : `${s.victim}'s amountOutMin of ${out(params.amountOutMin)} leaves room for a frontrun of only ${inn(decision.maxFrontrun.amountIn)}`;
  const earned = decision.best ? inn(decision.best.grossProfit) : inn(0n);
  switch (decision.reason) {
    case "victim-would-revert":
      return `${s.victim}'s swap would get ${out(decision.victimOutputAlone)} even without a frontrun, less than the ${out(params.amountOutMin)} it asks for: it fails on its own, so there is nothing to sandwich.`;
    case "capital-too-small":
      return params.attackerCapital <= 0n
        ? `the searcher has no capital for a frontrun: it may use at most ${show(world, GAS_TOKEN, s.capitalSetting)} (it holds ${inn(s.balance)}), so it cannot buy ahead of ${s.victim}.`
        : `${room}, which would earn ${earned}: nothing after the two ${formatBps(params.feeBps)} swap fees.`;
    case "victim-trade-too-small":
      return `${s.victim}'s ${inn(params.victimAmountIn)} moves ${s.pool.name}'s price by less than the two ${formatBps(params.feeBps)} swap fees a sandwich pays: no frontrun, however large, would profit.`;
    case "slippage-too-tight":
      return `${room}, which would earn ${earned}: nothing after the two ${formatBps(params.feeBps)} swap fees.`;
    case "unprofitable-after-gas":
      return `${room}, which would earn ${earned}, less than the ${inn(gas)} ${s.path === "bundle" ? "its three transactions (two swaps and the payment to the builder)" : "the two transactions"} cost in gas.`;
  }
}
