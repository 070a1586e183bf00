/**
 * The arbitrage searcher. After every block it reads every pool's reserves, looks for cycles of
 * tokens whose prices multiply to more than one after fees (Bellman-Ford over −log rates,
 * server/math/graph.ts), sizes each (server/math/arbitrage.ts), subtracts the gas, simulates the
 * best with `eth_call`, and sends it to its executor contract, which trades the whole cycle in one
 * transaction or reverts.
 */
import type { TransactionReceipt } from "ethers";
import type { ArbitrageExecutor } from "../../typechain-types";
import { ArbitrageExecutor__factory } from "../../typechain-types";
import type { Bot, BotContext, MinedBlock, PendingTx } from "../engine/bot";
import { decisionId } from "../engine/engine";
import { DEFAULT_SEED } from "../engine/run";
import type { FormulaUse } from "../events";
import { formatAmount, formatGwei, priceInQuoteUnits } from "../format";
import { BPS } from "../math/amm";
import { twoPoolClosedForm, virtualPool } from "../math/arbitrage";
import { bidOf } from "../math/bandit";
import { type ArbitrageOpportunity, cycleKey, hopWeight, type Pool, rankArbitrages } from "../math/graph";
import { COINBASE_ADDRESS } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import type { PoolHandle, World } from "../world/types";
import {
  type Bidding,
  DEFAULT_BIDDING,
  nextPublicTip,
  replacementFees,
  SealedBidder,
  validateBidding,
} from "./bidding";
import {
  ethAmount,
  feeFields,
  GAS_TOKEN,
  GWEI,
  gasCostWei,
  orient,
  PAYMENT_GAS,
  type PoolReserves,
  readBalance,
  readReserves,
  show,
  tokenAmount,
  toWeth,
  type WorldIndex,
  wethTo,
  worldIndex,
} from "./shared";

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
const GAS_LIMIT_MARGIN = 50_000n;
/** The arbitrageur's priority fee: no victim to outbid, just a fair place in the block. */
export const ARBITRAGE_TIP = 2n * GWEI;

const executorInterface = ArbitrageExecutor__factory.createInterface();

/** The two arbitrage searchers, each with its own account and executor contract. */
export type ArbitrageSearcher = "arbitrageur" | "rival";

const EXECUTOR_OF = {
  arbitrageur: "arbitrageExecutor",
  rival: "rivalExecutor",
} as const satisfies Record<ArbitrageSearcher, keyof World>;

export interface ArbitrageurSettings {
  /** Longest cycle searched, in pools (≥ 2). */
  maxHops: number;
  /** Whose account and executor it trades with, and the name it publishes under (default "arbitrageur"). */
  actor?: ArbitrageSearcher;
  /** How it bids against rivals: public tips or sealed bundles (default: public, no answer to rivals). */
  bidding?: Bidding;
}

/** Gas units of an `execute` through `hops` pools. */
export function executeGas(hops: number): bigint {
  return EXECUTE_BASE_GAS + EXECUTE_GAS_PER_HOP * BigInt(hops);
}

/** Who the bot is on chain. */
interface Seat {
  address: string;
  executor: ArbitrageExecutor;
}

/** What the bot read after a block. */
interface Market {
  reserves: Map<string, PoolReserves>;
  pools: Pool[];
  /** The executor's balance of each token. */
  capital: Map<TokenSymbol, bigint>;
}

/** A sized cycle with its gas cost in the start token and its net value in WETH, for ranking. */
interface Candidate {
  opportunity: ArbitrageOpportunity;
  startToken: TokenSymbol;
  gasUnits: bigint;
  /** The tip its transaction starts with (0 in a bundle: the builder is paid by transfer). */
  tip: bigint;
  gasWei: bigint;
  gasCost: bigint;
  netProfit: bigint;
  netInWeth: bigint;
  /** The gross profit in WETH, at the deepest WETH pool's price. */
  profitInWeth: bigint;
  /** Where the start token is priced in WETH (none for WETH itself). */
  pricing?: { pool: PoolHandle; reserves: PoolReserves };
  key: string;
}

