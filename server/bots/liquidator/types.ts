/** The shapes the liquidator reads and decides with: plain data, no chain. */
import type { FormulaUse } from "../../events";
import type { HopReserves } from "../../math/amm";
import type { FlashLiquidationProfitReturnType } from "../../math/liquidation";
import type { Refusal } from "../kit/decision";

/** A listed asset of the lending pool, with the price and risk parameters the pool uses. */
export interface Asset {
  address: string;
  symbol: string;
  decimals: bigint;
  /** USD per whole token, 8 decimals (the pool's oracle). */
  price: bigint;
  liquidationThresholdBps: bigint;
  liquidationBonusBps: bigint;
}

/** What a user has supplied and owes in one asset. */
export interface Holding {
  asset: Asset;
  collateral: bigint;
  debt: bigint;
}

/** A user's position as the liquidator read it. */
export interface Position {
  user: string;
  label: string;
  /** 1e18-scaled, from `getUserAccountData` (or recomputed at a pending oracle price). */
  healthFactor: bigint;
  /** One per listed asset, in the pool's listing order. */
  holdings: Holding[];
  /** Priced as the next block will read it (a TWAP oracle's next answer), not as the latest block did. */
  ahead?: boolean;
}

/** A pending oracle update: the asset whose price it sets, the new price, its transaction. */
export interface OracleUpdate {
  asset: string;
  symbol: string;
  price: bigint;
  hash: string;
}

/** A DEX pool, read: where seized collateral can be sold. */
export interface DexPool {
  name: string;
  /** The router of its DEX. */
  router: string;
  /** Token addresses and reserves, in the pair's order. */
  token0: string;
  token1: string;
  reserve0: bigint;
  reserve1: bigint;
  feeBps: bigint;
}

/** Everything the liquidator decides from, for one position below health factor 1. */
export interface LiquidationSnapshot {
  position: Position;
  /** What the lending pool holds of each listed asset (by address): it pays collateral from it. */
  poolHoldings: ReadonlyMap<string, bigint>;
  /** The liquidator's own balance of each listed asset. */
  balances: ReadonlyMap<string, bigint>;
  /** With a flash loan: what the pool can lend of each asset, and the DEX pools (none without). */
  flashLiquidity: ReadonlyMap<string, bigint>;
  dexPools: readonly DexPool[];
  /** The oracle's WETH price, USD with 8 decimals: what ETH is worth (what a pending update sets). */
  ethPrice: bigint;
  /** The pending oracle update it back-runs, if any. */
  update: OracleUpdate | undefined;
  block: number;
  /** Base fee of the next block, in wei. */
  nextBaseFee: bigint;
}

/** A liquidation worked out before deciding how to pay for it. */
export interface LiquidationPlan {
  position: Position;
  /** The debt to repay: the largest by value. */
  debt: Holding;
  /** The collateral to seize: the largest by value. */
  collateral: Holding;
  /** Share of the debt one liquidation may repay, bps. */
  closeFactor: bigint;
  /** The user's debt × the close factor: the most one liquidation may repay. */
  closeFactorDebt: bigint;
  /** What the liquidator repays: `closeFactorDebt`, or less when the collateral runs out. */
  debtToCover: bigint;
  /** Collateral the pool pays for it, bonus included. */
  collateralAmount: bigint;
}

/** A DEX pool where the seized collateral can be sold for the debt asset. */
export interface Market {
  name: string;
  router: string;
  /** Reserves oriented collateral → debt asset. */
  swap: HopReserves;
}

/** The gas one transaction is expected to cost. */
export interface GasEstimate {
  units: bigint;
  baseFee: bigint;
  tip: bigint;
  /** units × (baseFee + tip). */
  wei: bigint;
  /** The oracle's WETH price, USD with 8 decimals: what ETH is worth. */
  ethPrice: bigint;
}

/** How it pays for the liquidation, and what it expects from it. */
export type Funding =
  /** With its own tokens: values at the oracle prices, USD with 8 decimals. */
  | { kind: "own"; collateralUsd: bigint; debtUsd: bigint; profit: bigint; gasUsd: bigint }
  /** With a flash loan, selling the collateral on the best of `markets` DEX pools; amounts in the debt asset. */
  | {
      kind: "flash";
      market: Market;
      markets: number;
      outcome: FlashLiquidationProfitReturnType;
      gasInDebt: bigint;
      /** The contract's floor: the gas (and the payment, in a bundle); it reverts below. */
      minProfit: bigint;
    }
  /** With its own tokens, selling the seized collateral at once on `market`; amounts in the debt asset. */
  | {
      kind: "sell";
      market: Market;
      /** What the sale brings, quoted on the pool as its earlier sales of the block leave it. */
      soldFor: bigint;
      /** soldFor − debtToCover. */
      profit: bigint;
      gasInDebt: bigint;
      /** The sale's minimum output: the quote less SALE_SLIPPAGE_BPS. */
      minOut: bigint;
    };

/** A liquidation to send, with what it read and worked out (its inputs grow with its bid). */
export interface LiquidatorPlan {
  kind: "liquidate";
  id: string;
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  plan: LiquidationPlan;
  funding: Funding;
  gas: GasEstimate;
  /** What it may bid from: the profit after gas, USD with 8 decimals. */
  netUsd: bigint;
}

/** A sealed bid: a share of the profit after gas, in wei at the oracle's ETH price. */
export interface LiquidationBid {
  bps: number;
  wei: bigint;
  /** The profit after gas, in wei: what the bid is a share of. */
  valueWei: bigint;
}

export interface DecideSettings {
  /** With a flash loan through the FlashLiquidator, or with its own tokens. */
  flash: boolean;
  /** In a bundle (no tip, a payment whose gas counts), or public with its tip. */
  bundled: boolean;
  /** Sells the seized collateral at once on the snapshot's DEX pool (own capital, public). */
  sell?: boolean;
}

/** What a funding decision starts from: the plan, and the decision's id, inputs and formulas so far. */
export interface Draft {
  snapshot: LiquidationSnapshot;
  settings: DecideSettings;
  plan: LiquidationPlan;
  id: string;
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  refuse(reason: string, explanation: string): Refusal;
}
