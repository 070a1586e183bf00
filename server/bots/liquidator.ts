/**
 * The liquidator: a searcher that watches the lending pool. It learns who borrows from the pool's
 * `Borrow` logs, as any liquidator does, recomputes every known position's health factor after each
 * block and, for each one below 1, repays what the close factor allows in exchange for collateral at
 * a bonus. With its own capital it calls `liquidationCall`; with `flash` it has no capital and uses
 * its FlashLiquidator contract, which borrows the debt asset, liquidates, sells the collateral on the
 * best DEX and repays the loan, all in one transaction.
 *
 * Two paths, a setting: "public" sends the liquidation to the mempool with a tip; "bundle" sends the
 * builder [liquidation (no tip), payment to the builder], the payment a sealed bid: a share of the
 * expected profit after gas (server/bots/bidding.ts).
 *
 * Reading: `discoverBorrowers` → `readPosition` → `planLiquidation` → `ownCapital` / `flashLoan`.
 * What it shows learners (formulas, sentences) lives in ./liquidatorText.ts.
 */

import type { TransactionRequest } from "ethers";
import type { Bot, BotContext, PendingTx } from "../engine/bot";
import { decisionId } from "../engine/engine";
import { DEFAULT_SEED } from "../engine/run";
import type { EventDraft, FormulaUse, OpportunityFound, OpportunitySkipped, TokenAmount } from "../events";
import { formatAmount, formatGwei, formatUsd, GWEI } from "../format";
import type { HopReserves } from "../math/amm";
import { BPS } from "../math/amm";
import {
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  calculateUserAccountData,
  closeFactorFor,
  collateralValueInBase,
  debtValueInBase,
  HEALTH_FACTOR_LIQUIDATION_THRESHOLD,
} from "../math/lending";
import { flashLiquidationProfit, gasCostInToken } from "../math/liquidation";
import { COINBASE_ADDRESS } from "../world/actors";
import { type TokenSymbol, USD_DECIMALS } from "../world/config";
import type { PoolHandle, World } from "../world/types";
import { BiddingError, type SealedBid, SealedBidder, validateBidding } from "./bidding";
import {
  amountText,
  closeFactorFormula,
  collateralFormula,
  flashFeeFormula,
  flashProfitFormula,
  gasFormula,
  healthFactorFormula,
  hfText,
  introText,
  planInputs,
  profitFormula,
  swapFormula,
} from "./liquidatorText";
import { ethAmount, PAYMENT_GAS } from "./shared";

export interface LiquidatorSettings {
  /** Liquidate with a flash loan through the FlashLiquidator contract instead of the bot's own tokens. */
  flash: boolean;
  /** "public" (default): to the mempool with a tip. "bundle": [liquidation, payment] to the builder. */
  path?: "public" | "bundle";
  /** In a bundle: the share of its expected profit after gas it pays the builder (default 50%). */
  bid?: SealedBid;
  /**
   * In a bundle: also read pending oracle updates, and when one would make a position liquidatable,
   * back-run it: [the update's own signed transaction, liquidation, payment], in the update's block.
   */
  backrunOracle?: boolean;
}

/** A pending oracle update: the asset whose price it sets, the new price, its transaction. */
interface OracleUpdate {
  asset: string;
  symbol: string;
  price: bigint;
  hash: string;
}

const LIQUIDATION_PATHS = ["public", "bundle"] as const;
/** In a bundle, by default: half of the expected profit after gas goes to the builder. */
export const DEFAULT_LIQUIDATION_BID: SealedBid = { kind: "fixed", bps: 5_000 };

/** Priority fee of its liquidations. */
const TIP = 2n * GWEI;
/** Gas one `liquidationCall` uses, measured once in the liquidation scenario (138,655): the cost estimate. */
const LIQUIDATION_CALL_GAS = 140_000n;
/** Gas one `FlashLiquidator.liquidate` uses (flash loan, liquidation, one swap), measured once (356,964). */
const FLASH_LIQUIDATION_GAS = 360_000n;
/** Gas limits are the estimate doubled: explicit (no slow estimation) and never the reason it fails. */
const GAS_LIMIT_FACTOR = 2n;

