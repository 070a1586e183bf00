import { AmmRouter__factory } from "../../typechain-types";
import { BLOCK_TIME_SECONDS } from "../chain/chain";
import type { Bot, BotContext } from "../engine/bot";
import { decisionId } from "../engine/engine";
import type { FormulaUse } from "../events";
import { formatBps } from "../format";
import { BPS } from "../math/amm";
import { min } from "../math/bigint";
import { type JitDecision, type JitOutcome, type JitParameters, planJit } from "../math/jit";
import { COINBASE_ADDRESS } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import type { PoolHandle, World } from "../world/types";
import {
  BlockClock,
  GAS_TOKEN,
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
  wethTo,
  worldIndex,
} from "./shared";

/**
 * Gas of `addLiquidity` through the router, measured on DEX A WETH/USDC the first time the provider
 * holds LP tokens of the pool (157,441: the balance slot is written from zero), rounded up.
 */
export const ADD_LIQUIDITY_GAS = 165_000n;
/** Gas of `removeLiquidity` right after the swap (measured 135,547), rounded up. */
export const REMOVE_LIQUIDITY_GAS = 140_000n;
/** Gas limits: room above the estimates so nothing runs out. */
const LIQUIDITY_GAS_LIMIT = 250_000n;
/** The provider bids the builder this share of what the fee share leaves after gas. */
export const JIT_BID_BPS = 5_000n;

const routerInterface = AmmRouter__factory.createInterface();

export interface JitSettings {
  /** Most WETH the provider deposits (the other token follows at the pool's ratio). */
  capital: bigint;
}

/** Everything read for one swap. */
interface Situation {
  swap: RouterSwap;
  trader: string;
  pool: PoolHandle;
  tokenIn: TokenSymbol;
  tokenOut: TokenSymbol;
  reserves: PoolReserves;
  params: JitParameters;
  gasWei: bigint;
  gasCost: bigint;
  id: string;
}

