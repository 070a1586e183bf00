/**
 * MEV-Share's auction at block time: of the back-runs of one shared transaction, the builder keeps
 * the one that pays it most (each simulated alone at the top of the block; the user's own fees are
 * the same in all of them, so the highest coinbaseDiff is the highest back-run payment, and with it
 * the highest refund). The others are dropped as conflicts: they all need the same transaction.
 */
import type { BundleOutcome } from "../events";
import { formatAmount } from "../format";
import type { BackrunTerms } from "./mevShareFormat";

interface Valued {
  hash: string;
  arrival: number;
  coinbaseDiff: bigint;
  outcome: BundleOutcome;
  mevShare?: BackrunTerms;
}

/** `valued` without the back-runs outbid for the same shared transaction; each one dropped gets its outcome. */
export function keepBestBackruns<T extends Valued>(valued: readonly T[], outcomes: BundleOutcome[]): T[] {
  const best = new Map<string, T>();
  for (const bundle of valued) {
    if (!bundle.mevShare) continue;
    const rival = best.get(bundle.mevShare.order);
    const pays = (b: T) => b.coinbaseDiff;
    if (
      !rival ||
      pays(bundle) > pays(rival) ||
      (pays(bundle) === pays(rival) && bundle.arrival < rival.arrival)
    )
      best.set(bundle.mevShare.order, bundle);
  }
  return valued.filter((bundle) => {
    const winner = bundle.mevShare && best.get(bundle.mevShare.order);
    if (!winner || winner === bundle) return true;
    outcomes.push({
      ...bundle.outcome,
      outcome: "dropped",
      reason: "conflict",
      explanation: `another back-run of the same shared transaction ${winner.mevShare!.order.slice(0, 10)}… pays the builder more: ${eth(winner.coinbaseDiff)} against ${eth(bundle.coinbaseDiff)}, user's fees included`,
    });
    return false;
  });
}

function eth(wei: bigint): string {
  return `${formatAmount(wei, 18, 6)} ETH`;
}
