/** A run's life and its steps. */
import type { Base, FormulaUse, TokenAmount } from "./common";
import type { PanelId } from "./panels";

export interface RunStarted extends Base {
  type: "run:started";
  scenario: string;
  params: Record<string, unknown>;
  seed: string;
}

export interface ActorPnl {
  actor: string;
  address: string;
  /** Change of each holding (wallet, own contracts, lending collateral minus debt) since the run started; non-zero only. */
  changes: TokenAmount[];
  /** The whole change valued in USD at the oracle prices at the end of the run (8 decimals). */
  valueUsd: string;
  /** The same change valued at the DEX's marginal prices at the end of the run (see {@link Valuation}). */
  valueUsdDex: string;
}

/** One token's end-of-run price, in USD with 8 decimals, from its oracle and from the DEX. */
export interface ValuationPrice {
  symbol: string;
  oracleUsd: string;
  dexUsd: string;
  /** Whether the two differ by a cent or more. */
  differs: boolean;
}

/**
 * The prices the P&L is valued at: the oracle's, and the DEX's marginal prices (each token against USDC
 * on that DEX, 1 USDC counted as $1); ETH counts at the WETH price. They disagree after trades and
 * oracle updates, and the P&L shows both.
 */
export interface Valuation {
  /** "DEX A": the DEX whose pools give `dexUsd`. */
  dex: string;
  prices: ValuationPrice[];
}

export interface PnlReport {
  pnl: ActorPnl[];
  valuation: Valuation;
}

export interface RunFinished extends Base {
  type: "run:finished";
  scenario: string;
  summary: { pnl: ActorPnl[]; valuation: Valuation; blocks: number; transactions: number };
}

export interface RunFailed extends Base {
  type: "run:failed";
  scenario: string;
  error: { name: string; message: string };
}

export interface StepStarted extends Base {
  type: "step:started";
  index: number;
  title: string;
  /** The panels this step is about, most important first (the page shows them first, whole). */
  focus: PanelId[];
}

export interface StepFinished extends Base {
  type: "step:finished";
  index: number;
  title: string;
  /** What happened in this step, with this run's real numbers. */
  narration: string;
  formulas: FormulaUse[];
  /** The panels this step is about, as in its `step:started`. */
  focus: PanelId[];
}
