/** The shapes the back-runner reads and decides with: plain data, no chain. */
import type { ArbitrageOpportunity } from "../../math/graph";
import type { TokenSymbol } from "../../world/config";
import type { PoolInfo, PoolReserves } from "../../world/market";
import type { TokenInfos } from "../kit/amounts";

/** A pending router swap (the target) and every pool as read before it runs. */
export interface BackrunSnapshot {
  target: {
    hash: string;
    /** Who sends it (a label). */
    trader: string;
    amountIn: bigint;
    path: readonly TokenSymbol[];
    /** Indexes in `pools` of the pools it swaps through, in order. */
    route: readonly number[];
  };
  pools: readonly PoolInfo[];
  /** Each pool's reserves, in the order of `pools`. */
  reserves: readonly PoolReserves[];
  /** The executor's WETH: the most a cycle may put in. */
  capital: bigint;
  tokens: TokenInfos;
  /** Base fee of the next block, in wei. */
  nextBaseFee: bigint;
}

/** The target played on the reserves, and the best cycle on the state it leaves. */
export interface Situation {
  snapshot: BackrunSnapshot;
  /** The target's amounts along its path, as the router will compute them. */
  amounts: bigint[];
  best: ArbitrageOpportunity | undefined;
  /** Gas of the cycle and the payment (0 without a cycle), and its cost in wei at the base fee. */
  gasUnits: bigint;
  gasCost: bigint;
  id: string;
}

/** A cycle to bundle right behind the target, and the payment to the builder (wei). */
export interface BackrunPlan {
  kind: "backrun";
  situation: Situation;
  best: ArbitrageOpportunity;
  bid: bigint;
}
