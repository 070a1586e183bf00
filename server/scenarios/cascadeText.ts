/**
 * The cascade, told from the chain: each block's liquidations and the liquidator's sales with the
 * price they left on DEX A; after each block the oracle's next price and every borrower's health
 * factor at it; at the end, what stopped the cascade.
 */
import type { BalancesUpdated, PositionUpdated, SandboxEvent } from "../events";
import { formatAmount, formatTokenAmount, formatUsd } from "../format";
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD, MAX_UINT256 } from "../math/lending";
import type { World } from "../world/types";
import { type Borrower, type CascadeStage, dexPriceUsd } from "./cascadeStage";
import { worldAmount } from "./text";

/** "0.9812": a health factor (1e18) with four decimals; "no debt" without one. */
export function hfText(healthFactor: bigint): string {
  return healthFactor === MAX_UINT256 ? "no debt" : formatAmount(healthFactor, 18, 4, 4);
}

/** Below 1: the pool lets anyone liquidate it. */
export function below(healthFactor: bigint): boolean {
  return healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD;
}

/** "−5.00%": how far `to` is from `from`, signed, in percent with two decimals. */
function changeText(from: bigint, to: bigint): string {
  const bps = ((to - from) * 10_000n) / from;
  return `${bps < 0n ? "−" : "+"}${formatAmount(bps < 0n ? -bps : bps, 2, 2, 2)}%`;
}

/** A liquidation mined in a block, read from the pool's `LiquidationCall` log. */
interface MinedLiquidation {
  block: number;
  user: string;
  label: string;
  debtCovered: bigint;
  collateralSeized: bigint;
}

/** The liquidations mined from block `from` to block `to`, in order. */
async function liquidationsIn(
  world: World,
  stage: CascadeStage,
  from: number,
  to = from,
): Promise<MinedLiquidation[]> {
  const logs = await stage.pool.queryFilter(stage.pool.filters.LiquidationCall(), from, to);
  return logs.map((log) => ({
    block: log.blockNumber,
    user: log.args.user,
    label: world.registry.label(log.args.user),
    debtCovered: log.args.debtToCover,
    collateralSeized: log.args.liquidatedCollateralAmount,
  }));
}

/** The WETH the liquidator sold on DEX A from block `from` to `to`, read from the pair's `Swap` logs. */
async function wethSold(world: World, stage: CascadeStage, from: number, to = from): Promise<bigint> {
  const { pair, token0 } = stage.dexPool;
  const logs = await pair.queryFilter(pair.filters.Swap(), from, to);
  const liquidator = world.actors.liquidator.address;
  return logs
    .filter((l) => l.args.to === liquidator)
    .reduce((sum, { args }) => sum + (token0 === "WETH" ? args.amount0In : args.amount1In), 0n);
}

/** The watcher's reports of `user` (its health factor after each block, as the next block reads it). */
function reportsOf(events: readonly SandboxEvent[], user: string): PositionUpdated[] {
  return events.filter((e): e is PositionUpdated => e.type === "position:updated" && e.user.address === user);
}

/** The health factor block `block`'s transactions saw for `user`: the last report before it. */
function healthBefore(events: readonly SandboxEvent[], user: string, block: number): bigint | undefined {
  const last = reportsOf(events, user)
    .filter((e) => e.block < block)
    .at(-1);
  return last && last.healthFactor !== "max" ? BigInt(last.healthFactor) : undefined;
}

/**
 * "#45: liquidated borrower 2 (HF 0.9812: 31,132 USDC for 17.46 WETH), sold 17.46 WETH: DEX A $1,872.52
 * → $1,810.92." or "#45: no liquidation."
 */
