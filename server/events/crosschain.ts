/**
 * A second chain beside the sandbox's, and the bridge between them (the `cross-chain` scenario).
 * The sandbox's own chain keeps its events as they are (`block:mined`, `pool:updated` … carry no
 * chain: they are the main chain's); every event here names the chain it happened on.
 */
import type { Base, Labelled, TokenAmount } from "./common";

/** Which chain: its id and the name learners see ("main chain", "side chain"). */
export interface ChainRef {
  id: number;
  name: string;
}

/** One chain of a cross-chain run: the pool the arbitrage trades on it, and its bridge. */
export interface LinkedChain {
  chain: ChainRef;
  /** The WETH/USDC pool watched on this chain ("DEX A WETH/USDC", "Side DEX WETH/USDC"). */
  pool: Labelled;
  bridge: Labelled;
}

/**
 * A run opened a bridge between two chains: which chains, which pools, and the bridge's terms (the
 * same on both sides). The first chain is the sandbox's main chain.
 */
export interface CrossChainOpened extends Base {
  type: "crosschain:opened";
  chains: LinkedChain[];
  /** Blocks of the destination chain between a transfer's relay and its release. */
  delayBlocks: number;
  /** The share of each locked amount the bridge keeps, in basis points. */
  feeBps: number;
  /** Who relays transfers from one chain to the other (an account of the sandbox). */
  relayer: Labelled;
}

/** A transaction of a second chain's block, decoded. */
export interface CrossChainTx {
  hash: string;
  from: Labelled;
  to: Labelled | null;
  status: "success" | "reverted";
  gasUsed: string;
  /** What it did, for learners: "bob swaps 25,000 USDC for ≥ 12.1 WETH on Side DEX". */
  sentence: string;
}

/** An actor's holdings on a second chain, after a block. */
export interface ChainBalances {
  actor: string;
  address: string;
  /** ETH first, then the chain's tokens. */
  balances: TokenAmount[];
}

/**
 * A block was mined on a second chain (the main chain's are `block:mined`): its transactions, its
 * pool's reserves and price after it, and the traders' balances there.
 */
export interface CrossChainBlock extends Base {
  type: "crosschain:block";
  chain: ChainRef;
  block: number;
  hash: string;
  timestamp: number;
  txs: CrossChainTx[];
  pool: Labelled;
  reserve0: TokenAmount;
  reserve1: TokenAmount;
  /** "1 base = price quote": price in quote base units per whole base token. */
  base: string;
  quote: string;
  price: TokenAmount;
  balances: ChainBalances[];
}

/** Tokens were locked in the bridge on `chain`, for `toChain`; `amountAfterFee` is what crosses. */
export interface BridgeLocked extends Base {
  type: "bridge:locked";
  chain: ChainRef;
  toChain: ChainRef;
  block: number;
  tx: string;
  transferId: string;
  sender: Labelled;
  recipient: Labelled;
  amount: TokenAmount;
  fee: TokenAmount;
  amountAfterFee: TokenAmount;
}

/** The relayer posted a transfer on the destination `chain`: releasable from `releasableAtBlock` on. */
export interface BridgeRelayed extends Base {
  type: "bridge:relayed";
  chain: ChainRef;
  fromChain: ChainRef;
  block: number;
  tx: string;
  transferId: string;
  recipient: Labelled;
  amount: TokenAmount;
  releasableAtBlock: number;
}

/** A transfer was paid out on the destination `chain`, `blocksWaited` blocks after its relay. */
export interface BridgeReleased extends Base {
  type: "bridge:released";
  chain: ChainRef;
  block: number;
  tx: string;
  transferId: string;
  recipient: Labelled;
  amount: TokenAmount;
  blocksWaited: number;
}