/** Its public transaction while it bids in a gas auction. */
interface PublicAuction {
  opportunity: string;
  market: Market;
  best: Candidate;
  nonce: number;
  tip: bigint;
  maxFee: bigint;
  /** Value before paying the builder: gross profit minus gas at the base fee, in wei. */
  value: bigint;
  maxTip: bigint;
  round: number;
  /** Pools of its cycle (lower case): a rival trading any of them competes for the same prices. */
  pools: Set<string>;
  stopped: boolean;
}

/** Its bundle while it waits for the block it targets. */
interface SealedAttempt {
  opportunity: string;
  targetBlock: number;
  arm: number | null;
  bid: bigint;
  value: bigint;
  /** The trade's gross profit in WETH (the executor's gain, exact when the bundle runs as simulated). */
  profitInWeth: bigint;
  /** The bundle's transactions: the trade, then the payment. */
  txs: string[];
}

export function createArbitrageur(settings: ArbitrageurSettings): Bot {
  const name = settings.actor ?? "arbitrageur";
  const bidding = settings.bidding ?? DEFAULT_BIDDING;
  validateBidding(bidding);
  const startTip = bidding.path === "bundle" ? 0n : ARBITRAGE_TIP;
  const bidder =
    bidding.path === "bundle"
      ? new SealedBidder(bidding.bid, `${DEFAULT_SEED}:${name}:sealed-bid`)
      : undefined;
  /** Its own transaction not yet mined: it waits for it, since it changes the reserves it reads. */
  let pending: { hash: string; id: string; sealed?: SealedAttempt } | undefined;
  let auction: PublicAuction | undefined;
  /** Decisions whose transaction reverted, with the block: not retried while nothing has changed. */
  const reverted = new Map<string, number>();
  /** The last skip it published: an unchanged situation is not announced again every block. */
  let lastSkipId: string | undefined;

  const seatOf = (world: World): Seat => ({
    address: world.actors[name].address,
    executor: world[EXECUTOR_OF[name]],
  });

  const bot: Bot = {
    name,
    actor: name,
    async onBlock(block, ctx) {
      if (pending) {
        const receipt = await receiptOf(pending.hash, block, ctx);
        const { sealed } = pending;
        // A bundle not in its target block was dropped; a public transaction may still be mined later.
        if (!receipt && (!sealed || block.number < sealed.targetBlock)) return;
        if (receipt && receipt.status !== 1) reverted.set(pending.id, receipt.blockNumber);
        if (sealed) await settleSealed(ctx, block, sealed, receipt?.status === 1);
        pending = undefined;
        auction = undefined;
      }
      const seat = seatOf(ctx.world);
      const index = await worldIndex(ctx.world);
      const market = await readMarket(ctx.world, seat);
      const candidates = rank(ctx, index, market);
      const best = candidates[0];
      if (!best) return; // no cycle pays anything, not even before gas: nothing to say
      if (best.netProfit <= 0n) {
        skip(ctx, market, best, "unprofitable-after-gas", explainUnprofitable(ctx.world, market, best));
        return;
      }
      const id = idOf(market, best, ctx);
      const revertedIn = reverted.get(id);
      if (revertedIn !== undefined) {
        skip(ctx, market, best, "reverted-before", explainReverted(ctx.world, best, revertedIn));
        return;
      }
      if (bidding.path === "bundle") await sendSealed(ctx, seat, market, best, id);
      else await sendPublic(ctx, seat, market, best, id);
    },
    async onPending(txs, ctx) {
      if (!auction || auction.stopped || bidding.path !== "public") return;
      const rivalTip = highestCompetingTip(txs, auction.pools);
      if (rivalTip === undefined || rivalTip < auction.tip) return;
      const next = nextPublicTip(auction.tip, rivalTip, bidding.bumpBps, auction.maxTip);
      if (next.kind === "stop") {
        auction.stopped = true;
        stopBidding(ctx, auction, rivalTip, next.needed);
        return;
      }
      await raiseTip(ctx, seatOf(ctx.world), auction, next.tip);
    },
  };

  async function sendPublic(ctx: BotContext, seat: Seat, market: Market, best: Candidate, id: string) {
    const data = encodeExecute(ctx.world, best, best.gasCost);
    if (!(await simulated(ctx, seat, market, best, data))) return;
    const fees = feeFields(ctx.nextBaseFee, best.tip);
    const hash = await ctx.send(seat.address, {
      to: await seat.executor.getAddress(),
      data,
      gasLimit: best.gasUnits + GAS_LIMIT_MARGIN,
      ...fees,
    });
    pending = { hash, id };
    lastSkipId = undefined;
    publishFound(ctx, market, best, id, [hash], summarize(ctx.world, best, name));
    if (bidding.path !== "public" || bidding.bumpBps === 0) return;
    const value = best.profitInWeth - best.gasUnits * ctx.nextBaseFee;
    const sent = await ctx.chain.provider.getTransaction(hash);
    auction = {
      opportunity: opportunityId(best, ctx),
      market,
      best,
      nonce: sent!.nonce,
      tip: best.tip,
      maxFee: fees.maxFeePerGas,
      value,
      maxTip: (value * BigInt(bidding.maxShareBps)) / BPS / best.gasUnits,
      round: 1,
      pools: new Set(best.opportunity.cycle.map((hop) => hop.pool.id.toLowerCase())),
      stopped: false,
    };
    publishPublicBid(ctx, auction, hash);
  }

  /** Replaces its pending transaction (same nonce) with one tipping `tip`; minProfit covers the new gas. */
  async function raiseTip(ctx: BotContext, seat: Seat, state: PublicAuction, tip: bigint) {
    const { best } = state;
    const gasCost = wethTo(
      best.startToken,
      best.gasUnits * (ctx.nextBaseFee + tip),
      best.pricing?.pool,
      best.pricing?.reserves,
    );
    const fees = replacementFees(ctx.nextBaseFee, tip, state.maxFee);
    const hash = await ctx.send(seat.address, {
      to: await seat.executor.getAddress(),
      data: encodeExecute(ctx.world, best, gasCost),
      gasLimit: best.gasUnits + GAS_LIMIT_MARGIN,
      nonce: state.nonce,
      ...fees,
    });
    state.tip = tip;
    state.maxFee = fees.maxFeePerGas;
    state.round += 1;
    if (pending) pending.hash = hash;
    publishPublicBid(ctx, state, hash);
  }

  function publishPublicBid(ctx: BotContext, state: PublicAuction, carrier: string) {
    ctx.publish({
      type: "auction:bid",
      auction: "public",
      bot: name,
      opportunity: state.opportunity,
      round: state.round,
      tipPerGas: state.tip.toString(),
      bid: ethAmount(state.tip * state.best.gasUnits),
      value: ethAmount(state.value),
      carrier,
    });
  }

  function stopBidding(ctx: BotContext, state: PublicAuction, rivalTip: bigint, needed: bigint) {
    const { best } = state;
    const share = bidding.path === "public" ? bidding.maxShareBps : 0;
    ctx.decide({
      type: "opportunity:skipped",
      id: decisionId([name, state.opportunity, "outbid", rivalTip]),
      bot: name,
      kind: "arbitrage",
      block: ctx.blockNumber,
      inputs: {
        ...inputsOf(ctx.world, state.market, best),
        "rival tip (wei per gas)": rivalTip.toString(),
        "own tip (wei per gas)": state.tip.toString(),
        "value before tips (wei)": state.value.toString(),
        "most it pays (bps of value)": share.toString(),
      },
      formulas: [],
      reason: "outbid",
      explanation:
        `a rival tips ${formatGwei(rivalTip)} for the same pools; beating it needs at least ${formatGwei(needed)} ` +
        `(${formatEth(needed * best.gasUnits)} for ${formatAmount(best.gasUnits, 0)} gas), above its limit of ${formatGwei(state.maxTip)} ` +
        `(${share / 100}% of the ${formatEth(state.value)} the trade is worth after base-fee gas). It stops bidding; its transaction at ${formatGwei(state.tip)} stays in the mempool.`,
    });
  }

  async function sendSealed(ctx: BotContext, seat: Seat, market: Market, best: Candidate, id: string) {
    const value = best.profitInWeth - (best.gasUnits + PAYMENT_GAS) * ctx.nextBaseFee;
    const { bps, arm } = bidder!.choose();
    const bid = bidOf(value > 0n ? value : 0n, bps);
    if (bid <= 0n) {
      skip(
        ctx,
        market,
        best,
        "no-room-to-bid",
        `the trade is worth ${formatEth(value)} after base-fee gas: ${bps / 100}% of it pays the builder nothing.`,
      );
      return;
    }
    // minProfit covers its gas and the payment: the trade never lands at a loss.
    const paymentInStart = wethTo(
      best.startToken,
      bid + PAYMENT_GAS * ctx.nextBaseFee,
      best.pricing?.pool,
      best.pricing?.reserves,
    );
    const data = encodeExecute(ctx.world, best, best.gasCost + paymentInStart);
    if (!(await simulated(ctx, seat, market, best, data))) return;
    const { bundle, txs } = await ctx.sendBundle(name, seat.address, [
      { to: await seat.executor.getAddress(), data, gasLimit: best.gasUnits + GAS_LIMIT_MARGIN },
      { to: COINBASE_ADDRESS, value: bid, gasLimit: PAYMENT_GAS },
    ]);
    const opportunity = opportunityId(best, ctx);
    pending = {
      hash: txs[0]!,
      id,
      sealed: {
        opportunity,
        targetBlock: ctx.blockNumber + 1,
        arm,
        bid,
        value,
        profitInWeth: best.profitInWeth,
        txs,
      },
    };
    lastSkipId = undefined;
    const how = arm === null ? "" : ` (the bandit's arm ${arm + 1})`;
    publishFound(
      ctx,
      market,
      best,
      id,
      txs,
      `${summarize(ctx.world, best, name, "the gas cost plus the payment")} It sends the trade in a bundle with a payment of ${formatEth(bid)} to the builder: ${bps / 100}%${how} of the ${formatEth(value)} the trade is worth after base-fee gas.`,
    );
    ctx.publish({
      type: "auction:bid",
      auction: "sealed",
      bot: name,
      opportunity,
      round: 1,
      tipPerGas: "0",
      bid: ethAmount(bid),
      value: ethAmount(value),
      carrier: bundle,
    });
  }

  /**
   * After its target block: the bandit learns whether the bundle won and what it kept: the trade's
   * profit minus the gas its receipts show and the payment. A dropped bundle cost nothing.
   */
  async function settleSealed(ctx: BotContext, block: MinedBlock, sealed: SealedAttempt, won: boolean) {
    let gasPaid = 0n;
    if (won) {
      for (const hash of sealed.txs) {
        const receipt = await receiptOf(hash, block, ctx);
        gasPaid += receipt ? receipt.gasUsed * receipt.gasPrice : 0n;
      }
    }
    const profit = won ? sealed.profitInWeth - gasPaid - sealed.bid : 0n;
    const update = bidder!.learn(name, sealed.arm, won, profit);
    if (update) ctx.publish(update);
  }

  /** Simulates the exact call; says why and returns false when it disagrees with the math. */
  async function simulated(ctx: BotContext, seat: Seat, market: Market, best: Candidate, data: string) {
    const simulation = await simulate(ctx, seat, data);
    if (simulation.profit === best.opportunity.profit) return true;
    skip(ctx, market, best, simulation.reason, explainSimulation(ctx.world, best, simulation));
    return false;
  }

  function publishFound(
    ctx: BotContext,
    market: Market,
    best: Candidate,
    id: string,
    txs: string[],
    summary: string,
  ) {
    ctx.decide({
      type: "opportunity:found",
      id,
      bot: bot.name,
      kind: "arbitrage",
      block: ctx.blockNumber,
      inputs: inputsOf(ctx.world, market, best),
      formulas: formulasOf(ctx, best),
      size: tokenAmount(ctx.world, best.startToken, best.opportunity.amountIn),
      expectedProfit: tokenAmount(ctx.world, best.startToken, best.opportunity.profit),
      gasCost: tokenAmount(ctx.world, best.startToken, best.gasCost),
      txs,
      summary,
    });
  }

  /** Every profitable cycle up to maxHops from the tokens the executor holds, best net profit (in WETH) first. */
  function rank(ctx: BotContext, index: WorldIndex, market: Market): Candidate[] {
    const startTokens = [...market.capital].filter(([, balance]) => balance > 0n).map(([symbol]) => symbol);
    const ranked = rankArbitrages(market.pools, {
      maxHops: settings.maxHops,
      startTokens,
      maxAmountIn: (token) => market.capital.get(token as TokenSymbol),
    });
    const candidates = ranked.map((opportunity): Candidate => {
      const startToken = opportunity.startToken as TokenSymbol;
      const gasUnits = executeGas(opportunity.hops.length);
      const gasWei = gasCostWei(gasUnits, ctx.nextBaseFee, startTip);
      const pool = deepestWethPool(index, market, startToken);
      const reserves = pool && market.reserves.get(pool.address);
      const gasCost = wethTo(startToken, gasWei, pool, reserves);
      const netProfit = opportunity.profit - gasCost;
      return {
        opportunity,
        startToken,
        gasUnits,
        tip: startTip,
        gasWei,
        gasCost,
        netProfit,
        netInWeth: toWeth(startToken, netProfit, pool, reserves),
        profitInWeth: toWeth(startToken, opportunity.profit, pool, reserves),
        pricing: pool && reserves ? { pool, reserves } : undefined,
        key: `${cycleKey(opportunity.cycle)} @ ${opportunity.amountIn}`,
      };
    });
    // Profits of different start tokens are compared in WETH; ties keep rankArbitrages' order.
    return candidates.sort((a, b) => (a.netInWeth > b.netInWeth ? -1 : a.netInWeth < b.netInWeth ? 1 : 0));
  }

  function skip(ctx: BotContext, market: Market, best: Candidate, reason: string, explanation: string): void {
    const id = idOf(market, best, ctx);
    if (id === lastSkipId) return;
    lastSkipId = id;
    ctx.decide({
      type: "opportunity:skipped",
      id,
      bot: bot.name,
      kind: "arbitrage",
      block: ctx.blockNumber,
      inputs: inputsOf(ctx.world, market, best),
      formulas: formulasOf(ctx, best),
      reason,
      explanation,
    });
  }

  function idOf(market: Market, best: Candidate, ctx: BotContext): string {
    const reserves = best.opportunity.hops.flatMap((hop) => [hop.reserveIn, hop.reserveOut]);
    const capital = market.capital.get(best.startToken) ?? 0n;
    return decisionId([bot.name, best.key, ...reserves, capital, ctx.nextBaseFee]);
  }

  return bot;
}