export function createJitProvider(settings: JitSettings): Bot {
  const clock = new BlockClock();
  const seen = new Set<string>();
  const bot: Bot = {
    name: "jit",
    actor: "searcher",
    async onBlock(block) {
      clock.remember(block.number, block.timestamp);
    },
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      for (const tx of txs) {
        if (seen.has(tx.hash)) continue;
        const swap = routerSwap(index, tx);
        if (!swap) continue;
        seen.add(tx.hash);
        const [tokenIn, tokenOut] = swap.path;
        const pool = tokenIn && tokenOut && index.pools.get(`${swap.dex.id}:${tokenIn}:${tokenOut}`);
        // One pool, priced in WETH: gas and the bid are paid in ETH.
        if (swap.path.length !== 2 || !pool || (tokenIn !== GAS_TOKEN && tokenOut !== GAS_TOKEN)) continue;
        await consider(await read(swap, pool, tokenIn, tokenOut, ctx), ctx);
      }
    },
  };

  async function read(
    swap: RouterSwap,
    pool: PoolHandle,
    tokenIn: TokenSymbol,
    tokenOut: TokenSymbol,
    ctx: BotContext,
  ): Promise<Situation> {
    const { world } = ctx;
    const me = world.actors.searcher.address;
    const [reserves, totalSupply, balanceIn, balanceOut] = await Promise.all([
      readReserves(world, pool),
      pool.pair.totalSupply(),
      readBalance(world, tokenIn, me),
      readBalance(world, tokenOut, me),
    ]);
    const { reserveIn, reserveOut } = orient(pool, reserves, tokenIn);
    const cap = (symbol: TokenSymbol, balance: bigint) =>
      symbol === GAS_TOKEN ? min(settings.capital, balance) : balance;
    const params: JitParameters = {
      reserveIn,
      reserveOut,
      totalSupply,
      feeBps: pool.feeBps,
      victimAmountIn: swap.amountIn,
      depositInDesired: cap(tokenIn, balanceIn),
      depositOutDesired: cap(tokenOut, balanceOut),
    };
    // The bundle's own transactions pay no tip: the builder is paid by the transfer.
    const gasWei = gasCostWei(ADD_LIQUIDITY_GAS + REMOVE_LIQUIDITY_GAS + PAYMENT_GAS, ctx.nextBaseFee, 0n);
    const gasCost = wethTo(tokenIn, gasWei, pool, reserves);
    const id = decisionId([
      bot.name,
      swap.tx.hash,
      reserveIn,
      reserveOut,
      totalSupply,
      params.depositInDesired,
    ]);
    const trader = world.registry.label(swap.tx.from);
    return { swap, trader, pool, tokenIn, tokenOut, reserves, params, gasWei, gasCost, id };
  }

  async function consider(s: Situation, ctx: BotContext): Promise<void> {
    const { world } = ctx;
    const decision = planJit(s.params, s.gasCost, JIT_BID_BPS);
    if (decision.kind === "skip") {
      ctx.decide({
        type: "opportunity:skipped",
        id: s.id,
        bot: bot.name,
        kind: "jit",
        block: ctx.blockNumber,
        inputs: inputsOf(s),
        formulas: decision.outcome ? formulasOf(s, decision.outcome) : [],
        reason: decision.reason,
        explanation: explainSkip(world, s, decision),
      });
      return;
    }
    const bidWei = toWeth(s.tokenIn, decision.bid, s.pool, s.reserves);
    const sent = await sendJit(s, decision.outcome, bidWei, ctx);
    ctx.decide({
      type: "opportunity:found",
      id: s.id,
      bot: bot.name,
      kind: "jit",
      block: ctx.blockNumber,
      inputs: { ...inputsOf(s), bundle: sent.bundle, "bid (wei)": bidWei.toString() },
      formulas: formulasOf(s, decision.outcome),
      size: tokenAmount(world, s.tokenIn, decision.outcome.depositIn),
      expectedProfit: tokenAmount(world, s.tokenIn, decision.netProfit),
      gasCost: tokenAmount(world, s.tokenIn, s.gasCost),
      txs: sent.txs,
      summary: summarize(world, s, decision.outcome, decision.bid, decision.netProfit),
    });
  }

  /** Signs [add, remove, payment] with consecutive nonces and bundles them around the trader's own transaction. */
  async function sendJit(
    s: Situation,
    outcome: JitOutcome,
    bidWei: bigint,
    ctx: BotContext,
  ): Promise<{ bundle: string; txs: string[] }> {
    const { world } = ctx;
    const me = world.actors.searcher.address;
    const router = await s.swap.dex.router.getAddress();
    const deadline = BigInt((await clock.timestampOf(world, ctx.blockNumber)) + BLOCK_TIME_SECONDS);
    const [tokenIn, tokenOut] = [world.tokens[s.tokenIn].address, world.tokens[s.tokenOut].address];
    // Exact amounts as minimums: if anything ran before the bundle the amounts differ and it reverts (and is dropped).
    const add = routerInterface.encodeFunctionData("addLiquidity", [
      tokenIn,
      tokenOut,
      outcome.depositIn,
      outcome.depositOut,
      outcome.depositIn,
      outcome.depositOut,
      me,
      deadline,
    ]);
    const remove = routerInterface.encodeFunctionData("removeLiquidity", [
      tokenIn,
      tokenOut,
      outcome.liquidity,
      outcome.withdrawIn,
      outcome.withdrawOut,
      me,
      deadline,
    ]);
    return ctx.sendBundle(bot.name, me, [
      { to: router, data: add, gasLimit: LIQUIDITY_GAS_LIMIT },
      { pendingTx: s.swap.tx.hash },
      { to: router, data: remove, gasLimit: LIQUIDITY_GAS_LIMIT },
      { to: COINBASE_ADDRESS, value: bidWei, gasLimit: PAYMENT_GAS },
    ]);
  }

  return bot;
}

// ─── What the provider tells learners ───────────────────────────────────────────────────────────

function inputsOf(s: Situation): Record<string, string> {
  const { params } = s;
  return {
    trader: s.trader,
    traderTx: s.swap.tx.hash,
    pool: s.pool.name,
    [`reserveIn (${s.tokenIn})`]: params.reserveIn.toString(),
    [`reserveOut (${s.tokenOut})`]: params.reserveOut.toString(),
    "LP supply": params.totalSupply.toString(),
    feeBps: params.feeBps.toString(),
    [`traderAmountIn (${s.tokenIn})`]: params.victimAmountIn.toString(),
    [`deposit desired (${s.tokenIn})`]: params.depositInDesired.toString(),
    [`deposit desired (${s.tokenOut})`]: params.depositOutDesired.toString(),
    "gas cost (wei)": s.gasWei.toString(),
    [`gas cost (${s.tokenIn})`]: s.gasCost.toString(),
  };
}

