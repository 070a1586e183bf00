/**
 * The inspector's figures beside the actors' profit and loss. The inspector counts what the labelled
 * transactions moved (a sandwich's gain before gas, a victim's loss against the same trade without the
 * attack, a liquidation's bonus at oracle prices); the P&L counts every balance change over the run,
 * gas and payments included, at end-of-run prices. Where they differ, one sentence per actor says why.
 */
import type { Engine } from "../engine/engine";
import type {
  ActorPnl,
  MevClassified,
  OpportunityKind,
  SandboxEvent,
  TokenAmount,
  Valuation,
} from "../events";
import { formatTokenAmount, formatUsd, formatSignedUsd as signedUsd } from "../format";
import type { World } from "../world/types";

/** What an inspector's profit figure is, by kind of label. */
const FIGURE_MEANS: Record<OpportunityKind, string> = {
  sandwich: "what its two trades around the victim gained in the block, before gas",
  arbitrage: "what its cycle gained in the block, before gas",
  backrun: "what its cycle gained in the block, before gas",
  liquidation: "the collateral's bonus valued at the oracle's prices, before gas",
  jit: "its position valued at the pool's price before the swap, before gas",
};

/** "+$264.60 at oracle prices and +$210.10 at DEX A's prices": both valuations, or one where they agree. */
export function pnlValues(row: ActorPnl, dex: string): string {
  const oracle = BigInt(row.valueUsd);
  const atDex = BigInt(row.valueUsdDex);
  return formatUsd(oracle) === formatUsd(atDex)
    ? `${signedUsd(oracle)} at oracle and ${dex}'s prices alike`
    : `${signedUsd(oracle)} at oracle prices and ${signedUsd(atDex)} at ${dex}'s prices`;
}

/** "WETH at $1,760.00 by the oracle and $1,982.01 on DEX A": the prices that disagree for `row`'s holdings. */
export function disagreeingPrices(row: ActorPnl, valuation: Valuation): string {
  const held = new Set(row.changes.map((c) => (c.symbol === "ETH" ? "WETH" : c.symbol)));
  const differing = valuation.prices.filter((p) => held.has(p.symbol) && p.differs);
  if (differing.length === 0) return "";
  return differing
    .map(
      (p) =>
        `${p.symbol} at ${formatUsd(BigInt(p.oracleUsd))} by the oracle and ${formatUsd(BigInt(p.dexUsd))} on ${valuation.dex}`,
    )
    .join("; ");
}

/** The actor an address belongs to: the actor itself, or the actor owning that contract (its executor). */
function actorOf(world: World, address: string): string | undefined {
  const a = address.toLowerCase();
  for (const [name, actor] of Object.entries(world.actors)) {
    if (actor.address.toLowerCase() === a) return name;
    const owned = world.ownedContracts[name as keyof typeof world.ownedContracts] ?? [];
    if (owned.some((c) => c.toLowerCase() === a)) return name;
  }
  return undefined;
}

function figureText(amount: TokenAmount): string {
  return amount.symbol === "USD" ? formatUsd(BigInt(amount.amount)) : formatTokenAmount(amount);
}

function changesText(row: ActorPnl): string {
  return row.changes.map((c) => `${BigInt(c.amount) > 0n ? "+" : ""}${formatTokenAmount(c)}`).join(", ");
}

function tail(row: ActorPnl, valuation: Valuation): string {
  const prices = disagreeingPrices(row, valuation);
  return `every balance change over the run (${changesText(row)}), at end-of-run prices${prices ? `: ${prices}` : ""}`;
}

interface Figure {
  label: MevClassified;
  profit: TokenAmount;
}

/** Whether the P&L is exactly the inspector's one figure: a single change, of the same amount. */
function sameAsFigure(row: ActorPnl, figures: readonly Figure[]): boolean {
  const [only] = row.changes;
  const [figure] = figures;
  return (
    figures.length === 1 &&
    row.changes.length === 1 &&
    only!.symbol === figure!.profit.symbol &&
    only!.amount === figure!.profit.amount
  );
}

/** A searcher's (or liquidator's, or provider's) P&L beside the inspector's figures for it. */
function takerSentence(
  actor: string,
  row: ActorPnl,
  figures: readonly Figure[],
  valuation: Valuation,
): string {
  const kind = figures[0]!.label.kind;
  const fee = figures.find((f) => f.label.feeShare)?.label.feeShare;
  const means = `${FIGURE_MEANS[kind]}${fee ? ` (its fee share is ${formatTokenAmount(fee)})` : ""}`;
  return (
    `${actor}'s P&L is ${pnlValues(row, valuation.dex)} where the inspector counts ` +
    `${figures.map((f) => figureText(f.profit)).join(" + ")}: that figure is ${means}, while the P&L counts ${tail(row, valuation)}.`
  );
}

/** A victim's P&L beside the loss the inspector measured against the trade without the attack. */
function victimSentence(actor: string, row: ActorPnl, label: MevClassified, valuation: Valuation): string {
  const loss = formatTokenAmount(label.victim!.loss);
  return (
    `${actor}'s P&L is ${pnlValues(row, valuation.dex)} where the inspector counts a loss of ${loss}: that loss is ` +
    `what the attack took, against the same trade without it, while the P&L also counts gas, the pool's fee and the ` +
    `trade's own price impact, in ${tail(row, valuation)}.`
  );
}

/**
 * One sentence per actor the step's labels name (profit takers, and victims who lost), reconciling
 * the inspector's figure with the actor's P&L over the run so far; "" when there is no label.
 */
export async function settlement(engine: Engine, events: readonly SandboxEvent[]): Promise<string> {
  const labels = events.filter((e): e is MevClassified => e.type === "mev:classified");
  if (labels.length === 0) return "";
  const { pnl, valuation } = await engine.pnl();
  const rows = new Map(pnl.map((row) => [row.actor, row]));
  const out: string[] = [];
  const takers = new Map<string, Figure[]>();
  for (const label of labels)
    for (const { actor, profit } of label.profits) {
      const name = actorOf(engine.world, actor.address);
      if (name) takers.set(name, [...(takers.get(name) ?? []), { label, profit }]);
    }
  for (const [name, figures] of takers) {
    const row = rows.get(name);
    if (row && !sameAsFigure(row, figures)) out.push(takerSentence(name, row, figures, valuation));
  }
  for (const label of labels) {
    const name = label.victim && actorOf(engine.world, label.victim.actor.address);
    const row = name ? rows.get(name) : undefined;
    if (name && row && BigInt(label.victim!.loss.amount) > 0n)
      out.push(victimSentence(name, row, label, valuation));
  }
  return out.join(" ");
}
