/** The mempool and the blocks: pending transactions, mined blocks. */
import type { Base, DecodedAction, Labelled, TokenAmount, TxSource } from "./common";

export interface TxPending extends Base {
  type: "tx:pending";
  hash: string;
  from: Labelled;
  to: Labelled | null;
  nonce: number;
  /** Priority fee per gas offered, in wei. */
  tip: string;
  action: DecodedAction;
  source: TxSource;
  /** The pending transaction this one replaces (same sender and nonce, higher fees), if any. */
  replaces: string | null;
}

export interface MinedTx {
  hash: string;
  index: number;
  from: Labelled;
  to: Labelled | null;
  status: "success" | "reverted";
  gasUsed: string;
  /** Effective priority fee per gas, in wei. */
  tip: string;
  /** What the block producer earned from this transaction (gasUsed × tip), in wei. */
  coinbaseFee: string;
  /** ETH the transaction sent straight to the block producer (a bundle's bid), in wei. */
  coinbasePayment: string;
  action: DecodedAction;
  /** How it reached the block: the public mempool, a bundle, the protected path, an outside wallet. */
  source: TxSource;
  /** The bundle it came in (its hash), when it came in one. */
  bundle: string | null;
}

export interface BlockMined extends Base {
  type: "block:mined";
  block: number;
  hash: string;
  timestamp: number;
  baseFeePerGas: string;
  gasUsed: string;
  txs: MinedTx[];
  /** Everything the coinbase earned in this block (priority fees and direct payments), in ETH. */
  coinbaseTake: TokenAmount;
}
