/**
 * A sealed bid's life, the same for every bot that sends bundles: a bidder seeded by the bot's name,
 * the `auction:bid` it publishes, and, after the target block, what a bandit learns from the outcome.
 */
import type { AuctionBid, BanditUpdated, EventDraft } from "../../events";
import { DEFAULT_SEED } from "../../math/random";
import { ethAmount } from "./amounts";
import { type SealedBid, SealedBidder } from "./bidding";

/** The bot's sealed bidder: its random draws are seeded by the bot's name, so runs repeat exactly. */
export function sealedBidderFor(bot: string, bid: SealedBid): SealedBidder {
  return new SealedBidder(bid, `${DEFAULT_SEED}:${bot}:sealed-bid`);
}

/** The `auction:bid` of a sealed bid: no tip, `bidWei` paid by transfer, carried by bundle `carrier`. */
export function sealedBidEvent(
  bot: string,
  opportunity: string,
  bidWei: bigint,
  valueWei: bigint,
  carrier: string,
): EventDraft<AuctionBid> {
  return {
    type: "auction:bid",
    auction: "sealed",
    bot,
    opportunity,
    round: 1,
    tipPerGas: "0",
    bid: ethAmount(bidWei),
    value: ethAmount(valueWei),
    carrier,
  };
}

/** A bundle sent with a sealed bid, remembered until its target block so a bandit can learn whether it won. */
export interface SealedAttempt {
  targetBlock: number;
  /** The bandit's arm it bid with; null when the bidder is no bandit. */
  arm: number | null;
  /** What the trade was expected to gain, in wei, before gas and the payment. */
  grossWei: bigint;
  /** The payment to the builder, in wei. */
  bidWei: bigint;
}

/** What a receipt cost its sender in gas, in wei. */
interface GasReceipt {
  gasUsed: bigint;
  gasPrice: bigint;
}

/**
 * After the target block: the bandit learns whether the bundle won and what it kept, the expected
 * gain minus the gas its own receipts show and the payment (a dropped bundle cost nothing). Returns
 * the `bandit:updated` event to publish, or null when the bidder is no bandit.
 */
export function settleSealed(
  bidder: SealedBidder,
  bot: string,
  attempt: SealedAttempt,
  won: boolean,
  ownReceipts: readonly GasReceipt[],
): EventDraft<BanditUpdated> | null {
  const gasPaid = ownReceipts.reduce((sum, r) => sum + r.gasUsed * r.gasPrice, 0n);
  const profit = won ? attempt.grossWei - gasPaid - attempt.bidWei : 0n;
  return bidder.learn(bot, attempt.arm, won, profit);
}
