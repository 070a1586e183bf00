/**
 * What MEV-Share brings the builder: private transactions shared with hints, and mev_sendBundle —
 * a back-run of a shared transaction (held for its blocks by mevShare.ts, refunded at block time), or
 * a user's own bundle, held for inclusion.block as eth_sendBundle holds one, and shared when it names
 * hints. Back-runs are announced like every bundle (`bundle:received`) and counted in the statistics.
 */
import type { Chain } from "../chain/chain";
import type { MevShareHint } from "../events";
import { BundleError, decodeBundleTxs, type SendBundleParams } from "./bundleFormat";
import type { BundleStats } from "./bundleStats";
import type { Intake } from "./intake";
import type { MevShare } from "./mevShare";
import { DEFAULT_REFUND_PERCENT, type MevBundleRequest, type RefundRecipient } from "./mevShareFormat";

/** The parts of the builder MEV-Share's intake works with. */
export interface MevIntake {
  chain: Chain;
  intake: Intake;
  stats: BundleStats;
  mevShare: MevShare;
  /** eth_sendBundle, as the builder takes it. */
  sendBundle(params: SendBundleParams, origin: string, signer?: string): Promise<{ bundleHash: string }>;
}

/** Shares the protected transaction `hash` (just taken) with `hints` until the next block, the only one it is tried in. */
export async function shareProtected(
  parts: MevIntake,
  hash: string,
  hints: MevShareHint[],
  recipients: RefundRecipient[],
): Promise<void> {
  const queued = parts.intake.pendingProtected();
  const tx = queued.find((q) => q.hash === hash)!;
  // Its sender's earlier protected transactions run first, so that its nonce follows theirs.
  const before = queued.filter((q) => q.from === tx.from && q.nonce < tx.nonce);
  const next = (await parts.chain.latestBlock()).number + 1;
  const terms = { hints, shareBps: DEFAULT_REFUND_PERCENT * 100, recipients, lastBlock: next };
  await parts.mevShare.share([tx], terms, before);
}

/** mev_sendBundle: returns the hash of the bundle the builder will consider. */
export async function receiveMevBundle(
  parts: MevIntake,
  request: MevBundleRequest,
  origin: string,
  signer?: string,
): Promise<{ bundleHash: string }> {
  const raws = request.txs.map((tx) => tx.raw);
  const own = decodeBundleTxs("mev_sendBundle", raws, await parts.chain.chainId());
  const nextBlock = (await parts.chain.latestBlock()).number + 1;
  if (request.target) {
    const sender = { origin, owner: signer ?? own[0]!.from, arrival: parts.intake.nextArrival(), nextBlock };
    const bundle = parts.mevShare.addBackrun(request, own, sender);
    parts.intake.announce(bundle);
    parts.stats.received(bundle.hash, bundle.owner);
    return { bundleHash: bundle.hash };
  }
  if (request.block < nextBlock) {
    throw new BundleError(
      `mev_sendBundle: inclusion.block ${request.block} is already mined; the next block is ${nextBlock} (0x${nextBlock.toString(16)})`,
    );
  }
  const revertingTxHashes = own.filter((_, i) => request.txs[i]!.canRevert).map((tx) => tx.hash);
  const sent = await parts.sendBundle(
    { txs: raws, blockNumber: request.block, revertingTxHashes },
    origin,
    signer,
  );
  if (request.hints) {
    const shareBps = (request.refundPercent ?? DEFAULT_REFUND_PERCENT) * 100;
    const recipients = request.refundConfig;
    await parts.mevShare.share(own, {
      hints: request.hints,
      shareBps,
      recipients,
      lastBlock: request.maxBlock,
    });
  }
  return sent;
}
