/** What every event is made of: amounts, labels, formulas, decoded actions, the run and step stamp. */
/** An amount of a token (or of ETH, symbol "ETH", 18 decimals) in base units. */
export interface TokenAmount {
  amount: string;
  symbol: string;
  decimals: number;
}

/** An address with the name a learner sees. */
export interface Labelled {
  address: string;
  label: string;
}

/** A formula a step or a bot used, with the numbers that went in and what came out. */
export interface FormulaUse {
  name: string;
  /** The formula written out, e.g. "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))". */
  expression: string;
  inputs: Record<string, string>;
  result: string;
}

/** What a transaction does, decoded from its calldata. */
export interface DecodedAction {
  /** "swap", "liquidationCall", "updateAnswer", "approve", … or "call" when unknown. */
  kind: string;
  /** A sentence for learners: "alice swaps 50 WETH for ≥ 98,000 USDC on DEX A (slippage 2%), tip 2 gwei". */
  sentence: string;
  /** Decoded arguments, as strings. */
  args: Record<string, string>;
}

/**
 * How a transaction reached the chain: an actor's public transaction, a bundle's, one sent through
 * the protected (private) RPC path, or an outside wallet's public one.
 */
export type TxSource = "public" | "bundle" | "protected" | "external";

export interface Base {
  runId: string;
  /** Index of the step in progress; -1 outside any step. */
  step: number;
}