export async function blockText(
  world: World,
  stage: CascadeStage,
  block: number,
  runEvents: readonly SandboxEvent[],
): Promise<string> {
  const liquidations = await liquidationsIn(world, stage, block);
  if (liquidations.length === 0) return `#${block}: no liquidation.`;
  const who = liquidations
    .map((l) => {
      const hf = healthBefore(runEvents, l.user, block);
      const paid = `${worldAmount(world, l.debtCovered, "USDC", 0)} for ${worldAmount(world, l.collateralSeized, "WETH", 2)}`;
      return `${l.label} (${hf === undefined ? "" : `HF ${hfText(hf)}: `}${paid})`;
    })
    .join(" and ");
  const sold = await wethSold(world, stage, block);
  const [before, after] = await Promise.all([
    dexPriceUsd(world, stage.dexPool, block - 1),
    dexPriceUsd(world, stage.dexPool, block),
  ]);
  const sale = sold > 0n ? `sold ${worldAmount(world, sold, "WETH", 2)}` : "sold nothing";
  const dex = world.dexes[stage.dexPool.dex].name;
  return `#${block}: liquidated ${who}, ${sale}: ${dex} ${formatUsd(before)} → ${formatUsd(after)}.`;
}

/**
 * "Oracle for #46: $1,810.30; below 1: borrower 3 (0.9779)." or "…; nobody below 1 (lowest: borrower 1,
 * 1.0038).": the watcher's latest reports up to block `block`.
 */
export function aheadText(stage: CascadeStage, events: readonly SandboxEvent[], block: number): string {
  const price = events
    .filter((e) => e.type === "oracle:updated" && e.symbol === "WETH" && e.block <= block)
    .at(-1);
  const healths = stage.borrowers.map((borrower) => {
    const report = reportsOf(events, borrower.address)
      .filter((e) => e.block <= block)
      .at(-1);
    const reported = report?.healthFactor ?? "max";
    return { name: borrower.name, healthFactor: reported === "max" ? MAX_UINT256 : BigInt(reported) };
  });
  const under = healths.filter((h) => below(h.healthFactor));
  const lowest = healths.reduce((a, b) => (b.healthFactor < a.healthFactor ? b : a));
  const who =
    under.length > 0
      ? `below 1: ${under.map((h) => `${h.name} (${hfText(h.healthFactor)})`).join(" and ")}`
      : `nobody below 1 (lowest: ${lowest.name}, ${hfText(lowest.healthFactor)})`;
  const wethPrice = price?.type === "oracle:updated" ? formatUsd(BigInt(price.price)) : "its last price";
  return `Oracle for #${block + 1}: WETH ${wethPrice}; ${who}.`;
}

/** "borrower 1: 80 WETH, 127,536 USDC of debt, HF 1.0350 (liquidatable below $1,932.37)". */
export function borrowerText(
  world: World,
  borrower: Borrower,
  position: { healthFactor: bigint; debt: readonly { amount: string }[] },
  wethPrice: bigint,
): string {
  const debt = BigInt(position.debt[0]?.amount ?? "0");
  // with WETH collateral and USDC debt the health factor is proportional to WETH's price
  const liquidationPrice = (wethPrice * 10n ** 18n) / position.healthFactor;
  return (
    `${borrower.name}: ${borrower.collateral} WETH, ${worldAmount(world, debt, "USDC", 0)} of debt, ` +
    `HF ${hfText(position.healthFactor)} (liquidatable below ${formatUsd(liquidationPrice)})`
  );
}

/**
 * " The liquidator ends with -0.0678 ETH and +5,291.5092 USDC …": its balance changes over the run, from
 * the last `balances:updated`.
 */
function liquidatorTakeText(events: readonly SandboxEvent[]): string {
  const last = events.filter((e): e is BalancesUpdated => e.type === "balances:updated").at(-1);
  const row = last?.actors.find((a) => a.actor === "liquidator");
  const signed = (c: { amount: string }) => (c.amount.startsWith("-") ? "" : "+");
  const changes = (row?.pnl ?? [])
    .filter((c) => c.amount !== "0")
    .map((c) => `${signed(c)}${formatTokenAmount(c, 4)}`);
  if (changes.length === 0) return "";
  return ` The liquidator ends with ${changes.join(" and ")}: what its sales brought back beyond the debt it repaid, less its gas.`;
}

/** The lowest of the watcher's health factors over the run, and whose it was. */
function lowestHealth(events: readonly SandboxEvent[], stage: CascadeStage) {
  let lowest: { name: string; healthFactor: bigint } | undefined;
  for (const borrower of stage.borrowers) {
    for (const report of reportsOf(events, borrower.address)) {
      if (report.healthFactor === "max") continue;
      const healthFactor = BigInt(report.healthFactor);
      if (!lowest || healthFactor < lowest.healthFactor) lowest = { name: borrower.name, healthFactor };
    }
  }
  return lowest;
}

