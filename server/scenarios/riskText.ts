/**
 * A searcher's day in numbers, for narration: its equity after each block (from the balances the
 * engine read from the chain, valued as its risk controls value them: server/bots/kit/equity.ts), its
 * trades in a block with the gas each paid, and what its risk controls did.
 */
import { valueInWei } from "../bots/kit/equity";
import type { RiskLimits } from "../bots/kit/risk";
import type { BlockMined, MinedTx, RiskLimitHit, SandboxEvent } from "../events";
import { formatBps } from "../format";
import type { ActorName } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import type { World } from "../world/types";
import { eth } from "./auctionText";
import { endSentence } from "./text";

/** "trades of at most 250 ETH, a drawdown of at most 0.02 ETH, …": a bot's limits in words. */
export function limitsText(limits: RiskLimits): string {
  return (
    `trades of at most ${eth(limits.maxPosition)}; a drawdown stop at ${eth(limits.maxDrawdown)} below its peak equity; ` +
    `at least ${formatBps(BigInt(limits.minSuccessRateBps))} of its last ${limits.successWindow} trades succeeding; ` +
    `after ${limits.throttleAfterFailures} failures in a row, a pause of ${limits.throttleBlocks} blocks`
  );
}

/** `actor`'s equity in wei after each block of the run, oldest first. */
export function equityByBlock(
  world: World,
  events: readonly SandboxEvent[],
  actor: ActorName,
): { block: number; wei: bigint }[] {
  const prices = new Map<TokenSymbol, bigint>();
  const series: { block: number; wei: bigint }[] = [];
  for (const event of events) {
    if (event.type === "oracle:updated") prices.set(event.symbol as TokenSymbol, BigInt(event.price));
    if (event.type !== "balances:updated") continue;
    const row = event.actors.find((a) => a.actor === actor);
    if (!row) continue;
    const wei = row.balances.reduce(
      (sum, held) =>
        sum +
        (held.symbol === "ETH"
          ? BigInt(held.amount)
          : valueInWei(world, prices, held.symbol as TokenSymbol, BigInt(held.amount))),
      0n,
    );
    series.push({ block: event.block, wei });
  }
  return series;
}

/** What a mined transaction paid for gas: gasUsed · (base fee + tip), in wei. */
export function gasPaid(block: BlockMined, tx: MinedTx): bigint {
  return BigInt(tx.gasUsed) * (BigInt(block.baseFeePerGas) + BigInt(tx.tip));
}

/**
 * `actor`'s trades in the step's blocks (succeeded, or reverted and what the gas cost), its equity and
 * how far below its peak it is, and the limits its risk controls hit in the step.
 */
export function riskDay(
  world: World,
  runEvents: readonly SandboxEvent[],
  stepEvents: readonly SandboxEvent[],
  actor: ActorName,
  limits: RiskLimits,
): string {
  const trades = stepEvents
    .filter((e): e is BlockMined => e.type === "block:mined")
    .flatMap((block) =>
      block.txs
        .filter((tx) => tx.from.label === actor)
        .map((tx) =>
          tx.status === "success"
            ? `${actor}'s trade in block #${block.block} succeeded`
            : `${actor}'s trade in block #${block.block} reverted: it paid ${eth(gasPaid(block, tx))} of gas for nothing`,
        ),
    );
  const hits = stepEvents
    .filter((e): e is RiskLimitHit => e.type === "risk:limit-hit" && e.bot === actor)
    .map(
      (hit) =>
        `Its ${hit.control === "throttle" ? "throttle" : `${hit.control} limit`} acts: ${hit.explanation}`,
    );
  const series = equityByBlock(world, runEvents, actor);
  const last = series.at(-1);
  const peak = series.reduce((high, point) => (point.wei > high ? point.wei : high), 0n);
  // Its figures change with its trades; a limit that acts says them itself.
  const figures =
    last && trades.length > 0 && hits.length === 0
      ? `Its equity, read from the chain, is ${eth(last.wei)}: ${eth(peak - last.wei)} below its peak of ${eth(peak)} (its drawdown stop is at ${eth(limits.maxDrawdown)})`
      : "";
  return [...trades, figures, ...hits].filter(Boolean).map(endSentence).join(" ");
}

/** The whole run for `actor`: its trades mined, those reverted and the gas they paid, and its equity from start to end. */
export function dayTally(world: World, runEvents: readonly SandboxEvent[], actor: ActorName): string {
  const trades = runEvents
    .filter((e): e is BlockMined => e.type === "block:mined")
    .flatMap((block) => block.txs.filter((tx) => tx.from.label === actor).map((tx) => ({ block, tx })));
  const reverted = trades.filter(({ tx }) => tx.status === "reverted");
  const gas = trades.reduce((sum, { block, tx }) => sum + gasPaid(block, tx), 0n);
  const series = equityByBlock(world, runEvents, actor);
  const change = series.length > 0 ? series.at(-1)!.wei - series[0]!.wei : 0n;
  return (
    `Over the day ${actor} had ${trades.length} trade${trades.length === 1 ? "" : "s"} mined, ${reverted.length} of them reverted; ` +
    `they paid ${eth(gas)} of gas, and its equity changed by ${change < 0n ? "−" : "+"}${eth(change < 0n ? -change : change)}`
  );
}
