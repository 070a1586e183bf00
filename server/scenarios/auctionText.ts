/** What the auction scenarios tell learners: the bids, who won, what the builder took. Read from events. */
import type { AuctionBid, BlockBuilt, BlockMined, MinedTx, SandboxEvent } from "../events";
import { formatAmount, formatGwei } from "../format";
import { COINBASE_ADDRESS } from "../world/actors";
import type { World } from "../world/types";

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

/**
 * What the builder got in the block just mined, read from its balance, and how: bundles and their
 * payments, or the tips of public transactions.
 */
export async function builderTakeText(world: World, events: readonly SandboxEvent[]): Promise<string> {
  const block = lastBlock(events);
  if (!block || block.txs.length === 0) return "";
  const balance = (tag: number) => world.chain.provider.getBalance(COINBASE_ADDRESS, tag);
  const take = (await balance(block.block)) - (await balance(block.block - 1));
  const payments = block.txs.reduce((sum, tx) => sum + BigInt(tx.coinbasePayment), 0n);
  const bundles = [...new Set(block.txs.flatMap((tx) => (tx.bundle ? [tx.bundle] : [])))];
  const how =
    bundles.length > 0
      ? `${bundles.length} bundle${bundles.length === 1 ? "" : "s"} at the top of the block, ${eth(payments)} of it paid by transfer, the rest in tips`
      : "all in tips: the transactions were ordered by tip";
  return `The builder's balance grew by ${eth(take)} (${how}).`;
}
