/**
 * The flash-loan monitor's rules, pure: which transactions of a block borrowed and repaid within
 * themselves, from their logs alone.
 * - An ERC-3156 loan: the lender's `FlashLoan(receiver, initiator, asset, amount, fee)` event.
 * - A Uniswap V2 flash swap: the pair's output `Transfer` (of the swap's own output amount) went out
 *   before any input `Transfer` came in, both after the pair's previous `Sync` (a plain swap is paid first, then sent its output: only
 *   a swap with `data` calls its recipient back in between, and is paid from there). The loan is the
 *   output; the repayment is the input, in the same token (the fee is what came back above the loan)
 *   or in the other one (the fee is the pair's swap fee on it, as the pair's K check charges it).
 * `inspector.ts` reads the chain (tokens, the pairs' fees); the sentences are here too.
 */
import { getAddress } from "ethers";
import type { EventDraft, FlashLoanSource, FlashLoanTaken, TokenAmount } from "../events";
import { formatAmount, formatBps } from "../format";
import { BPS } from "../math/amm";
import type { InspectionFacts, TokenInfo } from "./explain";
import {
  FLASH_LOAN_TOPIC,
  type LogLike,
  type PoolTokensMap,
  type ReceiptLike,
  STANDARD_EVENTS,
  SWAP_TOPIC,
  SYNC_TOPIC,
  TRANSFER_TOPIC,
} from "./logs";

/** One loan of one token, as its logs tell it. Addresses are checksummed. */
export interface DecodedFlashLoan {
  source: FlashLoanSource;
  txHash: string;
  txIndex: number;
  logIndex: number;
  txFrom: string;
  lender: string;
  borrower: string;
  token: string;
  amount: bigint;
  /** What went back to the lender, and in which token. */
  repaidToken: string;
  repaid: bigint;
  /**
   * The lender's fee (ERC-3156), or what came back above the loan (a flash swap repaid in the same
   * token); undefined for a flash swap repaid in the other token: the pair's swap fee, see `withSwapFee`.
   */
  fee: bigint | undefined;
}

/** The ERC-3156 loans of one transaction, in log order. A reverted transaction has no logs. */
export function decodeErc3156Loans(receipt: ReceiptLike): DecodedFlashLoan[] {
  if (receipt.status !== 1) return [];
  return receipt.logs
    .filter((log) => log.topics[0] === FLASH_LOAN_TOPIC)
    .map((log) => {
      const { args } = STANDARD_EVENTS.parseLog(log)!;
      const [amount, fee] = [args.amount as bigint, args.fee as bigint];
      const token = getAddress(args.asset as string);
      return {
        ...position(receipt, log, "erc3156"),
        lender: getAddress(log.address),
        borrower: getAddress(args.receiver as string),
        token,
        amount,
        repaidToken: token,
        repaid: amount + fee,
        fee,
      };
    });
}

function position(receipt: ReceiptLike, log: LogLike, source: FlashLoanSource) {
  return {
    source,
    txHash: receipt.hash,
    txIndex: receipt.index,
    logIndex: log.index,
    txFrom: getAddress(receipt.from),
  };
}

/** One move of a pair's tokens since its last `Sync`: out of the pair, or into it. */
interface Move {
  out: boolean;
  token: string;
  amount: bigint;
}

const topicAddress = (topic: string) => getAddress(`0x${topic.slice(26)}`);

/** The pair a token `Transfer` log moves the pair's own tokens from or to, if any. */
function pairMoves(log: LogLike, pools: PoolTokensMap): { from?: string; to?: string } {
  const token = getAddress(log.address);
  const isPairToken = (pair: string) => {
    const tokens = pools.get(pair);
    return tokens !== undefined && (tokens.token0 === token || tokens.token1 === token);
  };
  const [from, to] = [topicAddress(log.topics[1]!), topicAddress(log.topics[2]!)];
  return { from: isPairToken(from) ? from : undefined, to: isPairToken(to) ? to : undefined };
}

/**
 * The flash swaps of one transaction, in log order: each V2 pair `Swap` whose output left the pair
 * before its input arrived. `pools` are the V2 pairs that swapped in the block (checksummed keys).
 */
export function decodeFlashSwaps(receipt: ReceiptLike, pools: PoolTokensMap): DecodedFlashLoan[] {
  if (receipt.status !== 1) return [];
  const moves = new Map<string, Move[]>();
  /** The moves up to a pair's latest Sync: a Swap comes right after the Sync of its own update. */
  const atSync = new Map<string, Move[]>();
  const loans: DecodedFlashLoan[] = [];
  const record = (pair: string, move: Move) => moves.set(pair, [...(moves.get(pair) ?? []), move]);
  for (const log of receipt.logs) {
    const topic = log.topics[0];
    if (topic === TRANSFER_TOPIC && log.topics.length === 3) {
      const { from, to } = pairMoves(log, pools);
      const [token, amount] = [getAddress(log.address), BigInt(log.data)];
      if (from) record(from, { out: true, token, amount });
      if (to) record(to, { out: false, token, amount });
    } else if (topic === SYNC_TOPIC) {
      const pair = getAddress(log.address);
      atSync.set(pair, moves.get(pair) ?? []);
      moves.delete(pair);
    } else if (topic === SWAP_TOPIC) {
      const pair = getAddress(log.address);
      const tokens = pools.get(pair);
      if (tokens && paidAfterOutput(atSync.get(pair) ?? [], log, tokens))
        loans.push(...swapLoans(receipt, log, pair, tokens));
      atSync.delete(pair);
    }
  }
  return loans;
}

