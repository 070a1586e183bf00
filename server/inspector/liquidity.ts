/**
 * Decoding liquidity changes from a receipt's standard Uniswap V2 pair events: `Mint` and `Burn`,
 * with the pair's own LP-token `Transfer`s (who received the minted tokens, who sent tokens back to
 * burn) and the `Sync` before each. Pure, like decode.ts: only pools in the map are read.
 */
import { getAddress, ZeroAddress } from "ethers";
import {
  BURN_TOPIC,
  type LogLike,
  MINT_TOPIC,
  type PoolTokensMap,
  type ReceiptLike,
  type Reserves,
  STANDARD_EVENTS,
  SYNC_TOPIC,
  TRANSFER_TOPIC,
} from "./logs";

/** Liquidity added (`mint`) or removed (`burn`) in one pool, seen from its logs. Addresses checksummed. */
export interface DecodedLiquidity {
  kind: "mint" | "burn";
  txHash: string;
  txIndex: number;
  logIndex: number;
  txFrom: string;
  pool: string;
  /**
   * Whose liquidity: for a mint, who received the new LP tokens (the pair's `Transfer` from zero);
   * for a burn, who sent the LP tokens to the pair to burn.
   */
  owner: string;
  liquidity: bigint;
  amount0: bigint;
  amount1: bigint;
  /** The pool's reserves right after (the `Sync` the pair emits just before `Mint`/`Burn`). */
  reservesAfter?: Reserves;
}

interface PoolLogState {
  sync?: Reserves;
  /** Last LP tokens minted to someone (Transfer from zero, not to the pair). */
  minted?: { to: string; value: bigint };
  /** Last LP tokens sent to the pair by someone (to be burned). */
  returned?: { from: string; value: bigint };
}

/** The mints and burns of one transaction, in log order. A reverted transaction has none. */
export function decodeLiquidity(receipt: ReceiptLike, poolTokens: PoolTokensMap): DecodedLiquidity[] {
  if (receipt.status !== 1) return [];
  const found: DecodedLiquidity[] = [];
  const states = new Map<string, PoolLogState>();
  for (const log of receipt.logs) {
    const pool = getAddress(log.address);
    if (!poolTokens.has(pool) && !poolTokens.has(pool.toLowerCase())) continue;
    const state = states.get(pool) ?? {};
    states.set(pool, state);
    const change = readLog(receipt, log, pool, state);
    if (change) found.push(change);
  }
  return found;
}

/** Updates what a pool's logs said so far; returns the mint or burn this log completes, if any. */
function readLog(
  receipt: ReceiptLike,
  log: LogLike,
  pool: string,
  state: PoolLogState,
): DecodedLiquidity | undefined {
  const topic = log.topics[0];
  if (topic !== MINT_TOPIC && topic !== BURN_TOPIC && topic !== TRANSFER_TOPIC && topic !== SYNC_TOPIC)
    return undefined;
  const { args } = STANDARD_EVENTS.parseLog(log)!;
  if (topic === SYNC_TOPIC) {
    state.sync = { reserve0: args.reserve0 as bigint, reserve1: args.reserve1 as bigint };
    return undefined;
  }
  if (topic === TRANSFER_TOPIC) {
    const [from, to] = [getAddress(args.from as string), getAddress(args.to as string)];
    if (from === ZeroAddress && to !== pool) state.minted = { to, value: args.value as bigint };
    else if (to === pool && from !== ZeroAddress) state.returned = { from, value: args.value as bigint };
    return undefined;
  }
  const source = topic === MINT_TOPIC ? state.minted : state.returned;
  if (!source) return undefined; // not a V2 pair's mint or burn (no LP token moved)
  const change: DecodedLiquidity = {
    kind: topic === MINT_TOPIC ? "mint" : "burn",
    txHash: receipt.hash,
    txIndex: receipt.index,
    logIndex: log.index,
    txFrom: getAddress(receipt.from),
    pool,
    owner: "to" in source ? source.to : source.from,
    liquidity: source.value,
    amount0: args.amount0 as bigint,
    amount1: args.amount1 as bigint,
    reservesAfter: state.sync,
  };
  state.sync = undefined;
  state.minted = undefined;
  state.returned = undefined;
  return change;
}
