/**
 * Decoding a receipt's standard events into plain data: Uniswap V2 `Swap` (with the `Sync` before
 * it) and Aave v3 `LiquidationCall`; the signatures of the others the inspector reads (ERC-20
 * `Transfer`, V2 `Mint`/`Burn`, ERC-3156 `FlashLoan`) are here too, one place for all. Pure: the only outside knowledge is each pool's token0/token1,
 * passed in. Works on receipts from any chain, and on hand-made ones in tests.
 */
import { getAddress, Interface } from "ethers";

/** The standard event signatures, written out so any V2-style pool or Aave-v3-style pool decodes. */
export const STANDARD_EVENTS = new Interface([
  "event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)",
  "event Sync(uint112 reserve0, uint112 reserve1)",
  "event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)",
  "event FlashLoan(address indexed receiver, address initiator, address indexed asset, uint256 amount, uint256 fee)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event Mint(address indexed sender, uint256 amount0, uint256 amount1)",
  "event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)",
]);

export const SWAP_TOPIC = STANDARD_EVENTS.getEvent("Swap")!.topicHash;
export const SYNC_TOPIC = STANDARD_EVENTS.getEvent("Sync")!.topicHash;
export const FLASH_LOAN_TOPIC = STANDARD_EVENTS.getEvent("FlashLoan")!.topicHash;
export const TRANSFER_TOPIC = STANDARD_EVENTS.getEvent("Transfer")!.topicHash;
export const MINT_TOPIC = STANDARD_EVENTS.getEvent("Mint")!.topicHash;
export const BURN_TOPIC = STANDARD_EVENTS.getEvent("Burn")!.topicHash;
const LIQUIDATION_TOPIC = STANDARD_EVENTS.getEvent("LiquidationCall")!.topicHash;

/** The fields of a log the inspector reads (an ethers `Log` has them all). */
export interface LogLike {
  address: string;
  topics: readonly string[];
  data: string;
  /** Position of the log in the block. */
  index: number;
}

/** The fields of a receipt the inspector reads (an ethers `TransactionReceipt` has them all). */
export interface ReceiptLike {
  hash: string;
  /** Position of the transaction in the block. */
  index: number;
  from: string;
  to: string | null;
  /** 1 = success, 0 = reverted. */
  status: number | null;
  logs: readonly LogLike[];
}

/** A pool's two tokens, as its `token0()` and `token1()` answer. */
export interface PoolTokens {
  token0: string;
  token1: string;
}

/** Pool address (any case) → its tokens. Pools missing here are not V2 pools: their logs are skipped. */
export type PoolTokensMap = ReadonlyMap<string, PoolTokens>;

/** Reserves of a pool, in its token0/token1 order. */
export interface Reserves {
  reserve0: bigint;
  reserve1: bigint;
}

/** One swap in one pool, seen from its `Swap` log. Addresses are checksummed. */
export interface DecodedSwap {
  txHash: string;
  txIndex: number;
  logIndex: number;
  /** The transaction's sender (tx.from), the account that paid for it. */
  txFrom: string;
  pool: string;
  /** The `sender` of the Swap event (who called the pair: a router, a contract, an EOA). */
  sender: string;
  /** The `to` of the Swap event: who received the output. */
  recipient: string;
  tokenIn: string;
  tokenOut: string;
  /** Net amounts: what the pool received and sent. */
  amountIn: bigint;
  amountOut: bigint;
  /** The pool's reserves before this swap, when a `Sync` of the same pool came with it (as V2 emits). */
  reservesBefore?: Reserves;
}

/** One `LiquidationCall` log. Addresses are checksummed. */
export interface DecodedLiquidation {
  txHash: string;
  txIndex: number;
  logIndex: number;
  txFrom: string;
  /** The lending pool that emitted the event. */
  pool: string;
  collateralAsset: string;
  debtAsset: string;
  user: string;
  liquidator: string;
  debtCovered: bigint;
  collateralSeized: bigint;
}

/** Addresses of the contracts that emitted a V2 `Swap` in these receipts: the pools to look up. */
export function swapEmitters(receipts: readonly ReceiptLike[]): string[] {
  const pools = new Set<string>();
  for (const receipt of receipts) {
    for (const log of receipt.logs) if (log.topics[0] === SWAP_TOPIC) pools.add(getAddress(log.address));
  }
  return [...pools];
}