const USD = { symbol: "USD", decimals: USD_DECIMALS };
/** Enough fraction digits for any token: amounts shown in full. */
const EXACT = 18;

/** A listed asset of the lending pool, with the price and risk parameters the pool uses. */
export interface Asset {
  address: string;
  symbol: string;
  decimals: bigint;
  /** USD per whole token, 8 decimals (the pool's oracle). */
  price: bigint;
  liquidationThresholdBps: bigint;
  liquidationBonusBps: bigint;
}

/** What a user has supplied and owes in one asset. */
export interface Holding {
  asset: Asset;
  collateral: bigint;
  debt: bigint;
}

/** A user's position as the liquidator read it. */
export interface Position {
  user: string;
  label: string;
  /** 1e18-scaled, from `getUserAccountData`. */
  healthFactor: bigint;
  /** One per listed asset, in the pool's listing order. */
  holdings: Holding[];
}

/** A liquidation worked out before deciding how to pay for it. */
export interface LiquidationPlan {
  position: Position;
  /** The debt to repay: the largest by value. */
  debt: Holding;
  /** The collateral to seize: the largest by value. */
  collateral: Holding;
  /** Share of the debt one liquidation may repay, bps. */
  closeFactor: bigint;
  /** The user's debt × the close factor: the most one liquidation may repay. */
  closeFactorDebt: bigint;
  /** What the liquidator repays: `closeFactorDebt`, or less when the collateral runs out. */
  debtToCover: bigint;
  /** Collateral the pool pays for it, bonus included. */
  collateralAmount: bigint;
}

/** A DEX pool where the seized collateral can be sold for the debt asset. */
export interface Market {
  pool: PoolHandle;
  router: string;
  /** Reserves oriented collateral → debt asset. */
  swap: HopReserves;
}

/** The gas one transaction is expected to cost. */
export interface GasEstimate {
  units: bigint;
  baseFee: bigint;
  tip: bigint;
  /** units × (baseFee + tip). */
  wei: bigint;
  /** The oracle's WETH price, USD with 8 decimals: what ETH is worth. */
  ethPrice: bigint;
}

/** What the bot remembers between blocks. */
interface LiquidatorState {
  /** Every account that ever borrowed, in the order the logs showed them. */
  borrowers: Set<string>;
  /** The next block whose `Borrow` logs it has not read. */
  nextLogBlock: number;
  /** Its own liquidation transactions not mined yet, by user; a bundle's is forgotten after its block. */
  pending: Map<string, { hash: string; targetBlock?: number }>;
  /** Skips already published (a position that stays unliquidatable is not announced every block). */
  announcedSkips: Set<string>;
}

/** How it sends: the path, and for a bundle its bidder. */
interface Sender {
  bidder: SealedBidder | undefined;
}

export function createLiquidator(settings: LiquidatorSettings): Bot {
  const path = settings.path ?? "public";
  if (!LIQUIDATION_PATHS.includes(path))
    throw new BiddingError(`path must be one of ${LIQUIDATION_PATHS.join(", ")}, got ${String(path)}`);
  if (settings.bid) validateBidding({ path: "bundle", bid: settings.bid });
  // A bandit learns from each outcome; this bot does not track its bundles' outcomes.
  if (settings.bid?.kind === "bandit")
    throw new BiddingError(
      "the liquidator's bid must be fixed or random (a bandit is not supported), got bandit",
    );
  if (settings.backrunOracle && path !== "bundle")
    throw new BiddingError('backrunOracle needs path "bundle" (a back-run is a bundle), got path "public"');
  const sender: Sender = {
    bidder:
      path === "bundle"
        ? new SealedBidder(settings.bid ?? DEFAULT_LIQUIDATION_BID, `${DEFAULT_SEED}:liquidator:sealed-bid`)
        : undefined,
  };
  const state: LiquidatorState = {
    borrowers: new Set(),
    nextLogBlock: 0,
    pending: new Map(),
    announcedSkips: new Set(),
  };
  return {
    name: "liquidator",
    actor: "liquidator",
    async onPending(txs, ctx) {
      if (!settings.backrunOracle) return;
      for (const tx of txs) {
        const update = oracleUpdateOf(ctx.world, tx);
        if (update) await backrun(update, settings, sender, state, ctx);
      }
    },
    async onBlock(_block, ctx) {
      await discoverBorrowers(state, ctx);
      await forgetMined(state, ctx);
      for (const user of state.borrowers) {
        if (state.pending.has(user)) continue;
        const { healthFactor } = await ctx.world.lendingPool.getUserAccountData(user);
        // healthy positions are not news: nothing is published for them
        if (healthFactor >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) continue;
        await liquidate(await readPosition(ctx.world, user, healthFactor), settings, sender, state, ctx);
      }
    },
  };
}

