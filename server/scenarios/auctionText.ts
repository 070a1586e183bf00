/** What the auction scenarios tell learners: the bids, who won, what the builder took. Read from events. */
import type { AuctionBid, BlockBuilt, BlockMined, MinedTx, SandboxEvent } from "../events";
import { formatAmount, formatGwei } from "../format";
import type { World } from "../world/types";
import { poolNamed, reservesFor } from "./text";

export function eth(wei: bigint | string): string {
  return `${formatAmount(BigInt(wei), 18, 6)} ETH`;
}

/** "12.34%": `part` as a share of `whole`. */
export function share(part: bigint, whole: bigint): string {
  if (whole <= 0n) return "—";
  return `${formatAmount((part * 10_000n) / whole, 2, 2, 2)}%`;
}

export function bidsIn(events: readonly SandboxEvent[]): AuctionBid[] {
  return events.filter((e): e is AuctionBid => e.type === "auction:bid");
}

export function lastBlock(events: readonly SandboxEvent[]): BlockMined | undefined {
  return events.filter((e): e is BlockMined => e.type === "block:mined").at(-1);
}

export function lastBuild(events: readonly SandboxEvent[]): BlockBuilt | undefined {
  return events.filter((e): e is BlockBuilt => e.type === "block:built").at(-1);
}

/** The WETH price on both DEXes, for narration. */
export async function wethPrices(world: World): Promise<string> {
  const parts: string[] = [];
  for (const name of ["DEX A WETH/USDC", "DEX B WETH/USDC"]) {
    const { reserveIn, reserveOut } = await reservesFor(poolNamed(world, name), "WETH");
    parts.push(`${name}: 1 WETH = ${formatAmount((reserveOut * 10n ** 18n) / reserveIn, 6, 2)} USDC`);
  }
  return parts.join("; ");
}

/** "arbitrageur: 2 → 2.5 → 3.125 gwei": each bot's public bids in order, per gas and in total. */
export function publicBidsText(bids: readonly AuctionBid[]): string {
  const bots = [...new Set(bids.map((b) => b.bot))];
  return bots
    .map((bot) => {
      const own = bids.filter((b) => b.bot === bot);
      const last = own.at(-1)!;
      return (
        `${bot} bid ${own.length} time${own.length === 1 ? "" : "s"}: ${own.map((b) => formatGwei(BigInt(b.tipPerGas))).join(" → ")} ` +
        `(last bid ${eth(last.bid.amount)} for its estimated gas, of a value of ${eth(last.value.amount)})`
      );
    })
    .join("; ");
}

/** The bid whose carrier (transaction or bundle) is `hash`. */
export function bidCarrying(bids: readonly AuctionBid[], hash: string): AuctionBid | undefined {
  return bids.find((b) => b.carrier.toLowerCase() === hash.toLowerCase());
}

/** What the producer earned from a mined transaction: priority fees plus payments. */
export function builderTakeOf(tx: MinedTx): bigint {
  return BigInt(tx.coinbaseFee) + BigInt(tx.coinbasePayment);
}
