/** The shapes the JIT provider reads and decides with: plain data, no chain. */
import type { JitDecision, JitParameters } from "../../math/jit";
import type { TokenSymbol } from "../../world/config";
import type { TokenInfos } from "../kit/amounts";
import type { WethPrice } from "../kit/pricing";

/** A pending swap through one pool that pairs a token with WETH, and that pool as read. */
export interface JitSnapshot {
  swap: {
    hash: string;
    /** Who sends it (a label). */
    trader: string;
    amountIn: bigint;
  };
  pool: {
    name: string;
    feeBps: bigint;
    tokenIn: TokenSymbol;
    tokenOut: TokenSymbol;
    reserveIn: bigint;
    reserveOut: bigint;
    /** LP tokens in existence. */
    totalSupply: bigint;
    /** The price of its non-WETH token in WETH, which the pool itself gives. */
    wethPrice: WethPrice;
  };
  /** The provider's balances of the pool's two tokens. */
  balanceIn: bigint;
  balanceOut: bigint;
  tokens: TokenInfos;
  /** Base fee of the next block, in wei. */
  nextBaseFee: bigint;
}

/** What the decision worked out: the parameters of server/math/jit.ts and the gas, in wei and in the input token. */
export interface Situation {
  snapshot: JitSnapshot;
  params: JitParameters;
  gasWei: bigint;
  gasCost: bigint;
  id: string;
}

export type JitSkip = Extract<JitDecision, { kind: "skip" }>;

/** Liquidity to add around the swap, and the payment to the builder. */
export interface JitPlan {
  kind: "jit";
  situation: Situation;
  decision: Extract<JitDecision, { kind: "jit" }>;
  /** The payment, in wei. */
  bidWei: bigint;
}