// ───────────────────────────── watching ─────────────────────────────

/** Adds the borrowers of every `Borrow` log since the last look (the first look reads from block 0). */
async function discoverBorrowers(state: LiquidatorState, ctx: BotContext): Promise<void> {
  if (ctx.blockNumber < state.nextLogBlock) return;
  const pool = ctx.world.lendingPool;
  const logs = await pool.queryFilter(pool.filters.Borrow(), state.nextLogBlock, ctx.blockNumber);
  for (const log of logs) state.borrowers.add(log.args.onBehalfOf);
  state.nextLogBlock = ctx.blockNumber + 1;
}

/** Forgets its transactions that were mined (or reverted), and bundles past their block: their users may be looked at again. */
async function forgetMined(state: LiquidatorState, ctx: BotContext): Promise<void> {
  for (const [user, { hash, targetBlock }] of [...state.pending]) {
    const past = targetBlock !== undefined && ctx.blockNumber >= targetBlock;
    if (past || (await ctx.chain.provider.getTransactionReceipt(hash))) state.pending.delete(user);
  }
}

/** A user's holdings in every listed asset, with the prices and risk parameters the pool uses. */
async function readPosition(world: World, user: string, healthFactor: bigint): Promise<Position> {
  const pool = world.lendingPool;
  const holdings: Holding[] = [];
  for (const address of await pool.listedAssets()) {
    const config = await pool.getAssetConfig(address);
    const asset: Asset = {
      address,
      symbol: world.registry.label(address),
      decimals: config.decimals,
      price: await pool.getAssetPrice(address),
      liquidationThresholdBps: config.liquidationThresholdBps,
      liquidationBonusBps: config.liquidationBonusBps,
    };
    const [collateral, debt] = await Promise.all([
      pool.collateralOf(user, address),
      pool.debtOf(user, address),
    ]);
    holdings.push({ asset, collateral, debt });
  }
  return { user, label: world.registry.label(user), healthFactor, holdings };
}

/** The oracle update a pending transaction makes (`updateAnswer` on a listed asset's feed), if it is one. */
function oracleUpdateOf(world: World, tx: PendingTx): OracleUpdate | undefined {
  for (const [symbol, feed] of Object.entries(world.feeds)) {
    if (tx.to?.toLowerCase() !== String(feed.target).toLowerCase()) continue;
    const parsed = feed.interface.parseTransaction({ data: tx.data });
    if (parsed?.name !== "updateAnswer") return undefined;
    const token = world.tokens[symbol as TokenSymbol];
    return { asset: token.address, symbol, price: parsed.args[0] as bigint, hash: tx.hash };
  }
  return undefined;
}

/** For each known borrower: its position at the price the pending update sets; liquidates those below 1 right behind it. */
async function backrun(
  update: OracleUpdate,
  settings: LiquidatorSettings,
  sender: Sender,
  state: LiquidatorState,
  ctx: BotContext,
): Promise<void> {
  await discoverBorrowers(state, ctx);
  for (const user of state.borrowers) {
    if (state.pending.has(user)) continue;
    const now = await readPosition(ctx.world, user, 0n);
    const holdings = now.holdings.map((h) =>
      h.asset.address === update.asset ? { ...h, asset: { ...h.asset, price: update.price } } : h,
    );
    const { healthFactor } = calculateUserAccountData(
      holdings.map((h) => ({
        collateral: h.collateral,
        debt: h.debt,
        price: h.asset.price,
        decimals: h.asset.decimals,
        ltvBps: 0n,
        liquidationThresholdBps: h.asset.liquidationThresholdBps,
      })),
    );
    if (healthFactor >= HEALTH_FACTOR_LIQUIDATION_THRESHOLD) continue;
    await liquidate({ ...now, holdings, healthFactor }, settings, sender, state, ctx, update);
  }
}

