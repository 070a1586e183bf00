/** What the bots decided and what the inspector labelled. */
import type { Base, FormulaUse, Labelled, TokenAmount } from "./common";

export type OpportunityKind = "arbitrage" | "sandwich" | "liquidation" | "jit" | "backrun";

export interface OpportunityFound extends Base {
  type: "opportunity:found";
  /** Stable id: a hash of the inputs, by which the API can refer to this decision. */
  id: string;
  bot: string;
  kind: OpportunityKind;
  block: number;
  /** What the bot read: reserves, the victim's amounts, health factors … */
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  /** The size it chose. */
  size: TokenAmount;
  expectedProfit: TokenAmount;
  gasCost: TokenAmount;
  /** Transactions it sent for this opportunity. */
  txs: string[];
  summary: string;
}

export interface OpportunitySkipped extends Base {
  type: "opportunity:skipped";
  id: string;
  bot: string;
  kind: OpportunityKind;
  block: number;
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  /** Machine-readable reason, e.g. "slippage-too-tight". */
  reason: string;
  /** The reason for a learner, with the numbers. */
  explanation: string;
}

export interface ActorProfit {
  actor: Labelled;
  profit: TokenAmount;
}

export interface MevClassified extends Base {
  type: "mev:classified";
  block: number;
  kind: OpportunityKind;
  txs: string[];
  profits: ActorProfit[];
  /**
   * Sandwiches: what the victim lost against the same trade on the pre-attack state. JIT and back-runs:
   * the targeted trader's swap (JIT: against the pool before the deposit, a negative loss as the deeper
   * pool paid more; a back-run runs after its target: no loss).
   */
  victim?: {
    actor: Labelled;
    tx: string;
    actualOut: TokenAmount;
    counterfactualOut: TokenAmount;
    loss: TokenAmount;
  };
  /** JIT liquidity: the provider's share of the swaps' fees, in the swaps' input token. */
  feeShare?: TokenAmount;
  explanation: string;
  /** What `victim`'s trade cost, in parts that add up exactly to its result (see `VictimReceipt`). */
  victimReceipt?: VictimReceipt;
}

/**
 * What a targeted trade cost, in parts that add up exactly, to the base unit (server/math/receipt.ts):
 * `actualOut − idealOut = −(lpFee + priceImpact + mevLoss)` in the output token, and `gas` paid in ETH.
 * Valued at the pool's mid price before the attack, which `valuedAt` says with the price.
 */
export interface VictimReceipt {
  actor: Labelled;
  tx: string;
  pool: Labelled;
  amountIn: TokenAmount;
  /** The pool before the attack (the front-run, the deposit, or the trade itself), oriented in → out. */
  reserveIn: TokenAmount;
  reserveOut: TokenAmount;
  feeBps: number;
  /** "DEX A WETH/USDC's mid price before the front-run: 1 WETH = 2,000 USDC; gas in ETH" */
  valuedAt: string;
  /** The input at the mid price; traded with no fee; traded with the fee, without the attack; received. */
  idealOut: TokenAmount;
  noFeeOut: TokenAmount;
  noAttackOut: TokenAmount;
  actualOut: TokenAmount;
  /** Costs in the output token (positive: received less; a negative MEV loss is a gain). */
  lpFee: TokenAmount;
  priceImpact: TokenAmount;
  mevLoss: TokenAmount;
  /** The trade's result in the output token: `actualOut − idealOut`. */
  pnl: TokenAmount;
  /** What its transaction paid for gas: `gasUsed · gasPrice` wei. */
  gas: TokenAmount;
  gasUsed: string;
  gasPrice: string;
  /** The receipt in one sentence, for narration. */
  summary: string;
}
