/**
 * Which bundles go into a block. Those due now are screened (target block, timestamps); each is
 * simulated alone at the top of the block and dropped if it reverts, cannot run or pays nothing;
 * the rest are ranked and taken greedily, each simulated again after the ones already taken, so a
 * bundle whose opportunity a richer rival took is dropped as a conflict. Every bundle considered
 * gets an outcome saying why.
 */
import type { Chain } from "../chain/chain";
import type { BuilderOrdering, BundleDropReason, BundleOutcome } from "../events";
import { formatAmount, formatGwei } from "../format";
import type { RawTx } from "./bundleFormat";
import type { PendingBundle } from "./intake";
import { keepBestBackruns } from "./mevShareSelection";
import { bundleGasPrice, rankBundles } from "./ordering";
import { type Simulation, simulate, withSnapshot } from "./simulation";

/** Why a bundle was dropped, as its outcome says it. */
type Refusal = { reason: BundleDropReason; explanation: string };

const UNPROFITABLE: Refusal = {
  reason: "unprofitable",
  explanation: "it pays the builder nothing (no tip, no payment), so it earns no place in the block",
};

/** A bundle that passed alone, with what it pays and the outcome it will get. */
type ValuedBundle = PendingBundle & { coinbaseDiff: bigint; totalGasUsed: bigint; outcome: BundleOutcome };

/** The due bundles that can run in block `next` (too late or outside their timestamps: dropped). */
export function screenDue(
  due: readonly PendingBundle[],
  next: { number: number; timestamp: number },
  outcomes: BundleOutcome[],
): PendingBundle[] {
  const candidates: PendingBundle[] = [];
  for (const bundle of due) {
    const refusal = timingRefusal(bundle, next);
    if (refusal) outcomes.push(dropped(bundle, refusal.reason, refusal.explanation));
    else candidates.push(bundle);
  }
  return candidates;
}

/** Simulates, ranks and takes bundles for the top of the block; returns those taken, in block order. */
export async function selectBundles(
  chain: Chain,
  candidates: readonly PendingBundle[],
  timestamp: number,
  ordering: BuilderOrdering,
  outcomes: BundleOutcome[],
): Promise<PendingBundle[]> {
  const valued = keepBestBackruns(await valueAlone(chain, candidates, timestamp, outcomes), outcomes);
  const ranked = rankBundles(valued, ordering);
  const included: PendingBundle[] = [];
  for (const [rank, bundle] of ranked.entries()) {
    const conflict = included.length > 0 ? await conflictOf(chain, included, bundle, timestamp) : null;
    if (conflict) {
      outcomes.push({ ...bundle.outcome, outcome: "dropped", reason: "conflict", explanation: conflict });
      continue;
    }
    included.push(bundle);
    outcomes.push({
      ...bundle.outcome,
      outcome: "included",
      explanation: `it pays the builder ${formatAmount(bundle.coinbaseDiff, 18, 6)} ETH (${formatGwei(bundleGasPrice(bundle))} per gas), ranked #${rank + 1} of ${ranked.length} by ${ordering === "gas-price" ? "gas price" : "total payment"}`,
    });
  }
  return included;
}

function timingRefusal(bundle: PendingBundle, next: { number: number; timestamp: number }): Refusal | null {
  if (bundle.targetBlock < next.number) {
    return { reason: "too-late", explanation: `it targeted block #${bundle.targetBlock}, already mined` };
  }
  if (bundle.minTimestamp !== null && next.timestamp < bundle.minTimestamp) {
    return {
      reason: "timestamp",
      explanation: `block time ${next.timestamp} is before its minTimestamp ${bundle.minTimestamp}`,
    };
  }
  if (bundle.maxTimestamp !== null && next.timestamp > bundle.maxTimestamp) {
    return {
      reason: "timestamp",
      explanation: `block time ${next.timestamp} is after its maxTimestamp ${bundle.maxTimestamp}`,
    };
  }
  return null;
}

/** Simulates each bundle alone at the top of the block; drops those that fail or pay nothing. */
async function valueAlone(
  chain: Chain,
  candidates: readonly PendingBundle[],
  timestamp: number,
  outcomes: BundleOutcome[],
): Promise<ValuedBundle[]> {
  const valued: ValuedBundle[] = [];
  for (const bundle of candidates) {
    const sim = await withSnapshot(chain, () => simulate(chain, bundle.txs, timestamp));
    const outcome = outcomeOf(bundle, sim);
    const refusal = failureOf(bundle, sim) ?? (sim.coinbaseDiff <= 0n ? UNPROFITABLE : null);
    if (refusal) outcomes.push({ ...outcome, outcome: "dropped", ...refusal });
    else valued.push({ ...bundle, coinbaseDiff: sim.coinbaseDiff, totalGasUsed: sim.totalGasUsed, outcome });
  }
  return valued;
}

/** Why `bundle` fails once the bundles already taken run first, or null if it still passes. */
async function conflictOf(
  chain: Chain,
  included: readonly PendingBundle[],
  bundle: PendingBundle,
  timestamp: number,
): Promise<string | null> {
  const txs: RawTx[] = [...included.flatMap((b) => b.txs), ...bundle.txs];
  const sim = await withSnapshot(chain, () => simulate(chain, txs, timestamp));
  const failure = failureOf(bundle, sim);
  if (!failure) return null;
  const above = included.map((b) => shortHash(b.hash)).join(", ");
  return `${failure.explanation} once bundle ${above}, which pays more, runs first: they compete for the same state`;
}

/** Why a bundle cannot go in as simulated, or null. */
function failureOf(bundle: PendingBundle, sim: Simulation): Refusal | null {
  for (const tx of bundle.txs) {
    const refusal = sim.refused.get(tx.hash);
    if (refusal)
      return {
        reason: "invalid-nonce",
        explanation: `transaction ${shortHash(tx.hash)} is refused: ${refusal}`,
      };
    if (sim.missing.includes(tx.hash)) {
      return {
        reason: "invalid-nonce",
        explanation: `transaction ${shortHash(tx.hash)} has a nonce ahead of its sender's, so it cannot run`,
      };
    }
    const result = sim.results.find((r) => r.txHash === tx.hash);
    if (result?.error && !bundle.revertingTxHashes.has(tx.hash.toLowerCase())) {
      return {
        reason: "reverted",
        explanation: `transaction ${shortHash(tx.hash)} (#${bundle.txs.indexOf(tx) + 1} of the bundle) reverts and is not in revertingTxHashes`,
      };
    }
  }
  return null;
}

function outcomeOf(bundle: PendingBundle, sim: Simulation): BundleOutcome {
  return {
    ...dropped(bundle, null, ""),
    coinbaseDiff: sim.coinbaseDiff.toString(),
    totalGasUsed: sim.totalGasUsed.toString(),
    bundleGasPrice: bundleGasPrice(sim).toString(),
  };
}

function dropped(bundle: PendingBundle, reason: BundleDropReason | null, explanation: string): BundleOutcome {
  return {
    bundle: bundle.hash,
    origin: bundle.origin,
    outcome: "dropped",
    reason,
    explanation,
    txs: bundle.txs.map((tx) => tx.hash),
    coinbaseDiff: "0",
    totalGasUsed: "0",
    bundleGasPrice: "0",
    position: null,
  };
}

function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…`;
}