// ───────────────────────────── deciding ─────────────────────────────

/** The holding worth the most by `value`; the first in the pool's listing order wins a tie. */
function largest(holdings: readonly Holding[], value: (h: Holding) => bigint): Holding | undefined {
  let best: { holding: Holding; value: bigint } | undefined;
  for (const holding of holdings) {
    const v = value(holding);
    if (v > 0n && (best === undefined || v > best.value)) best = { holding, value: v };
  }
  return best?.holding;
}

/**
 * What liquidating `position` would do: repay the largest debt, seize the largest collateral, as much
 * as the close factor and the collateral allow. Undefined when there is no debt or no collateral left.
 */
function planLiquidation(position: Position): LiquidationPlan | undefined {
  const debt = largest(position.holdings, (h) => debtValueInBase(h.debt, h.asset.price, h.asset.decimals));
  const collateral = largest(position.holdings, (h) =>
    collateralValueInBase(h.collateral, h.asset.price, h.asset.decimals),
  );
  if (!debt || !collateral) return undefined;
  const collateralParams = collateralParamsOf(debt, collateral);
  // everything the close factor allows; if the collateral cannot pay for all of it, only what it can
  // pay for (a flash loan of more would pay its fee on money the pool does not take)
  const closeFactorDebt = calculateActualDebtToLiquidate(debt.debt, position.healthFactor, debt.debt);
  const { debtAmountNeeded: debtToCover } = calculateAvailableCollateralToLiquidate({
    ...collateralParams,
    debtToCover: closeFactorDebt,
  });
  const { collateralAmount } = calculateAvailableCollateralToLiquidate({ ...collateralParams, debtToCover });
  return {
    position,
    debt,
    collateral,
    closeFactor: closeFactorFor(position.healthFactor),
    closeFactorDebt,
    debtToCover,
    collateralAmount,
  };
}

/** What the pool's collateral formula needs to know about a debt and a collateral holding. */
function collateralParamsOf(debt: Holding, collateral: Holding) {
  return {
    userCollateralBalance: collateral.collateral,
    liquidationBonusBps: collateral.asset.liquidationBonusBps,
    collateralPrice: collateral.asset.price,
    debtPrice: debt.asset.price,
    collateralDecimals: collateral.asset.decimals,
    debtDecimals: debt.asset.decimals,
  };
}

/**
 * Gas of a transaction using `units`, in ETH, at the next block's base fee plus the tip. In a bundle
 * there is no tip, and the payment's gas counts.
 */
async function estimateGas(
  units: bigint,
  sender: Sender,
  ctx: BotContext,
  update?: OracleUpdate,
): Promise<GasEstimate> {
  const weth = ctx.world.tokens.WETH.address;
  // Behind an oracle update, ETH is worth what the update sets.
  const ethPrice = update?.asset === weth ? update.price : await ctx.world.lendingPool.getAssetPrice(weth);
  const all = sender.bidder ? units + PAYMENT_GAS : units;
  const tip = sender.bidder ? 0n : TIP;
  return { units: all, baseFee: ctx.nextBaseFee, tip, wei: all * (ctx.nextBaseFee + tip), ethPrice };
}

/** A sealed bid: the share it chose of `netUsd` (profit after gas, USD 8 decimals), in wei at the oracle's ETH price. */
function sealedBid(sender: Sender, netUsd: bigint, ethPrice: bigint): { bps: number; wei: bigint } {
  const { bps } = sender.bidder!.choose();
  return { bps, wei: (netUsd * BigInt(bps) * 10n ** 18n) / (BPS * ethPrice) };
}

/**
 * Sends the liquidation: to the mempool with its tip, or as the bundle [liquidation, payment of
 * `bid`] with no tip, publishing the sealed bid. Returns the liquidation's hash and a sentence on how it went.
 */
