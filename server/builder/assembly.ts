/**
 * Assembling the next block in the node's pool (Hardhat mines it FIFO, so the builder owns the
 * order): the pool is read in block order (poolOrder.ts); with bundles or protected transactions it
 * is dropped, the chosen bundles are sent first (selection.ts), then public and protected
 * transactions by tip, skipping any whose sender and nonce a bundle used. With public transactions
 * alone, only those that must move are dropped and re-sent (fifo.ts). The caller mines. After the
 * block is mined, the build report says where each bundle landed.
 */
import type { Chain } from "../chain/chain";
import type { BuilderOrdering, BundleOutcome } from "../events";
import type { PoolArrivals } from "./arrivals";
import type { RawTx } from "./bundleFormat";
import { transactionsToResend } from "./fifo";
import type { Intake, PendingBundle } from "./intake";
import type { MevShare } from "./mevShare";
import { orderByTip } from "./ordering";
import type { PrivateOrigins } from "./origins";
import { dropPool, rawTxOf, readPool, sendAll } from "./pool";
import { type PoolRead, readPoolInBlockOrder } from "./poolOrder";
import type { BuildReport } from "./reports";
import { screenDue, selectBundles } from "./selection";

/** What went into the pool for block `number`, kept until the block is mined and reported. */
export interface BuildPlan {
  number: number;
  timestamp: number;
  outcomes: BundleOutcome[];
  included: PendingBundle[];
  protectedTxs: RawTx[];
  publicTxs: number;
}

/** What assembling a block reads and changes. */
export interface AssemblyContext {
  chain: Chain;
  intake: Intake;
  origins: PrivateOrigins;
  ordering: BuilderOrdering;
  /** MEV-Share: back-runs due in this block, and the refunds that follow them. */
  mevShare: MevShare;
  /** Where each pooled transaction stands in the node's pool; told what the builder re-sends. */
  arrivals: PoolArrivals;
}

/** The block to assemble: its number, time and gas limit. */
export interface NextBlock {
  number: number;
  timestamp: number;
  gasLimit: bigint;
}

/** Puts the next block's transactions into the pool in block order; the caller mines. */
export async function assembleBlock(context: AssemblyContext, next: NextBlock): Promise<BuildPlan> {
  const { number, timestamp } = next;
  const plan: BuildPlan = { number, timestamp, outcomes: [], included: [], protectedTxs: [], publicTxs: 0 };
  const due = [...context.intake.takeDue(number), ...context.mevShare.due(number)];
  const candidates = screenDue(due, next, plan.outcomes);
  const protectedTxs = context.intake.takeProtected();
  const read = await readPoolInBlockOrder(context.chain, context.arrivals, next.gasLimit);
  plan.publicTxs = read.txs.length;
  if (candidates.length === 0 && protectedTxs.length === 0) {
    await sortPublicPool(context, read);
    return plan;
  }
  const pool = read.txs.map((tx) => rawTxOf(tx.rpc));
  await withRecovery(context, pool, protectedTxs, async () => {
    await dropPool(context.chain, pool);
    plan.included = await selectBundles(
      context.chain,
      candidates,
      next.timestamp,
      context.ordering,
      plan.outcomes,
    );
    plan.included = await context.mevShare.settle(plan.included, next.timestamp);
    const rest = publicAfterBundles(context.chain, plan.included, [...pool, ...protectedTxs]);
    plan.protectedTxs = protectedTxs.filter((tx) => rest.includes(tx));
    rememberPrivate(context.origins, plan);
    await resend(context, [...plan.included.flatMap((bundle) => bundle.txs), ...rest]);
  });
  return plan;
}

/**
 * After the block is mined: marks where each included bundle landed and returns the build report,
 * or null when the block had no bundle and no protected transaction.
 */
export function buildReportOf(
  plan: BuildPlan,
  blockTxs: readonly string[],
  ordering: BuilderOrdering,
): BuildReport | null {
  if (plan.outcomes.length === 0 && plan.protectedTxs.length === 0) return null;
  const index = new Map(blockTxs.map((hash, i) => [hash.toLowerCase(), i]));
  for (const outcome of plan.outcomes) {
    if (outcome.outcome !== "included") continue;
    outcome.position = index.get(outcome.txs[0]!.toLowerCase()) ?? null;
    outcome.explanation +=
      outcome.position === null ? "" : `; its first transaction is #${outcome.position + 1} in the block`;
  }
  return {
    type: "block:built",
    block: plan.number,
    ordering,
    bundles: plan.outcomes,
    protectedTxs: plan.protectedTxs.filter((tx) => index.has(tx.hash.toLowerCase())).map((tx) => tx.hash),
    publicTxs: plan.publicTxs,
  };
}

/**
 * Nothing private: puts the pool in tip order. When the builder knows each transaction's place in
 * the pool, only those that must move are dropped and re-sent; else all are (none when the arrival
 * order is already the tip order).
 */
async function sortPublicPool(context: AssemblyContext, read: PoolRead): Promise<void> {
  const publicOrder = orderByTip(read.txs, context.chain.baseFeePerGas);
  if (publicOrder.every((tx, i) => tx.hash === read.txs[i]!.hash)) return;
  const moving = (read.placed ? transactionsToResend(publicOrder) : publicOrder).map((tx) => rawTxOf(tx.rpc));
  await dropPool(context.chain, moving);
  await resend(context, moving);
}

/** Sends transactions into the pool in this order, and notes their new places. */
async function resend(context: AssemblyContext, txs: readonly RawTx[]): Promise<void> {
  await sendAll(context.chain, txs);
  context.arrivals.recordSent(txs.map((tx) => tx.hash));
}

/** Public and protected transactions by tip, without those whose sender and nonce a bundle used. */
function publicAfterBundles(
  chain: Chain,
  included: readonly PendingBundle[],
  txs: readonly RawTx[],
): RawTx[] {
  const taken = new Set(included.flatMap((b) => b.txs.map((tx) => nonceKey(tx))));
  return orderByTip(txs, chain.baseFeePerGas).filter((tx) => !taken.has(nonceKey(tx)));
}

function rememberPrivate(origins: PrivateOrigins, plan: BuildPlan): void {
  for (const bundle of plan.included) {
    for (const tx of bundle.txs) origins.remember(tx.hash, { source: "bundle", bundle: bundle.hash });
  }
  for (const tx of plan.protectedTxs) origins.remember(tx.hash, { source: "protected", bundle: null });
}

/**
 * Runs `task`; if it fails, the public pool is put back as it was and the protected transactions
 * wait for the next block (nothing is lost), and the error is rethrown. No snapshot is taken: one
 * per block would be kept by the node for ever.
 */
async function withRecovery(
  context: AssemblyContext,
  pool: readonly RawTx[],
  protectedTxs: readonly RawTx[],
  task: () => Promise<void>,
): Promise<void> {
  try {
    await task();
  } catch (error) {
    await dropPool(context.chain, await readPool(context.chain));
    await sendAll(context.chain, pool);
    context.arrivals.forget();
    context.intake.requeueProtected(protectedTxs);
    throw error;
  }
}

function nonceKey(tx: { from: string; nonce: number }): string {
  return `${tx.from.toLowerCase()}:${tx.nonce}`;
}