/** The opportunity every searcher sees alike: a cycle (whatever its start) after a block. */
function opportunityId(best: Candidate, ctx: BotContext): string {
  return decisionId(["arbitrage", cycleKey(best.opportunity.cycle), ctx.blockNumber]);
}

/** The highest tip among pending executor trades through any of `pools`, or undefined. */
function highestCompetingTip(txs: readonly PendingTx[], pools: ReadonlySet<string>): bigint | undefined {
  let highest: bigint | undefined;
  for (const tx of txs) {
    const parsed = parseExecute(tx.data);
    if (!parsed?.some((pair) => pools.has(pair))) continue;
    if (highest === undefined || tx.tip > highest) highest = tx.tip;
  }
  return highest;
}

/** The pools (lower case) an `execute` call trades through, or null when the calldata is something else. */
function parseExecute(data: string): string[] | null {
  try {
    const parsed = executorInterface.parseTransaction({ data });
    if (parsed?.name !== "execute") return null;
    return (parsed.args[2] as { pair: string }[]).map((hop) => hop.pair.toLowerCase());
  } catch {
    return null;
  }
}

function formatEth(wei: bigint): string {
  return `${formatAmount(wei, 18, 6)} ETH`;
}

/** The receipt of its transaction, from the block just mined or the chain; null while it is pending. */
async function receiptOf(
  hash: string,
  block: MinedBlock,
  ctx: BotContext,
): Promise<TransactionReceipt | null> {
  return (
    block.receipts.find((receipt) => receipt.hash === hash) ??
    (await ctx.chain.provider.getTransactionReceipt(hash))
  );
}

