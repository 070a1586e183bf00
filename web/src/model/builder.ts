/**
 * The builder's private flow: the bundles it received with what became of each (included, dropped
 * and why, cancelled, replaced), and its report of each block it built.
 */
import type {
  BlockBuilt,
  BundleDropReason,
  BundleOutcome,
  BundleReceived,
  BundleTx,
} from "../../../server/events";
import type { BlocksSlice } from "./blocks";
import { sameHash, upsertBy } from "./lists";
import type { SliceReducer } from "./slice";

/** Where a bundle stands: waiting for its block, or what became of it. */
export type BundleStatus =
  | { kind: "pending" }
  | { kind: "included"; block: number; position: number | null; explanation: string }
  | { kind: "dropped"; block: number; reason: BundleDropReason; explanation: string }
  | { kind: "cancelled" }
  | { kind: "replaced"; by: string };

/** A bundle the builder received, with what became of it. Only the builder saw it before its block. */
export interface BundleView {
  hash: string;
  origin: string;
  targetBlock: number;
  replacementUuid: string | null;
  replaces: string | null;
  /** Decoded transactions in bundle order (empty when only the build report named it). */
  txs: BundleTx[];
  /** The step it arrived in. */
  step: number;
  /** Its direct payments to the block producer (coinbase transfers), in wei, as sent. */
  payments: string;
  /** The builder's simulation at the top of the block it targeted, once that block was built. */
  simulated: { coinbaseDiff: string; totalGasUsed: string; bundleGasPrice: string } | null;
  /** What its mined transactions paid the producer (priority fees + direct payments), in wei; once included. */
  paid: string | null;
  status: BundleStatus;
}

/** How the builder built one block (block:built without the run's stamps). */
export type BuildView = Omit<BlockBuilt, "type" | "runId" | "step">;

export interface BuilderSlice {
  /** Bundles the builder received, in arrival order, one per bundle hash. */
  bundles: BundleView[];
  /** The builder's report of each block it built with bundles or protected transactions, in block order. */
  builds: BuildView[];
}

/** Reads the blocks: what an included bundle paid is read from its mined transactions. */
export const builderReducer: SliceReducer<BuilderSlice, BuilderSlice & BlocksSlice> = {
  empty: { bundles: [], builds: [] },
  reduce(state, event) {
    switch (event.type) {
      case "bundle:received":
        return { bundles: receiveBundle(state.bundles, event) };
      case "bundle:cancelled":
        return { bundles: withStatus(state.bundles, event.bundle, { kind: "cancelled" }) };
      case "block:built":
        return applyBuild(state, event);
      default:
        return {};
    }
  },
};

function withStatus(bundles: readonly BundleView[], hash: string, status: BundleStatus): BundleView[] {
  return bundles.map((b) => (sameHash(b.hash, hash) ? { ...b, status } : b));
}

/** A new bundle (or the same one sent again, for a later block); the one it replaces is marked so. */
function receiveBundle(bundles: readonly BundleView[], event: BundleReceived): BundleView[] {
  const payments = event.txs.reduce((sum, tx) => sum + BigInt(tx.coinbasePayment), 0n);
  const bundle: BundleView = {
    hash: event.bundle,
    origin: event.origin,
    targetBlock: event.targetBlock,
    replacementUuid: event.replacementUuid,
    replaces: event.replaces,
    txs: event.txs,
    step: event.step,
    payments: payments.toString(),
    simulated: null,
    paid: null,
    status: { kind: "pending" },
  };
  const list = upsertBy(bundles, bundle, (b) => sameHash(b.hash, event.bundle));
  return event.replaces ? withStatus(list, event.replaces, { kind: "replaced", by: event.bundle }) : list;
}

/** The builder's report: each bundle's outcome, and what the included ones paid on chain. */
function applyBuild(state: BuilderSlice & BlocksSlice, event: BlockBuilt): Partial<BuilderSlice> {
  const { type: _type, runId: _runId, step: _step, ...build } = event;
  const block = state.blocks.find((b) => b.number === event.block);
  let bundles = [...state.bundles];
  for (const outcome of event.bundles) {
    const known = bundles.find((b) => sameHash(b.hash, outcome.bundle)) ?? unknownBundle(outcome, event);
    const mined = block?.txs.filter((tx) => tx.bundle !== null && sameHash(tx.bundle, outcome.bundle)) ?? [];
    const paid =
      outcome.outcome === "included" && block
        ? mined.reduce((sum, tx) => sum + BigInt(tx.coinbaseFee) + BigInt(tx.coinbasePayment), 0n).toString()
        : null;
    const updated: BundleView = {
      ...known,
      status: statusOf(outcome, event.block),
      paid,
      simulated: {
        coinbaseDiff: outcome.coinbaseDiff,
        totalGasUsed: outcome.totalGasUsed,
        bundleGasPrice: outcome.bundleGasPrice,
      },
    };
    bundles = upsertBy(bundles, updated, (b) => sameHash(b.hash, outcome.bundle));
  }
  const builds = upsertBy(state.builds, build, (b) => b.block === event.block).sort(
    (a, b) => a.block - b.block,
  );
  return { bundles, builds };
}

function statusOf(outcome: BundleOutcome, block: number): BundleStatus {
  return outcome.outcome === "included"
    ? { kind: "included", block, position: outcome.position, explanation: outcome.explanation }
    : { kind: "dropped", block, reason: outcome.reason ?? "reverted", explanation: outcome.explanation };
}

/** A bundle only the build report names (received before this view's run started): no decoded txs. */
function unknownBundle(outcome: BundleOutcome, event: BlockBuilt): BundleView {
  return {
    hash: outcome.bundle,
    origin: outcome.origin,
    targetBlock: event.block,
    replacementUuid: null,
    replaces: null,
    txs: [],
    step: event.step,
    payments: "0",
    simulated: null,
    paid: null,
    status: { kind: "pending" },
  };
}

/** Bundles still waiting for their block: what only the builder sees of the next block's flow. */
export function pendingBundles(state: BuilderSlice): BundleView[] {
  return state.bundles.filter((b) => b.status.kind === "pending");
}

/** The bundle a mined transaction came in, if the view knows it. */
export function bundleOf(state: BuilderSlice, hash: string | null): BundleView | undefined {
  return hash === null ? undefined : state.bundles.find((b) => sameHash(b.hash, hash));
}

/** The builder's report for block `number`, if it built that block with private flow. */
export function buildOf(state: BuilderSlice, number: number): BuildView | undefined {
  return state.builds.find((b) => b.block === number);
}
