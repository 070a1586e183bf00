/**
 * The builder for the REST API: submit, simulate, read and configure, the same operations the
 * JSON-RPC methods offer (eth_sendBundle, eth_callBundle), with the same validation and messages.
 * A refused bundle is a 400 carrying the builder's message.
 */
import type { Builder, CallBundleResult, PendingBundle } from "../builder/builder";
import { BundleError, callBundleSchema, parseBundleParams, sendBundleSchema } from "../builder/bundleFormat";
import { invalidInput } from "../errors";
import type { BlockBuilt, BuilderOrdering, EventDraft } from "../events";
import type { ChainLock } from "./lock";

/** How many of the latest build reports GET /api/mev/builder returns. */
export const BUILDER_REPORTS_SHOWN = 10;

/** A pending bundle as the API shows it (hashes, not signed bytes). */
export interface PendingBundleView {
  bundleHash: string;
  txs: string[];
  blockNumber: number;
  minTimestamp: number | null;
  maxTimestamp: number | null;
  revertingTxHashes: string[];
  /** Shown to the instructor only (anyone holding it could replace or cancel the bundle); else null. */
  replacementUuid: string | null;
  /** Whether the bundle was sent with a replacementUuid. */
  replaceable: boolean;
  origin: string;
}

export interface BuilderView {
  ordering: BuilderOrdering;
  pendingBundles: PendingBundleView[];
  /** Hashes of protected transactions waiting for the next block. */
  pendingProtected: string[];
  /** The latest blocks the builder built with a bundle or a protected transaction, newest first. */
  recentBlocks: EventDraft<BlockBuilt>[];
}

function viewOf(bundle: PendingBundle, withUuid: boolean): PendingBundleView {
  return {
    bundleHash: bundle.hash,
    txs: bundle.txs.map((tx) => tx.hash),
    blockNumber: bundle.targetBlock,
    minTimestamp: bundle.minTimestamp,
    maxTimestamp: bundle.maxTimestamp,
    revertingTxHashes: [...bundle.revertingTxHashes],
    replacementUuid: withUuid ? bundle.replacementUuid : null,
    replaceable: bundle.replacementUuid !== null,
    origin: bundle.origin,
  };
}

/** Runs a builder call; a BundleError becomes a 400 with the builder's message. */
async function asRequest<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BundleError) throw invalidInput("invalid_bundle", error.message);
    throw error;
  }
}

export class BundleDesk {
  constructor(
    private readonly builder: Builder,
    private readonly lock: ChainLock,
  ) {}

  /**
   * eth_sendBundle's parameters object; the bundle waits for its block. It belongs to `signer` (who
   * signed the request with X-Flashbots-Signature), else to its first transaction's sender.
   */
  submit(params: unknown, signer?: string): Promise<{ bundleHash: string }> {
    return asRequest(() => {
      const parsed = parseBundleParams("eth_sendBundle", sendBundleSchema, params);
      // Like the JSON-RPC method: not while a block is being built (it reads the next block number).
      return this.builder.exclusive(() => this.builder.sendBundle(parsed, "api", signer));
    });
  }

  /** eth_callBundle's parameters object, run at the top of the next block; nothing is kept. */
  simulate(params: unknown): Promise<CallBundleResult> {
    return asRequest(() => {
      const parsed = parseBundleParams("eth_callBundle", callBundleSchema, params);
      return this.lock.run(() => this.builder.callBundle(parsed), "outside");
    });
  }

  /** The builder as readers see it; `withUuids` (the instructor) shows the bundles' replacementUuids. */
  view({ withUuids }: { withUuids: boolean }): BuilderView {
    return {
      ordering: this.builder.ordering,
      pendingBundles: this.builder.pendingBundles().map((bundle) => viewOf(bundle, withUuids)),
      pendingProtected: this.builder.pendingProtected().map((tx) => tx.hash),
      recentBlocks: this.builder.recentReports(BUILDER_REPORTS_SHOWN),
    };
  }

  /** Changes the ordering between two blocks (never in the middle of one being built). */
  async setOrdering(ordering: BuilderOrdering): Promise<{ ordering: BuilderOrdering }> {
    await this.builder.exclusive(async () => this.builder.setOrdering(ordering));
    return { ordering: this.builder.ordering };
  }
}