/** Reads every pool's reserves (one call each) and the executor's balances, all at the latest block. */
async function readMarket(world: World, seat: Seat): Promise<Market> {
  const executor = await seat.executor.getAddress();
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const [reserves, balances] = await Promise.all([
    Promise.all(world.pools.map((pool) => readReserves(world, pool))),
    Promise.all(symbols.map((symbol) => readBalance(world, symbol, executor))),
  ]);
  return {
    reserves: new Map(world.pools.map((pool, i) => [pool.address, reserves[i]!])),
    pools: world.pools.map((pool, i) => ({
      id: pool.address,
      token0: pool.token0,
      token1: pool.token1,
      reserve0: reserves[i]!.reserve0,
      reserve1: reserves[i]!.reserve1,
      feeBps: pool.feeBps,
    })),
    capital: new Map(symbols.map((symbol, i) => [symbol, balances[i]!])),
  };
}

/** The WETH pool of `symbol` holding the most WETH: the price least moved by any one trade. */
function deepestWethPool(index: WorldIndex, market: Market, symbol: TokenSymbol): PoolHandle | undefined {
  if (symbol === GAS_TOKEN) return undefined;
  let best: { pool: PoolHandle; weth: bigint } | undefined;
  for (const pool of index.wethPools.get(symbol) ?? []) {
    const weth = orient(pool, market.reserves.get(pool.address)!, GAS_TOKEN).reserveIn;
    if (!best || weth > best.weth) best = { pool, weth };
  }
  return best?.pool;
}