async function submit(
  tx: TransactionRequest,
  sender: Sender,
  bid: { bps: number; wei: bigint; valueWei: bigint; opportunity: string } | undefined,
  ctx: BotContext,
  update?: OracleUpdate,
): Promise<{ hash: string; txs: string[]; targetBlock?: number; how: string }> {
  const me = ctx.world.actors.liquidator.address;
  if (!sender.bidder || !bid) {
    const hash = await ctx.send(me, { ...tx, maxPriorityFeePerGas: TIP });
    return { hash, txs: [hash], how: `with a ${formatGwei(TIP)} tip` };
  }
  const payment = { to: COINBASE_ADDRESS, value: bid.wei, gasLimit: PAYMENT_GAS };
  const { bundle, txs } = update
    ? await sendBackrun(update, [tx, payment], ctx)
    : await ctx.sendBundle("liquidator", me, [tx, payment]);
  ctx.publish({
    type: "auction:bid",
    auction: "sealed",
    bot: "liquidator",
    opportunity: bid.opportunity,
    round: 1,
    tipPerGas: "0",
    bid: ethAmount(bid.wei),
    value: ethAmount(bid.valueWei),
    carrier: bundle,
  });
  return {
    hash: txs[update ? 1 : 0]!,
    txs,
    targetBlock: ctx.blockNumber + 1,
    how: `${update ? `right behind the pending ${update.symbol}/USD update, ` : ""}in a bundle with no tip, followed by a payment of ${formatAmount(bid.wei, 18, 6)} ETH to the builder (${bid.bps / 100}% of the profit after gas)`,
  };
}

async function liquidate(
  position: Position,
  settings: LiquidatorSettings,
  sender: Sender,
  state: LiquidatorState,
  ctx: BotContext,
  update?: OracleUpdate,
): Promise<void> {
  const plan = planLiquidation(position);
  const decider = new Decider(state, ctx, position, plan);
  if (!plan) {
    decider.skip(
      "no-collateral",
      `${position.label}'s health factor is ${hfText(position.healthFactor)}, but no collateral is left to seize: the rest of its debt is bad debt no liquidation can repay.`,
    );
    return;
  }
  if (plan.debtToCover === 0n || plan.collateralAmount === 0n) {
    decider.skip(
      "dust",
      `${position.label}'s ${amountText(plan.collateral.collateral, plan.collateral.asset, EXACT)} of collateral left pays for ` +
        `${amountText(plan.debtToCover, plan.debt.asset, EXACT)} of its ${amountText(plan.debt.debt, plan.debt.asset)} debt: nothing worth liquidating is left, the rest is bad debt.`,
    );
    return;
  }
  // the pool pays the collateral from what it holds, and may have lent it out
  const held = await tokenContract(ctx.world, plan.collateral.asset.address).balanceOf(
    await ctx.world.lendingPool.getAddress(),
  );
  if (held < plan.collateralAmount) {
    decider.skip(
      "pool-illiquid",
      `The lending pool holds only ${amountText(held, plan.collateral.asset)}, less than the ${amountText(plan.collateralAmount, plan.collateral.asset)} the liquidation would pay out.`,
    );
    return;
  }
  if (update)
    decider.inputs["back-runs"] =
      `${update.symbol}/USD update to ${formatUsd(update.price)} (${update.hash})`;
  if (settings.flash) await flashLoan(plan, decider, sender, ctx, update);
  else await ownCapital(plan, decider, sender, ctx, update);
}