function formulasOf(s: Situation, o: JitOutcome): FormulaUse[] {
  const { params } = s;
  return [
    {
      name: "deposit and liquidity (router addLiquidity, pair mint)",
      expression: "depositOut = quote(depositIn, Rin, Rout); L = min(depositIn·S/Rin, depositOut·S/Rout)",
      inputs: {
        Rin: params.reserveIn.toString(),
        Rout: params.reserveOut.toString(),
        S: params.totalSupply.toString(),
      },
      result: `depositIn ${o.depositIn}, depositOut ${o.depositOut}, L ${o.liquidity}`,
    },
    {
      name: "fee share",
      expression: "feeShare = amountIn·fee·L / (10000·(S + L))",
      inputs: {
        amountIn: params.victimAmountIn.toString(),
        fee: `${params.feeBps} bps`,
        L: o.liquidity.toString(),
        "S + L": o.supply.toString(),
      },
      result: `${o.feeShare} (${s.tokenIn} base units)`,
    },
    {
      name: "withdrawal (pair burn after the swap)",
      expression:
        "traderOut = getAmountOut(amountIn, Rin + depositIn, Rout + depositOut); withdraw = L·reserve/(S + L) per token",
      inputs: { traderOut: o.victimOut.toString(), traderOutWithoutJit: o.victimOutAlone.toString() },
      result: `withdrawIn ${o.withdrawIn}, withdrawOut ${o.withdrawOut}; Δin ${o.deltaIn}, Δout ${o.deltaOut}`,
    },
    {
      name: "price-move exposure",
      expression:
        "value = Δin + Δout·Rin/Rout, at the pool's price before the swap and at its price after it",
      inputs: { Δin: o.deltaIn.toString(), Δout: o.deltaOut.toString() },
      result: `before ${o.valueBefore}, after ${o.valueAfter} (${s.tokenIn} base units)`,
    },
  ];
}

function shareText(o: JitOutcome): string {
  return formatBps((o.liquidity * BPS) / o.supply);
}

function summarize(world: World, s: Situation, o: JitOutcome, bid: bigint, net: bigint): string {
  const inn = (amount: bigint) => show(world, s.tokenIn, amount);
  const out = (amount: bigint) => show(world, s.tokenOut, amount);
  return (
    `${s.trader} sells ${inn(s.params.victimAmountIn)} on ${s.pool.name}. The provider adds ${inn(o.depositIn)} and ` +
    `${out(o.depositOut)} just before (${shareText(o)} of the pool while the swap runs) and removes it just after, ` +
    `in one bundle with ${s.trader}'s own transaction: its fee share is ${inn(o.feeShare)}, against ${inn(s.gasCost)} of gas. ` +
    `It ends with ${inn(o.deltaIn)} more and ${out(-o.deltaOut)} less: worth ${inn(o.valueBefore)} at the price before the swap, ` +
    `${inn(o.valueAfter)} if the price stayed where the swap leaves it (its exposure). It pays the builder ${inn(bid)}: ` +
    `expected ${inn(net)} after gas and payment. ${s.trader} gets ${out(o.victimOut)} instead of ${out(o.victimOutAlone)} (a deeper pool).`
  );
}

function explainSkip(world: World, s: Situation, d: Extract<JitDecision, { kind: "skip" }>): string {
  const inn = (amount: bigint) => show(world, s.tokenIn, amount);
  const o = d.outcome;
  if (d.reason === "no-liquidity-minted" || !o)
    return `the provider has too little ${s.tokenIn} and ${s.tokenOut} (it may deposit ${inn(s.params.depositInDesired)} and ${show(world, s.tokenOut, s.params.depositOutDesired)}) to mint any LP token of ${s.pool.name}.`;
  switch (d.reason) {
    case "fee-share-below-gas":
      return `${s.trader}'s ${inn(s.params.victimAmountIn)} pays ${formatBps(s.params.feeBps)} in fees; the provider's ${shareText(o)} of it is ${inn(o.feeShare)}, not more than the ${inn(s.gasCost)} its three transactions cost in gas.`;
    case "unprofitable-after-price-move":
      return `the fee share ${inn(o.feeShare)} covers the gas, but the tokens it would end with are worth only ${inn(o.valueBefore)} at the pool's price: nothing left after gas and the builder's payment.`;
  }
}