function encodeExecute(world: World, best: Candidate, minProfit: bigint): string {
  const { opportunity } = best;
  const hops = opportunity.cycle.map((hop) => ({
    pair: hop.pool.id,
    tokenOut: world.tokens[hop.tokenOut as TokenSymbol].address,
  }));
  // minProfit = at least the gas cost in the start token: the trade lands only if it pays for its own gas.
  // The executor computes each hop from the reserves it finds, so if another trade moved the prices
  // first, the cycle would still go through at a worse profit; this floor makes it revert instead
  // of landing a trade that loses money after gas (a revert in a public block still burns its gas,
  // but keeps the capital where it was; sent as a private bundle it would cost nothing at all).
  return executorInterface.encodeFunctionData("execute", [
    world.tokens[best.startToken].address,
    opportunity.amountIn,
    hops,
    minProfit,
  ]);
}

interface Simulation {
  /** The executor's returned profit, or undefined when the call reverted. */
  profit: bigint | undefined;
  reason: string;
  error?: string;
}

/** `eth_call` of the exact transaction from the arbitrageur, on the latest state. */
async function simulate(ctx: BotContext, seat: Seat, data: string): Promise<Simulation> {
  try {
    const result = await ctx.chain.provider.call({
      from: seat.address,
      to: await seat.executor.getAddress(),
      data,
    });
    const [profit] = executorInterface.decodeFunctionResult("execute", result);
    return { profit: profit as bigint, reason: "simulation-disagrees" };
  } catch (error) {
    return { profit: undefined, reason: "simulation-reverted", error: revertText(error) };
  }
}

