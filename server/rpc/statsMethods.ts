/**
 * Flashbots' searcher statistics: flashbots_getBundleStatsV2 (a bundle: when the builder received,
 * simulated, considered and sealed it) and flashbots_getUserStatsV2 (the signer's payments to the
 * builder and gas simulated), answered from what this sandbox's builder saw (server/builder/bundleStats.ts).
 */
import type { Builder } from "../builder/builder";
import {
  BundleError,
  bundleStatsSchema,
  parseBundleParams,
  toBlockNumber,
  userStatsSchema,
} from "../builder/bundleFormat";

export const STATS_METHODS = new Set(["flashbots_getBundleStatsV2", "flashbots_getUserStatsV2"]);

export function statsMethod(
  method: string,
  params: unknown,
  builder: Builder,
  signer: string | undefined,
): unknown {
  if (method === "flashbots_getBundleStatsV2") {
    const { bundleHash, blockNumber } = parseBundleParams(method, bundleStatsSchema, params);
    const stats = builder.stats.bundle(bundleHash.toLowerCase(), toBlockNumber(blockNumber));
    if (!stats) throw new BundleError(`${method}: the builder never received bundle ${bundleHash}`);
    return stats;
  }
  parseBundleParams(method, userStatsSchema, params);
  if (!signer) {
    throw new BundleError(
      `${method} answers for whoever signs the request: add the X-Flashbots-Signature header (<address>:<EIP-191 signature of keccak256(body)>)`,
    );
  }
  return builder.stats.user(signer);
}