/** The lowest WETH price the oracle reported over the run (the TWAP's), if it reported any. */
function lowestOraclePrice(events: readonly SandboxEvent[]): bigint | undefined {
  const prices = events.flatMap((e) =>
    e.type === "oracle:updated" && e.symbol === "WETH" && e.step >= 0 ? [BigInt(e.price)] : [],
  );
  return prices.length === 0 ? undefined : prices.reduce((a, b) => (b < a ? b : a));
}

export interface StopFacts {
  window: number;
  priceDrop: number;
  /** The block the stage was set at (before bob's dip) and the latest block. */
  firstBlock: number;
  lastBlock: number;
  /** Whether the last block watched still left someone below 1 at DEX A's price (the watch ran out). */
  unfinished: boolean;
  /** The lowest health factor at DEX A's price now, and whose: where the average settles. */
  lowestAtDex: { name: string; healthFactor: bigint };
}

/** What stopped the cascade (or kept it from starting), in sentences read from the run and the chain. */
export async function stopText(
  world: World,
  stage: CascadeStage,
  facts: StopFacts,
  runEvents: readonly SandboxEvent[],
): Promise<string> {
  const liquidations = await liquidationsIn(world, stage, facts.firstBlock, facts.lastBlock);
  const start = await dexPriceUsd(world, stage.dexPool, facts.firstBlock);
  const end = await dexPriceUsd(world, stage.dexPool, facts.lastBlock);
  if (liquidations.length === 0) {
    const lowest = lowestHealth(runEvents, stage);
    const closest = lowest
      ? ` The closest borrower, ${lowest.name}, bottomed at ${hfText(lowest.healthFactor)}: above 1.`
      : "";
    const noSale =
      "Without a liquidation there was no sale to push the price further: the cascade never started.";
    if (!stage.oracle)
      return (
        "No liquidation: the lending pool reads the Chainlink-style WETH/USD feed, which does not follow DEX A. " +
        `Bob's ${facts.priceDrop}% dip moved DEX A for one block, and no health factor with it. ${noSale}`
      );
    const oracleLow = lowestOraclePrice(runEvents) ?? start;
    const counted =
      facts.window === 1
        ? "the 1-block average followed bob's dip whole"
        : `the ${facts.window}-block average counted bob's one-block dip 1/${facts.window}`;
    return (
      `No liquidation: ${counted}. DEX A fell ${facts.priceDrop}% for one block, the oracle to ${formatUsd(oracleLow)} (${changeText(start, oracleLow)}).` +
      `${closest} ${noSale}`
    );
  }
  const sold = await wethSold(world, stage, facts.firstBlock, facts.lastBlock);
  const blocks = new Set(liquidations.map((l) => l.block)).size;
  const ran =
    `${liquidations.length} liquidation${liquidations.length === 1 ? "" : "s"} in ${blocks} block${blocks === 1 ? "" : "s"}: ` +
    `the liquidator sold ${worldAmount(world, sold, "WETH", 2)} on ${stage.dexPool.name}, which fell from ${formatUsd(start)} to ${formatUsd(end)} (${changeText(start, end)}), ` +
    `from bob's ${facts.priceDrop}% dip that lasted one block.`;
  const { name, healthFactor } = facts.lowestAtDex;
  const why = facts.unfinished
    ? `The scenario stopped watching at block #${facts.lastBlock}, the cascade still going: at DEX A's price ${name}'s health factor is ${hfText(healthFactor)}.`
    : `It stopped there: even at DEX A's price now, where the average settles, the lowest health factor is ${name}'s ${hfText(healthFactor)}, so no liquidation and no sale is left to push the price down.`;
  const lesson = stage.oracle
    ? " A longer window counts a one-block dip for less, and the Chainlink-style feed does not follow DEX A at all: run it again with a longer window, or with oracle feed."
    : "";
  return `${ran} ${why}${liquidatorTakeText(runEvents)}${lesson}`;
}
