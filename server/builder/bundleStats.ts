/**
 * What Flashbots' flashbots_getBundleStatsV2 and flashbots_getUserStatsV2 answer, from what the
 * builder saw: when each bundle arrived (wall-clock, kept here and never in the events), and each
 * block's build report (which bundles it considered and sealed, what they paid and used).
 */
import type { BuildReport } from "./reports";

/** The sandbox's one builder, named as Flashbots names builders in these answers. */
export const BUILDER_NAME = "mev-sandbox-builder";
/** How many bundles' stats are kept (the oldest go first). */
const KEPT = 2_000;
const DAY_MS = 86_400_000;

interface BundleRecord {
  owner: string;
  receivedAt: number;
  considered: { block: number; at: number; included: boolean; payment: bigint; gas: bigint }[];
}

export interface BundleStatsV2 {
  isHighPriority: boolean;
  isSimulated: boolean;
  simulatedAt?: string;
  receivedAt: string;
  consideredByBuildersAt: { pubkey: string; timestamp: string }[];
  sealedByBuildersAt: { pubkey: string; timestamp: string }[];
}

export interface UserStatsV2 {
  isHighPriority: boolean;
  allTimeValidatorPayments: string;
  allTimeGasSimulated: string;
  last7dValidatorPayments: string;
  last7dGasSimulated: string;
  last1dValidatorPayments: string;
  last1dGasSimulated: string;
}

export class BundleStats {
  private readonly bundles = new Map<string, BundleRecord>();

  received(hash: string, owner: string, at = Date.now()): void {
    this.bundles.delete(hash);
    this.bundles.set(hash, { owner: owner.toLowerCase(), receivedAt: at, considered: [] });
    if (this.bundles.size > KEPT) this.bundles.delete(this.bundles.keys().next().value!);
  }

  /** A block was built: every bundle it considered, included (sealed) or not. */
  built(report: BuildReport, at = Date.now()): void {
    for (const outcome of report.bundles) {
      this.bundles.get(outcome.bundle)?.considered.push({
        block: report.block,
        at,
        included: outcome.outcome === "included",
        payment: BigInt(outcome.coinbaseDiff),
        gas: BigInt(outcome.totalGasUsed),
      });
    }
  }

  /** A bundle's stats for the block it targeted; undefined when the builder never received it. */
  bundle(hash: string, blockNumber: number): BundleStatsV2 | undefined {
    const record = this.bundles.get(hash);
    if (!record) return undefined;
    const inBlock = record.considered.filter((c) => c.block === blockNumber);
    const stamp = (at: number) => ({ pubkey: BUILDER_NAME, timestamp: new Date(at).toISOString() });
    return {
      isHighPriority: true,
      isSimulated: inBlock.length > 0,
      ...(inBlock[0] ? { simulatedAt: new Date(inBlock[0].at).toISOString() } : {}),
      receivedAt: new Date(record.receivedAt).toISOString(),
      consideredByBuildersAt: inBlock.map((c) => stamp(c.at)),
      sealedByBuildersAt: inBlock.filter((c) => c.included).map((c) => stamp(c.at)),
    };
  }

  /** A searcher's totals: what its included bundles paid the builder (wei) and the gas simulated for it. */
  user(owner: string, now = Date.now()): UserStatsV2 {
    const considered = [...this.bundles.values()]
      .filter((record) => record.owner === owner.toLowerCase())
      .flatMap((record) => record.considered);
    const since = (ms: number) => {
      const recent = considered.filter((c) => c.at >= now - ms);
      const paid = recent.filter((c) => c.included).reduce((sum, c) => sum + c.payment, 0n);
      const gas = recent.reduce((sum, c) => sum + c.gas, 0n);
      return [paid.toString(), gas.toString()] as const;
    };
    const [allPaid, allGas] = since(Number.POSITIVE_INFINITY);
    const [weekPaid, weekGas] = since(7 * DAY_MS);
    const [dayPaid, dayGas] = since(DAY_MS);
    return {
      isHighPriority: true,
      allTimeValidatorPayments: allPaid,
      allTimeGasSimulated: allGas,
      last7dValidatorPayments: weekPaid,
      last7dGasSimulated: weekGas,
      last1dValidatorPayments: dayPaid,
      last1dGasSimulated: dayGas,
    };
  }

  clear(): void {
    this.bundles.clear();
  }
}