/** Liquidates with the bot's own tokens: it pays the debt asset and keeps the collateral. */
async function ownCapital(
  plan: LiquidationPlan,
  decider: Decider,
  sender: Sender,
  ctx: BotContext,
  update?: OracleUpdate,
): Promise<void> {
  const { world } = ctx;
  const me = world.actors.liquidator.address;
  const { debt, collateral } = plan;
  const balance = await tokenContract(world, debt.asset.address).balanceOf(me);
  decider.inputs.liquidatorBalance = amountText(balance, debt.asset, Number(debt.asset.decimals));
  if (balance < plan.debtToCover) {
    decider.skip(
      "no-capital",
      `Liquidating ${plan.position.label} needs ${amountText(plan.debtToCover, debt.asset)}, but the liquidator holds only ${amountText(balance, debt.asset)}.`,
    );
    return;
  }
  const collateralUsd = collateralValueInBase(
    plan.collateralAmount,
    collateral.asset.price,
    collateral.asset.decimals,
  );
  const debtUsd = debtValueInBase(plan.debtToCover, debt.asset.price, debt.asset.decimals);
  const profit = collateralUsd - debtUsd;
  const gas = await estimateGas(LIQUIDATION_CALL_GAS, sender, ctx, update);
  // gas valued like debt, rounded up: a cost is never understated
  const gasUsd = debtValueInBase(gas.wei, gas.ethPrice, 18n);
  decider.formulas.push(
    profitFormula(plan, collateralUsd, debtUsd, profit),
    gasFormula(gas, gasUsd, { ...USD, priceOfOne: gas.ethPrice }),
  );
  if (profit <= gasUsd) {
    decider.skip(
      "unprofitable",
      `The liquidation would earn ${formatUsd(profit)} at the oracle prices but cost ${formatUsd(gasUsd)} of gas.`,
    );
    return;
  }
  const pool = world.lendingPool;
  const bid = sender.bidder ? bidFor(decider, sender, profit - gasUsd, gas.ethPrice) : undefined;
  const sent = await submit(
    {
      to: await pool.getAddress(),
      data: pool.interface.encodeFunctionData("liquidationCall", [
        collateral.asset.address,
        debt.asset.address,
        plan.position.user,
        plan.debtToCover,
      ]),
      gasLimit: LIQUIDATION_CALL_GAS * GAS_LIMIT_FACTOR,
    },
    sender,
    bid,
    ctx,
    update,
  );
  decider.found(sent, {
    expectedProfit: { amount: profit.toString(), ...USD },
    gasCost: { amount: gasUsd.toString(), ...USD },
    summary:
      `${introText(plan)} That collateral is worth ${formatUsd(collateralUsd)} against ${formatUsd(debtUsd)} repaid at the oracle prices: ` +
      `${formatUsd(profit)} profit, ${formatUsd(gasUsd)} of gas, ${formatUsd(profit - gasUsd)} net. Sent liquidationCall ${sent.how}.`,
  });
}

/** The world's pools that trade the collateral for the debt asset, as markets for the seized collateral. */
async function marketsFor(world: World, plan: LiquidationPlan): Promise<Market[]> {
  const collateral = plan.collateral.asset.address;
  const debt = plan.debt.asset.address;
  const markets: Market[] = [];
  for (const pool of world.pools) {
    const token0 = world.tokens[pool.token0].address;
    const token1 = world.tokens[pool.token1].address;
    const pair = new Set([token0, token1]);
    if (!pair.has(collateral) || !pair.has(debt) || collateral === debt) continue;
    const [reserve0, reserve1] = await pool.pair.getReserves();
    const [reserveIn, reserveOut] = collateral === token0 ? [reserve0, reserve1] : [reserve1, reserve0];
    const router = await world.dexes[pool.dex].router.getAddress();
    markets.push({ pool, router, swap: { reserveIn, reserveOut, feeBps: pool.feeBps } });
  }
  return markets;
}

/**
 * Liquidates with a flash loan: the FlashLiquidator borrows `debtToCover`, liquidates, sells all the
 * seized collateral on the pool that pays the most for it, repays loan + 9 bps fee and sends the rest
 * (the profit, in the debt asset) to the bot. No capital of the bot's own moves.
 */
