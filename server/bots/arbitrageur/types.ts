/** The shapes the arbitrage searcher reads and decides with: plain data, no chain. */
import type { ArbitrageOpportunity } from "../../math/graph";
import type { TokenSymbol } from "../../world/config";
import type { PoolInfo, PoolReserves } from "../../world/market";
import type { TokenInfos } from "../kit/amounts";
import type { WethPrice } from "../kit/pricing";

/** Every pool and the executor's balances, read after a block. */
export interface ArbitrageSnapshot {
  pools: readonly PoolInfo[];
  /** Each pool's reserves, in the order of `pools`. */
  reserves: readonly PoolReserves[];
  /** The executor's balance of each token: its capital. */
  capital: ReadonlyMap<TokenSymbol, bigint>;
  tokens: TokenInfos;
  /** The block the state was read at, and the next block's base fee (wei). */
  block: number;
  nextBaseFee: bigint;
}

/** A sized cycle with its gas cost in the start token and its net value in WETH, for ranking. */
export interface Candidate {
  opportunity: ArbitrageOpportunity;
  startToken: TokenSymbol;
  gasUnits: bigint;
  /** The tip its transaction starts with (0 in a bundle: the builder is paid by transfer). */
  tip: bigint;
  gasWei: bigint;
  gasCost: bigint;
  netProfit: bigint;
  netInWeth: bigint;
  /** The gross profit in WETH, at the deepest WETH pool's price. */
  profitInWeth: bigint;
  /** Where the start token is priced in WETH (none for WETH itself). */
  wethPrice: WethPrice | undefined;
  key: string;
}

/** The best cycle, to simulate and send. */
export interface ArbitragePlan {
  kind: "arbitrage";
  snapshot: ArbitrageSnapshot;
  best: Candidate;
  /** The decision's id (a hash of its inputs) and the opportunity's, the same for every searcher. */
  id: string;
  opportunity: string;
}

/** A sealed bid for a plan: its value after base-fee gas, the payment, and the trade's minimum profit. */
export interface SealedTerms {
  kind: "sealed";
  bps: number;
  arm: number | null;
  /** Wei: the trade's gross profit minus its and the payment's gas at the base fee. */
  value: bigint;
  bid: bigint;
  /** In the start token: the gas plus the payment, so the trade never lands at a loss. */
  minProfit: bigint;
}

/** Its public transaction while it bids in a gas auction. */
export interface PublicAuction {
  plan: ArbitragePlan;
  nonce: number;
  tip: bigint;
  maxFee: bigint;
  /** Value before paying the builder: gross profit minus gas at the base fee, in wei. */
  value: bigint;
  maxTip: bigint;
  round: number;
  /** Pools of its cycle (lower case): a rival trading any of them competes for the same prices. */
  pools: Set<string>;
  stopped: boolean;
}