function revertText(error: unknown): string {
  const data = (error as { data?: string }).data;
  const parsed = data ? executorInterface.parseError(data) : null;
  if (parsed) return `${parsed.name}(${parsed.args.map(String).join(", ")})`;
  return error instanceof Error ? error.message : String(error);
}

// ─── What the arbitrageur tells learners ────────────────────────────────────────────────────────

function poolName(world: World, id: string): string {
  return world.registry.label(id);
}

/** "USDC → WETH on DEX A WETH/USDC → USDC on DEX B WETH/USDC" */
function route(world: World, best: Candidate): string {
  const { cycle } = best.opportunity;
  return [
    cycle[0]!.tokenIn,
    ...cycle.map((hop) => `${hop.tokenOut} on ${poolName(world, hop.pool.id)}`),
  ].join(" → ");
}

/**
 * The two prices that differ, of the last intermediate token in the start token (or the other way
 * round when that reads better, "1 WETH = 1,653 USDC" rather than "1 USDC = 0.0006 WETH"): along the
 * first hops, and on the last pool (marginal prices, before fees and price impact).
 */
function priceGap(world: World, best: Candidate) {
  const { cycle, hops } = best.opportunity;
  const start = best.startToken;
  const last = cycle[cycle.length - 1]!;
  const middle = last.tokenIn as TokenSymbol;
  const along = hops.slice(0, -1);
  const lastHop = hops[hops.length - 1]!;
  const product = (values: bigint[]) => values.reduce((p, v) => p * v, 1n);
  // Amounts of start and middle token that trade at the same marginal price, along and at the end.
  const alongPair = {
    start: product(along.map((h) => h.reserveIn)),
    middle: product(along.map((h) => h.reserveOut)),
  };
  const lastPair = { start: lastHop.reserveOut, middle: lastHop.reserveIn };
  const [startDecimals, middleDecimals] = [world.tokens[start].decimals, world.tokens[middle].decimals];
  const middleInStart = (pair: typeof alongPair) =>
    priceInQuoteUnits(pair.middle, middleDecimals, pair.start);
  const middleIsDearer = middleInStart(lastPair) >= 10n ** BigInt(startDecimals);
  const text = (pair: typeof alongPair) =>
    middleIsDearer
      ? `1 ${middle} = ${formatAmount(middleInStart(pair), startDecimals, 6)} ${start}`
      : `1 ${start} = ${formatAmount(priceInQuoteUnits(pair.start, startDecimals, pair.middle), middleDecimals, 6)} ${middle}`;
  const via = cycle
    .slice(0, -1)
    .map((hop) => poolName(world, hop.pool.id))
    .join(" then ");
  return {
    along: `${text(alongPair)} via ${via}`,
    back: `${text(lastPair)} on ${poolName(world, last.pool.id)}`,
  };
}

