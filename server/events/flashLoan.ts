/** Flash loans the inspector found in a mined block: a loan taken and repaid inside one transaction. */
import type { Base, Labelled, TokenAmount } from "./common";

/**
 * Where a flash loan came from: an ERC-3156 lender's `FlashLoan` event, or a Uniswap V2 pair that
 * sent a swap's output before its input arrived (the pair called the recipient back in between).
 */
export type FlashLoanSource = "erc3156" | "flash-swap";

/** The inspector labelled a transaction that borrowed and repaid within itself. */
export interface FlashLoanTaken extends Base {
  type: "flashloan:taken";
  block: number;
  tx: string;
  /** Position of the transaction in the block. */
  txIndex: number;
  source: FlashLoanSource;
  /** Who lent: the lending pool, or the pair. */
  lender: Labelled;
  /** Who held the loan: the ERC-3156 receiver, or the swap's recipient. */
  borrower: Labelled;
  /** Who sent the transaction. */
  sender: Labelled;
  amount: TokenAmount;
  /** What the loan cost: the lender's fee, or the pair's swap fee (the repayment above the loan). */
  fee: TokenAmount;
  /** What went back to the lender: loan plus fee, or a flash swap's input (in the other token if so repaid). */
  repaid: TokenAmount;
  explanation: string;
}
