/**
 * What a bot is: something that watches the chain like any searcher (pending transactions,
 * state, logs) and decides for itself. Bots never see a scenario's script.
 */
import type { Block, TransactionReceipt, TransactionRequest } from "ethers";
import type { Chain } from "../chain/chain";
import type {
  AuctionBid,
  BanditUpdated,
  DecodedAction,
  EventDraft,
  MevShareStreamEvent,
  OpportunityFound,
  OpportunitySkipped,
  RiskLimitHit,
  TxSource,
} from "../events";
import type { World } from "../world/types";

/** A transaction seen in the mempool, decoded. */
export interface PendingTx {
  hash: string;
  from: string;
  to: string | null;
  data: string;
  value: bigint;
  nonce: number;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  /** Priority fee per gas, in wei. */
  tip: bigint;
  action: DecodedAction;
  source: TxSource;
}

/** A block just mined, with its receipts in execution order. */
export interface MinedBlock {
  number: number;
  timestamp: number;
  baseFeePerGas: bigint;
  receipts: TransactionReceipt[];
}

/** Reads a just-mined block's receipts, in execution order. */
export async function minedBlockOf(chain: Chain, block: Block): Promise<MinedBlock> {
  const receipts = await Promise.all(
    block.transactions.map((hash) => chain.provider.getTransactionReceipt(hash)),
  );
  return {
    number: block.number,
    timestamp: block.timestamp,
    baseFeePerGas: block.baseFeePerGas ?? 0n,
    receipts: receipts.filter((r): r is TransactionReceipt => r !== null),
  };
}

/** A bundle entry: one of the bot's own transactions, or someone else's pending one (by hash). */
export type BundleEntry = TransactionRequest | { pendingTx: string };

export interface BotContext {
  world: World;
  chain: Chain;
  /** The block the bot's view of the state is at (the latest mined). */
  blockNumber: number;
  /** Base fee of the next block, for the bot's gas cost estimates. */
  nextBaseFee: bigint;
  /** Publishes a decision: found (with what it sent) or skipped (with why). */
  decide(event: EventDraft<OpportunityFound> | EventDraft<OpportunitySkipped>): void;
  /** Publishes a bid in an auction, what a bidding bandit learned, or a risk limit that stopped it. */
  publish(event: EventDraft<AuctionBid> | EventDraft<BanditUpdated> | EventDraft<RiskLimitHit>): void;
  /** Sends a transaction from the bot's account to the public mempool; returns its hash. */
  send(from: string, tx: TransactionRequest): Promise<string>;
  /**
   * Sends one bundle to the builder, in the order given: the bot's own transactions (signed for
   * `from`, consecutive nonces) and others' pending ones by hash (a backrun's target). For the next
   * block unless `targetBlock` says otherwise. Nobody watching the mempool sees it.
   */
  sendBundle(
    bot: string,
    from: string,
    entries: readonly BundleEntry[],
    options?: { targetBlock?: number; revertingIndexes?: readonly number[]; nonce?: number },
  ): Promise<{ bundle: string; txs: string[] }>;
  /**
   * MEV-Share: sends mev_sendBundle for the next block — the shared transaction `target` by its hash,
   * then the bot's own transactions (signed for `from`, consecutive nonces). The builder runs them
   * right after the user's transaction and refunds the user a share of what they pay it. Returns the
   * bundle and its transactions, the target's hash first.
   */
  sendMevBundle(
    bot: string,
    from: string,
    target: string,
    txs: readonly TransactionRequest[],
  ): Promise<{ bundle: string; txs: string[] }>;
}

export interface Bot {
  readonly name: string;
  /** The account it acts from (its label in the registry). */
  readonly actor: string;
  /** New transactions entered the mempool (its own excluded). */
  onPending?(txs: readonly PendingTx[], ctx: BotContext): Promise<void>;
  /** A block was mined. */
  onBlock?(block: MinedBlock, ctx: BotContext): Promise<void>;
  /** Hints arrived on the MEV-Share stream: what any searcher connected to it reads, never the transaction. */
  onHint?(hints: readonly MevShareStreamEvent[], ctx: BotContext): Promise<void>;
}