function inputsOf(world: World, market: Market, best: Candidate): Record<string, string> {
  const inputs: Record<string, string> = {};
  best.opportunity.cycle.forEach((hop, i) => {
    const reserves = best.opportunity.hops[i]!;
    inputs[`hop ${i + 1}`] = `${hop.tokenIn} → ${hop.tokenOut} on ${poolName(world, hop.pool.id)}`;
    inputs[`hop ${i + 1} reserveIn (${hop.tokenIn})`] = reserves.reserveIn.toString();
    inputs[`hop ${i + 1} reserveOut (${hop.tokenOut})`] = reserves.reserveOut.toString();
    inputs[`hop ${i + 1} fee (bps)`] = reserves.feeBps.toString();
  });
  const gap = priceGap(world, best);
  inputs["price along the cycle"] = gap.along;
  inputs["price to close it"] = gap.back;
  inputs[`executor balance (${best.startToken})`] = (market.capital.get(best.startToken) ?? 0n).toString();
  return inputs;
}

function formulasOf(ctx: BotContext, best: Candidate): FormulaUse[] {
  const { world } = ctx;
  const { opportunity } = best;
  const { hops } = opportunity;
  const weights = hops.map((h) => hopWeight(h.reserveIn, h.reserveOut, h.feeBps));
  const formulas: FormulaUse[] = [
    {
      name: "negative cycle (Bellman-Ford)",
      expression:
        "each hop weighs w = −ln(reserveOut/reserveIn · (1 − fee)); a cycle with Σw < 0 multiplies what it carries by e^(−Σw) = ∏ rate·(1 − fee) > 1",
      inputs: Object.fromEntries(weights.map((w, i) => [`w${i + 1}`, w.toFixed(6)])),
      result: `Σw = ${weights.reduce((a, b) => a + b, 0).toFixed(6)} (${hops.length} hops)`,
    },
    sizeFormula(best),
    {
      name: "the cycle's amounts",
      expression:
        "amounts = getAmountsOut(amountIn, hops): each hop out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
      inputs: { amountIn: opportunity.amountIn.toString() },
      result: opportunity.amounts.join(" → "),
    },
    {
      name: "gas of execute",
      expression: `gas = (${EXECUTE_BASE_GAS} + ${EXECUTE_GAS_PER_HOP}·hops)·(baseFee + tip)${best.startToken === GAS_TOKEN ? "" : `, in ${best.startToken} at the deepest WETH pool's price`}`,
      inputs: {
        hops: hops.length.toString(),
        baseFee: ctx.nextBaseFee.toString(),
        tip: best.tip.toString(),
      },
      result: `${best.gasUnits} gas · ${ctx.nextBaseFee + best.tip} wei = ${best.gasWei} wei${best.startToken === GAS_TOKEN ? "" : ` = ${show(world, best.startToken, best.gasCost)}`}`,
    },
    {
      name: "profit",
      expression: "profit = amountOut − amountIn; net = profit − gas",
      inputs: {
        amountOut: opportunity.amountOut.toString(),
        amountIn: opportunity.amountIn.toString(),
        gas: best.gasCost.toString(),
      },
      result: `profit ${opportunity.profit}, net ${best.netProfit} (${best.startToken} base units)`,
    },
  ];
  return formulas;
}

