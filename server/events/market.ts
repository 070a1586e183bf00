/** State that changed in a block: pools, oracle prices, lending positions, balances. */
import type { Base, Labelled, TokenAmount } from "./common";

export interface PoolUpdated extends Base {
  type: "pool:updated";
  block: number;
  pool: Labelled;
  dex: string;
  reserve0: TokenAmount;
  reserve1: TokenAmount;
  /** "1 base = price quote": price in quote base units per whole base token. */
  base: string;
  quote: string;
  price: TokenAmount;
}

export interface OracleUpdated extends Base {
  type: "oracle:updated";
  block: number;
  symbol: string;
  /** USD with 8 decimals. */
  price: string;
  decimals: number;
}

export interface PositionUpdated extends Base {
  type: "position:updated";
  block: number;
  user: Labelled;
  collateral: TokenAmount[];
  debt: TokenAmount[];
  /**
   * 18-decimal fixed point; "max" when there is no debt. At the prices the next block reads: a feed's
   * latest answer; a DEX TWAP oracle's average for the next block, known once a block is mined.
   */
  healthFactor: string;
  collateralUsd: string;
  debtUsd: string;
}

export interface ActorBalances {
  actor: string;
  address: string;
  balances: TokenAmount[];
  /** Change since the run started, per token (zeros included). */
  pnl: TokenAmount[];
}

export interface BalancesUpdated extends Base {
  type: "balances:updated";
  block: number;
  actors: ActorBalances[];
}