/**
 * Whether the swap's own output (a transfer out of the swapped amount, not a `skim` of an excess
 * before it) left the pair before a payment came in.
 */
function paidAfterOutput(
  moves: readonly Move[],
  swap: LogLike,
  tokens: { token0: string; token1: string },
): boolean {
  const { args } = STANDARD_EVENTS.parseLog(swap)!;
  const outputs = [
    { token: getAddress(tokens.token0), amount: args.amount0Out as bigint },
    { token: getAddress(tokens.token1), amount: args.amount1Out as bigint },
  ].filter((output) => output.amount > 0n);
  const first = moves.findIndex(
    (move) => move.out && outputs.some((o) => o.token === move.token && o.amount === move.amount),
  );
  return first >= 0 && moves.slice(first + 1).some((move) => !move.out);
}

/** One loan per token the pair sent out; each repaid in the same token if enough came back, else in the other. */
function swapLoans(
  receipt: ReceiptLike,
  log: LogLike,
  pair: string,
  tokens: { token0: string; token1: string },
): DecodedFlashLoan[] {
  const { args } = STANDARD_EVENTS.parseLog(log)!;
  const sides = [
    { token: tokens.token0, in: args.amount0In as bigint, out: args.amount0Out as bigint },
    { token: tokens.token1, in: args.amount1In as bigint, out: args.amount1Out as bigint },
  ];
  return sides.flatMap((side, i) => {
    if (side.out === 0n) return [];
    const other = sides[1 - i]!;
    const sameToken = side.in >= side.out || other.in === 0n || other.out > 0n;
    const repaidIn = sameToken ? side : other;
    return [
      {
        ...position(receipt, log, "flash-swap" as const),
        lender: pair,
        borrower: getAddress(args.to as string),
        token: getAddress(side.token),
        amount: side.out,
        repaidToken: getAddress(repaidIn.token),
        repaid: repaidIn.in,
        fee: sameToken ? (side.in > side.out ? side.in - side.out : 0n) : undefined,
      },
    ];
  });
}

/** A flash swap repaid in the other token: its fee is the pair's swap fee on that input, rounded down. */
export function withSwapFee(loan: DecodedFlashLoan, feeBps: bigint): DecodedFlashLoan & { fee: bigint } {
  return { ...loan, fee: loan.fee ?? (loan.repaid * feeBps) / BPS };
}

function amountOf(amount: bigint, token: TokenInfo): TokenAmount {
  return { amount: amount.toString(), symbol: token.symbol, decimals: token.decimals };
}

function show(amount: bigint, token: TokenInfo): string {
  return `${formatAmount(amount, token.decimals)} ${token.symbol}`;
}

/** The `flashloan:taken` event of a loan, its fee known, with the block's numbers in one sentence. */
export function flashLoanEvent(
  loan: DecodedFlashLoan & { fee: bigint },
  block: number,
  facts: Pick<InspectionFacts, "label" | "tokens">,
  feeBps?: bigint,
): EventDraft<FlashLoanTaken> {
  const token = facts.tokens.get(loan.token)!;
  const repaidToken = facts.tokens.get(loan.repaidToken)!;
  const who = facts.label(loan.borrower);
  const lender = facts.label(loan.lender);
  const borrowed = `${who} borrowed ${show(loan.amount, token)} from ${lender}`;
  const explanation =
    loan.source === "erc3156"
      ? `${borrowed} (an ERC-3156 flash loan) and repaid ${show(loan.repaid, repaidToken)} in the same transaction: a fee of ${show(loan.fee, repaidToken)}`
      : loan.token === loan.repaidToken
        ? `${borrowed} (a flash swap: the pair sent it before being paid) and paid back ${show(loan.repaid, repaidToken)} in the same transaction: ${show(loan.fee, repaidToken)} above the loan`
        : `${borrowed} (a flash swap: the pair sent it before being paid) and paid ${show(loan.repaid, repaidToken)} for it in the same transaction, whose ${feeBps === undefined ? "swap fee" : `${formatBps(feeBps)} swap fee`} is ${show(loan.fee, repaidToken)}`;
  return {
    type: "flashloan:taken",
    block,
    tx: loan.txHash,
    txIndex: loan.txIndex,
    source: loan.source,
    lender: { address: loan.lender, label: lender },
    borrower: { address: loan.borrower, label: who },
    sender: { address: loan.txFrom, label: facts.label(loan.txFrom) },
    amount: amountOf(loan.amount, token),
    fee: amountOf(loan.fee, repaidToken),
    repaid: amountOf(loan.repaid, repaidToken),
    explanation,
  };
}

/** Every flash loan of a block's receipts, by transaction, then log. */
export function decodeFlashLoans(receipts: readonly ReceiptLike[], pools: PoolTokensMap): DecodedFlashLoan[] {
  return receipts
    .flatMap((receipt) => [...decodeErc3156Loans(receipt), ...decodeFlashSwaps(receipt, pools)])
    .sort((a, b) => a.txIndex - b.txIndex || a.logIndex - b.logIndex);
}