async function flashLoan(
  plan: LiquidationPlan,
  decider: Decider,
  sender: Sender,
  ctx: BotContext,
  update?: OracleUpdate,
): Promise<void> {
  const { world } = ctx;
  const { debt, collateral } = plan;
  const outcomes = (await marketsFor(world, plan)).map((market) => ({
    market,
    outcome: flashLiquidationProfit({
      debtToCover: plan.debtToCover,
      userDebt: debt.debt,
      healthFactor: plan.position.healthFactor,
      ...collateralParamsOf(debt, collateral),
      swap: market.swap,
    }),
  }));
  for (const { market, outcome } of outcomes) {
    decider.inputs[`sale on ${market.pool.name}`] = amountText(
      outcome.collateralSoldFor,
      debt.asset,
      Number(debt.asset.decimals),
    );
  }
  // the market that pays the most debt asset for the collateral; the first listed wins a tie
  const best = outcomes.reduce<(typeof outcomes)[number] | undefined>(
    (top, o) => (top === undefined || o.outcome.collateralSoldFor > top.outcome.collateralSoldFor ? o : top),
    undefined,
  );
  if (!best) {
    decider.skip(
      "no-market",
      `No DEX pool trades ${collateral.asset.symbol} for ${debt.asset.symbol}: the seized collateral could not be sold to repay the flash loan.`,
    );
    return;
  }
  const available = await world.lendingPool.maxFlashLoan(debt.asset.address);
  if (available < plan.debtToCover) {
    decider.skip(
      "no-flash-liquidity",
      `The flash loan would need ${amountText(plan.debtToCover, debt.asset)}, but the lending pool can lend only ${amountText(available, debt.asset)}.`,
    );
    return;
  }
  const { market, outcome } = best;
  const gas = await estimateGas(FLASH_LIQUIDATION_GAS, sender, ctx, update);
  const gasInDebt = gasCostInToken(gas.wei, gas.ethPrice, debt.asset.price, debt.asset.decimals);
  decider.inputs.market = market.pool.name;
  decider.formulas.push(
    swapFormula(plan, market, outcome.collateralSoldFor),
    flashFeeFormula(plan, outcome.flashFee),
    flashProfitFormula(plan, outcome),
    gasFormula(gas, gasInDebt, {
      symbol: debt.asset.symbol,
      decimals: Number(debt.asset.decimals),
      priceOfOne: debt.asset.price,
    }),
  );
  if (outcome.profit <= gasInDebt) {
    decider.skip(
      "unprofitable",
      `Selling the ${amountText(outcome.collateralSeized, collateral.asset)} seized on ${market.pool.name} would bring ${amountText(outcome.collateralSoldFor, debt.asset)}: ` +
        `after repaying ${amountText(outcome.debtCovered, debt.asset)} and the ${amountText(outcome.flashFee, debt.asset)} flash fee that leaves ${amountText(outcome.profit, debt.asset)}, not more than the ${amountText(gasInDebt, debt.asset)} of gas.`,
    );
    return;
  }
  // minProfit = the gas cost: the contract reverts unless the liquidation at least pays for itself. If
  // the pool or the position moved before it is mined (another liquidator, a trade on the pool), the
  // trade is undone instead of completed at a loss; only the gas of the revert is lost.
  // In a bundle it also covers the payment (valued like debt, rounded down): never landed at a loss.
  const netUsd = debtValueInBase(outcome.profit - gasInDebt, debt.asset.price, debt.asset.decimals);
  const bid = sender.bidder ? bidFor(decider, sender, netUsd, gas.ethPrice) : undefined;
  const minProfit =
    gasInDebt + (bid ? gasCostInToken(bid.wei, gas.ethPrice, debt.asset.price, debt.asset.decimals) : 0n);
  const liquidator = world.flashLiquidator;
  const sent = await submit(
    {
      to: await liquidator.getAddress(),
      data: liquidator.interface.encodeFunctionData("liquidate", [
        collateral.asset.address,
        debt.asset.address,
        plan.position.user,
        plan.debtToCover,
        market.router,
        minProfit,
      ]),
      gasLimit: FLASH_LIQUIDATION_GAS * GAS_LIMIT_FACTOR,
    },
    sender,
    bid,
    ctx,
    update,
  );
  const debtToken = { symbol: debt.asset.symbol, decimals: Number(debt.asset.decimals) };
  decider.found(sent, {
    expectedProfit: { amount: outcome.profit.toString(), ...debtToken },
    gasCost: { amount: gasInDebt.toString(), ...debtToken },
    summary:
      `${introText(plan)} The flash liquidator borrows the ${amountText(plan.debtToCover, debt.asset)}, sells the collateral on ${market.pool.name} ` +
      `(the best of ${outcomes.length}) for ${amountText(outcome.collateralSoldFor, debt.asset)} and repays the loan plus ${amountText(outcome.flashFee, debt.asset)} fee: ` +
      `${amountText(outcome.profit, debt.asset)} profit for the liquidator, ${amountText(gasInDebt, debt.asset)} of gas, ${amountText(outcome.profit - gasInDebt, debt.asset)} net. ` +
      `Sent liquidate with minProfit = the gas cost${bid ? " plus the payment" : ""}, ${sent.how}.`,
  });
}

