/** The shapes the sandwicher reads and decides with: plain data, no chain. */
import type { SandwichDecision, SandwichParameters } from "../../math/sandwich";
import type { TokenSymbol } from "../../world/config";
import type { TokenInfos } from "../kit/amounts";
import type { WethPrice } from "../kit/pricing";
import type { SandwichPath } from "./settings";

/** The victim's pending swap, as read from its calldata. */
export interface VictimSwap {
  hash: string;
  /** Who sends it (a label). */
  victim: string;
  /** The router it calls (a label) and its DEX's name. */
  router: string;
  dex: string;
  /** Priority fee per gas, in wei. */
  tip: bigint;
  amountIn: bigint;
  amountOutMin: bigint;
  /** Symbols along its path; undefined where a token is not one of the world's. */
  path: readonly (TokenSymbol | undefined)[];
}

/** The one pool the victim swaps through, read. */
export interface SandwichPool {
  name: string;
  feeBps: bigint;
  tokenIn: TokenSymbol;
  tokenOut: TokenSymbol;
  reserveIn: bigint;
  reserveOut: bigint;
}

/** Everything the sandwicher decides from. */
export interface SandwichSnapshot {
  swap: VictimSwap;
  /** Undefined when the swap goes through several pools, or through a pair its DEX has no pool for. */
  pool: SandwichPool | undefined;
  /** The searcher's balance of the input token. */
  balance: bigint;
  /** The input token's price in WETH; none for WETH itself. */
  wethPrice: WethPrice | undefined;
  tokens: TokenInfos;
  /** Base fee of the next block, in wei. */
  nextBaseFee: bigint;
}

/** What the decision worked out from a snapshot of one victim's swap through one pool. */
export interface Situation {
  swap: VictimSwap;
  pool: SandwichPool;
  balance: bigint;
  wethPrice: WethPrice | undefined;
  tokens: TokenInfos;
  params: SandwichParameters;
  /** The capital setting, in WETH. */
  capitalSetting: bigint;
  frontTip: bigint;
  backTip: bigint;
  /** Gas of its transactions, in wei (`params.gasCost` is the same in the input token). */
  gasWei: bigint;
  baseFee: bigint;
  path: SandwichPath;
  id: string;
}

export type Planned = Extract<SandwichDecision, { kind: "sandwich" }>;

/** A sandwich to send: the situation and the sizes planSandwich chose. */
export interface SandwichPlan {
  kind: "sandwich";
  situation: Situation;
  decision: Planned;
}

/** What a sealed bid of `bps` pays, and the backrun's minimum output that keeps it from landing at a loss. */
export interface SealedTerms {
  bps: number;
  arm: number | null;
  /** In the input token, and in wei as paid. */
  bid: bigint;
  bidWei: bigint;
  backMin: bigint;
}