function lookupPool(poolTokens: PoolTokensMap, address: string): PoolTokens | undefined {
  return (
    poolTokens.get(address) ?? poolTokens.get(address.toLowerCase()) ?? poolTokens.get(getAddress(address))
  );
}

/**
 * The swaps of one transaction, in log order. A reverted transaction has no logs, so no swaps.
 * The direction of each swap is where the pool's balance grew: V2 sends the output first
 * (optimistically), so `amountXIn − amountXOut > 0` marks the token that came in.
 */
export function decodeSwaps(receipt: ReceiptLike, poolTokens: PoolTokensMap): DecodedSwap[] {
  if (receipt.status !== 1) return [];
  const swaps: DecodedSwap[] = [];
  const lastSync = new Map<string, Reserves>();
  for (const log of receipt.logs) {
    const pool = getAddress(log.address);
    if (log.topics[0] === SYNC_TOPIC) {
      const { args } = STANDARD_EVENTS.parseLog(log)!;
      lastSync.set(pool, { reserve0: args.reserve0 as bigint, reserve1: args.reserve1 as bigint });
      continue;
    }
    if (log.topics[0] !== SWAP_TOPIC) continue;
    const tokens = lookupPool(poolTokens, pool);
    if (!tokens) continue;
    const swap = swapFromLog(receipt, log, pool, tokens, lastSync.get(pool));
    // a Sync belongs to the next Swap only: a later Swap without its own Sync gets no reserves
    lastSync.delete(pool);
    if (swap) swaps.push(swap);
  }
  return swaps;
}

function swapFromLog(
  receipt: ReceiptLike,
  log: LogLike,
  pool: string,
  tokens: PoolTokens,
  reservesAfter: Reserves | undefined,
): DecodedSwap | undefined {
  const { args } = STANDARD_EVENTS.parseLog(log)!;
  const net0 = (args.amount0In as bigint) - (args.amount0Out as bigint);
  const net1 = (args.amount1In as bigint) - (args.amount1Out as bigint);
  // A V2 swap takes one token and gives the other; anything else (both in, nothing out) is not a trade.
  if (!((net0 > 0n && net1 < 0n) || (net1 > 0n && net0 < 0n))) return undefined;
  const zeroForOne = net0 > 0n;
  return {
    txHash: receipt.hash,
    txIndex: receipt.index,
    logIndex: log.index,
    txFrom: getAddress(receipt.from),
    pool,
    sender: getAddress(args.sender as string),
    recipient: getAddress(args.to as string),
    tokenIn: getAddress(zeroForOne ? tokens.token0 : tokens.token1),
    tokenOut: getAddress(zeroForOne ? tokens.token1 : tokens.token0),
    amountIn: zeroForOne ? net0 : net1,
    amountOut: zeroForOne ? -net1 : -net0,
    // V2 syncs the reserves to the new balances right before emitting Swap: undo the swap to get them before.
    reservesBefore: reservesAfter && {
      reserve0: reservesAfter.reserve0 - net0,
      reserve1: reservesAfter.reserve1 - net1,
    },
  };
}

/** The `LiquidationCall` logs of one transaction, in log order. */
export function decodeLiquidations(receipt: ReceiptLike): DecodedLiquidation[] {
  if (receipt.status !== 1) return [];
  return receipt.logs
    .filter((log) => log.topics[0] === LIQUIDATION_TOPIC)
    .map((log) => {
      const { args } = STANDARD_EVENTS.parseLog(log)!;
      return {
        txHash: receipt.hash,
        txIndex: receipt.index,
        logIndex: log.index,
        txFrom: getAddress(receipt.from),
        pool: getAddress(log.address),
        collateralAsset: getAddress(args.collateralAsset as string),
        debtAsset: getAddress(args.debtAsset as string),
        user: getAddress(args.user as string),
        liquidator: getAddress(args.liquidator as string),
        debtCovered: args.debtToCover as bigint,
        collateralSeized: args.liquidatedCollateralAmount as bigint,
      };
    });
}