/** Signs its transactions (consecutive nonces) and bundles them behind the oracle update's own signed transaction. */
async function sendBackrun(
  update: OracleUpdate,
  own: readonly TransactionRequest[],
  ctx: BotContext,
): Promise<{ bundle: string; txs: string[] }> {
  return ctx.sendBundle("liquidator", ctx.world.actors.liquidator.address, [
    { pendingTx: update.hash },
    ...own,
  ]);
}

/** The sealed bid for a liquidation worth `netUsd` after gas; recorded in the decision's inputs. */
function bidFor(decider: Decider, sender: Sender, netUsd: bigint, ethPrice: bigint) {
  const { bps, wei } = sealedBid(sender, netUsd > 0n ? netUsd : 0n, ethPrice);
  const valueWei = (netUsd * 10n ** 18n) / ethPrice;
  decider.inputs["bid share (bps)"] = String(bps);
  decider.inputs["bid (wei)"] = wei.toString();
  return { bps, wei, valueWei, opportunity: decider.id };
}

function tokenContract(world: World, address: string) {
  const token = Object.values(world.tokens).find((t) => t.address === address);
  if (!token) throw new Error(`liquidator: ${address} is not a token of the world`);
  return token.contract;
}

// ───────────────────────────── publishing ─────────────────────────────

/** Collects what one decision read and computed, and publishes it once, as found or as skipped. */
class Decider {
  readonly inputs: Record<string, string>;
  readonly formulas: FormulaUse[];
  readonly id: string;

  constructor(
    private readonly state: LiquidatorState,
    private readonly ctx: BotContext,
    private readonly position: Position,
    private readonly plan: LiquidationPlan | undefined,
  ) {
    this.inputs = planInputs(position, plan);
    this.formulas = [healthFactorFormula(position)];
    if (plan) this.formulas.push(closeFactorFormula(plan), collateralFormula(plan));
    this.id = decisionId([
      "liquidation",
      ctx.blockNumber,
      position.user,
      position.healthFactor,
      plan?.collateral.asset.address ?? "",
      plan?.debt.asset.address ?? "",
      plan?.debtToCover ?? 0n,
    ]);
  }

  /** Publishes a skip, unless this very skip (same reason, same numbers) was published before. */
  skip(reason: string, explanation: string): void {
    const key = JSON.stringify([reason, this.inputs]);
    if (this.state.announcedSkips.has(key)) return;
    this.state.announcedSkips.add(key);
    const event: EventDraft<OpportunitySkipped> = {
      type: "opportunity:skipped",
      id: this.id,
      bot: "liquidator",
      kind: "liquidation",
      block: this.ctx.blockNumber,
      inputs: this.inputs,
      formulas: this.formulas,
      reason,
      explanation,
    };
    this.ctx.decide(event);
  }

  /** Publishes the liquidation it sent, and remembers it as pending. */
  found(
    sent: { hash: string; txs: string[]; targetBlock?: number },
    outcome: { expectedProfit: TokenAmount; gasCost: TokenAmount; summary: string },
  ): void {
    const plan = this.plan!;
    const { hash } = sent;
    this.state.pending.set(this.position.user, { hash, targetBlock: sent.targetBlock });
    const event: EventDraft<OpportunityFound> = {
      type: "opportunity:found",
      id: this.id,
      bot: "liquidator",
      kind: "liquidation",
      block: this.ctx.blockNumber,
      inputs: this.inputs,
      formulas: this.formulas,
      size: {
        amount: plan.debtToCover.toString(),
        symbol: plan.debt.asset.symbol,
        decimals: Number(plan.debt.asset.decimals),
      },
      ...outcome,
      txs: sent.txs,
    };
    this.ctx.decide(event);
  }
}
