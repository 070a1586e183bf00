/** The shapes the cross-chain arbitrageur reads and decides with: plain data, no chain. */
import type { ChainRef } from "../../events";
import type { CrossChainOutcome, CrossChainRoute } from "../../math/crossChain";
import type { PoolReserves } from "../../world/market";
import type { TokenInfos } from "../kit/amounts";

/** One chain as read after a block: its pool, the bot's capital there, its bridge's terms. */
export interface ChainView {
  chain: ChainRef;
  pool: { name: string; token0: string; feeBps: bigint };
  reserves: PoolReserves;
  /** The arbitrageur's USDC there: what it can buy WETH with. */
  capital: bigint;
  /** The fee this chain's bridge keeps on a lock here, in basis points. */
  bridgeFeeBps: bigint;
  /** Blocks this chain's bridge waits between a relay and its release here. */
  delayBlocks: number;
}

/** Both chains, read at the main chain's `block`. */
export interface CrossChainSnapshot {
  chains: readonly [ChainView, ChainView];
  tokens: TokenInfos;
  block: number;
  /** The next block's base fee (both chains hold the same), in wei. */
  nextBaseFee: bigint;
}

/** Buying on chain `from`, selling on chain `to` (indexes in the snapshot), at the reserves read. */
export interface Direction {
  from: number;
  to: number;
  route: CrossChainRoute;
  /** The trade the closed form sizes, or null when none gains before gas. */
  outcome: CrossChainOutcome | null;
  /** Gas of its three legs in wei, and in USDC at the buying chain's pool price. */
  gasWei: bigint;
  gasUsdc: bigint;
  /** WETH's price on each chain, in USDC base units. */
  prices: readonly [bigint, bigint];
}

/** The trade it takes. */
export interface CrossChainPlan {
  kind: "cross-chain";
  snapshot: CrossChainSnapshot;
  direction: Direction;
  outcome: CrossChainOutcome;
  /** Profit after gas, at today's prices, in USDC. */
  net: bigint;
  /** How far the sale's proceeds may fall before the trade loses, in basis points. */
  breakEvenDropBps: bigint;
  id: string;
}