/** The two-pool closed form with its numbers, or the numeric search for longer cycles. */
function sizeFormula(best: Candidate): FormulaUse {
  const { opportunity } = best;
  const { hops } = opportunity;
  if (hops.length === 2) {
    const [a, b] = hops as [(typeof hops)[0], (typeof hops)[0]];
    return {
      name: "optimal size, two pools (closed form)",
      expression:
        "y* = (√(γA·γB·Ain·Aout·Bin·Bout) − Ain·Bin) / (γA·(Bin + γB·Aout)); with one fee γ: (γ·√(Ain·Aout·Bin·Bout) − Ain·Bin) / (γ·(Bin + γ·Aout)); " +
        "then the best input with the pools' exact rounding, at most the executor's balance",
      inputs: {
        Ain: a.reserveIn.toString(),
        Aout: a.reserveOut.toString(),
        Bin: b.reserveIn.toString(),
        Bout: b.reserveOut.toString(),
        γA: `${BPS - a.feeBps}/10000`,
        γB: `${BPS - b.feeBps}/10000`,
      },
      result: `y* = ${twoPoolClosedForm(a, b)}; sent ${opportunity.amountIn}`,
    };
  }
  const curve = virtualPool(hops);
  return {
    name: `optimal size, ${hops.length} pools (numeric search)`,
    expression:
      "the cycle behaves as one pool out(x) = a·x / (b + c·x); maximise getAmountsOut(x, hops)[n] − x by ternary search over [1, min(capital, (a − b)/c)], then settle the last wei with exact rounding",
    inputs: { a: curve.a.toString(), b: curve.b.toString(), c: curve.c.toString() },
    result: `x = ${opportunity.amountIn}`,
  };
}

function summarize(world: World, best: Candidate, who: string, minProfit = "the gas cost"): string {
  const { opportunity } = best;
  const amount = (value: bigint) => show(world, best.startToken, value);
  const gap = priceGap(world, best);
  return (
    `a ${opportunity.hops.length}-hop cycle pays, because prices differ: ${gap.along}, but ${gap.back}. ` +
    `The ${who} sends ${amount(opportunity.amountIn)} around ${route(world, best)} and expects ${amount(opportunity.amountOut)} back: ` +
    `profit ${amount(opportunity.profit)}, minus ${amount(best.gasCost)} of gas (${formatGwei(best.tip)} tip) = ${amount(best.netProfit)}. ` +
    `The simulation (eth_call) agrees; minProfit is set to ${minProfit}.`
  );
}

function explainUnprofitable(world: World, market: Market, best: Candidate): string {
  const { opportunity } = best;
  const amount = (value: bigint) => show(world, best.startToken, value);
  const capped =
    opportunity.amountIn === market.capital.get(best.startToken) ? " (all the executor holds)" : "";
  return (
    `the best cycle, ${route(world, best)}, would turn ${amount(opportunity.amountIn)}${capped} into ${amount(opportunity.amountOut)}: ` +
    `${amount(opportunity.profit)} of profit, less than the ${amount(best.gasCost)} its ${opportunity.hops.length}-hop transaction costs in gas ` +
    `(${formatAmount(best.gasUnits, 0)} gas at ${formatGwei(best.gasWei / best.gasUnits)}).`
  );
}

function explainSimulation(world: World, best: Candidate, simulated: Simulation): string {
  const amount = (value: bigint) => show(world, best.startToken, value);
  return simulated.profit === undefined
    ? `the math says ${route(world, best)} earns ${amount(best.opportunity.profit)}, but the simulated transaction reverts (${simulated.error}): not sent.`
    : `the math says ${route(world, best)} earns ${amount(best.opportunity.profit)}, but the simulated transaction earns ${amount(simulated.profit)}: something the math does not see, not sent.`;
}

function explainReverted(world: World, best: Candidate, block: number): string {
  return `its transaction for ${route(world, best)} with ${show(world, best.startToken, best.opportunity.amountIn)} reverted in block #${block}, and the pools have not moved since: it does not send the same losing transaction again.`;
}
