/**
 * The inspector's rules, as pure functions over decoded swaps and liquidations: which transactions
 * of a block are an arbitrage, a sandwich or a liquidation, and what each earned. No chain, no
 * names: `inspector.ts` reads the chain, `explain.ts` turns findings into sentences.
 */

import type { DecodedLiquidity } from "./liquidity";
import type { DecodedLiquidation, DecodedSwap } from "./logs";

/** A transaction whose swaps form a profitable cycle. */
export interface ArbitrageFinding {
  kind: "arbitrage";
  txHash: string;
  txIndex: number;
  /** tx.from: who paid for it and gets the profit. */
  searcher: string;
  /** The swaps of the cycle, in order: hops[0].tokenIn = hops[n−1].tokenOut. */
  hops: DecodedSwap[];
  token: string;
  amountIn: bigint;
  amountOut: bigint;
  /** amountOut − amountIn, in `token`. */
  profit: bigint;
}

/** A front-run and back-run by one attacker around other traders' swaps in one pool. */
export interface SandwichFinding {
  kind: "sandwich";
  pool: string;
  /** tx.from of the front-run: who gets the profit. */
  attacker: string;
  front: DecodedSwap;
  /** Swaps in the attacker's direction between front and back, by other traders, in block order. */
  victims: DecodedSwap[];
  back: DecodedSwap;
  /** The front-run's input token, in which the profit is counted. */
  token: string;
  /** Amount of the bought token that the back-run sold back, up to what the front-run bought. */
  matchedAmount: bigint;
  profit: bigint;
}

/** A `LiquidationCall`, with the swaps of the same transaction (a flash liquidation sells the collateral). */
export interface LiquidationFinding {
  kind: "liquidation";
  liquidation: DecodedLiquidation;
  swaps: DecodedSwap[];
}

/**
 * Just-in-time liquidity: one owner's liquidity minted into a pool, other traders' swaps through it,
 * then the same owner's liquidity burned, all in one block.
 */
export interface JitFinding {
  kind: "jit";
  pool: string;
  /** Who owned the liquidity (the LP tokens' recipient and sender): who gets the fee share. */
  provider: string;
  mint: DecodedLiquidity;
  /** Other traders' swaps in the pool between the mint and the burn, in block order. */
  swaps: DecodedSwap[];
  burn: DecodedLiquidity;
}

/**
 * A back-run: an arbitrage in the transaction right after another trader's swap, trading back through
 * that swap's pool in the opposite direction (it closes the gap the swap opened, before anyone else can).
 */
export interface BackrunFinding {
  kind: "backrun";
  /** The other trader's swap in the previous transaction. */
  target: DecodedSwap;
  arbitrage: ArbitrageFinding;
}

export type Finding = ArbitrageFinding | SandwichFinding | LiquidationFinding | JitFinding | BackrunFinding;

/** Swaps and logs come in execution order: transaction first, then log. */
function byPosition(a: { txIndex: number; logIndex: number }, b: { txIndex: number; logIndex: number }) {
  return a.txIndex - b.txIndex || a.logIndex - b.logIndex;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

// ───────────────────────────── arbitrage ─────────────────────────────

/**
 * The profitable cycles among one transaction's swaps (in log order): runs of consecutive swaps,
 * each buying what the next one sells, that end in the token the run started with and with more of it.
 */
export function findArbitrages(txSwaps: readonly DecodedSwap[]): ArbitrageFinding[] {
  const found: ArbitrageFinding[] = [];
  let start = 0;
  while (start < txSwaps.length) {
    const end = cycleEnd(txSwaps, start);
    if (end === undefined) {
      start++;
      continue;
    }
    const hops = txSwaps.slice(start, end + 1);
    const first = hops[0]!;
    const last = hops[hops.length - 1]!;
    const profit = last.amountOut - first.amountIn;
    if (profit > 0n) {
      found.push({
        kind: "arbitrage",
        txHash: first.txHash,
        txIndex: first.txIndex,
        searcher: first.txFrom,
        hops,
        token: first.tokenIn,
        amountIn: first.amountIn,
        amountOut: last.amountOut,
        profit,
      });
    }
    start = end + 1;
  }
  return found;
}

/** Index of the swap that closes a chained cycle starting at `start`, if the chain closes. */
function cycleEnd(swaps: readonly DecodedSwap[], start: number): number | undefined {
  const startToken = swaps[start]!.tokenIn;
  for (let i = start + 1; i < swaps.length; i++) {
    if (swaps[i - 1]!.tokenOut !== swaps[i]!.tokenIn) return undefined;
    if (swaps[i]!.tokenOut === startToken) return i;
  }
  return undefined;
}

// ───────────────────────────── sandwiches ─────────────────────────────

/**
 * Whether two swaps are the same trader's: the same tx.from, or the same output recipient (a
 * searcher contract called from several accounts). A recipient that is itself a pool is a hop of
 * a routed trade, not a trader, so it does not count.
 */
function sameTrader(a: DecodedSwap, b: DecodedSwap, pools: ReadonlySet<string>): boolean {
  return a.txFrom === b.txFrom || (a.recipient === b.recipient && !pools.has(a.recipient));
}

/** The smaller of two bigints (Math.min takes numbers only). */
function smaller(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/**
 * Profit of a front-run and back-run, in the front-run's input token, on the matched amount:
 * the back-run may sell less or more than the front-run bought, so each side is scaled to
 * `matched = min(bought, sold)`: `profit = backOut·matched/sold − frontIn·matched/bought`
 * (each rounded down). When the back-run sells exactly what was bought this is `backOut − frontIn`.
 */
export function sandwichProfit(
  front: DecodedSwap,
  back: DecodedSwap,
): { matchedAmount: bigint; profit: bigint } {
  const bought = front.amountOut;
  const sold = back.amountIn;
  const matchedAmount = smaller(bought, sold);
  const received = (back.amountOut * matchedAmount) / sold;
  const paid = (front.amountIn * matchedAmount) / bought;
  return { matchedAmount, profit: received - paid };
}

/**
 * The sandwiches in one pool's swaps (in block order). For each swap A, the back-run C is the same
 * trader's next swap in the reverse direction in a later transaction; the victims are the other
 * traders' swaps in A's direction in the transactions strictly between. Without a victim, A and C are
 * just a round trip. A and C, once matched, are not reused.
 */
export function findSandwiches(
  poolSwaps: readonly DecodedSwap[],
  pools: ReadonlySet<string>,
): SandwichFinding[] {
  const found: SandwichFinding[] = [];
  const used = new Set<DecodedSwap>();
  for (const [i, front] of poolSwaps.entries()) {
    if (used.has(front)) continue;
    const back = poolSwaps
      .slice(i + 1)
      .find(
        (swap) =>
          !used.has(swap) &&
          swap.txIndex > front.txIndex &&
          swap.tokenIn === front.tokenOut &&
          sameTrader(front, swap, pools),
      );
    if (!back) continue;
    const victims = poolSwaps.filter(
      (swap) =>
        swap.txIndex > front.txIndex &&
        swap.txIndex < back.txIndex &&
        swap.tokenIn === front.tokenIn &&
        !sameTrader(front, swap, pools),
    );
    if (victims.length === 0) continue;
    used.add(front);
    used.add(back);
    found.push({
      kind: "sandwich",
      pool: front.pool,
      attacker: front.txFrom,
      front,
      victims,
      back,
      token: front.tokenIn,
      ...sandwichProfit(front, back),
    });
  }
  return found;
}

// ───────────────────────────── JIT liquidity ─────────────────────────────

/**
 * The JIT positions among a block's mints, burns and swaps (each in block order): a mint, the same
 * owner's next burn in the same pool in a later transaction, and other traders' swaps in that pool in
 * the transactions strictly between. Without such a swap it is just liquidity coming and going.
 */
export function findJits(
  liquidity: readonly DecodedLiquidity[],
  swaps: readonly DecodedSwap[],
): JitFinding[] {
  const found: JitFinding[] = [];
  const used = new Set<DecodedLiquidity>();
  for (const mint of liquidity) {
    // A V2 pair syncs before emitting Mint: the reserves after the mint give the provider's share.
    if (mint.kind !== "mint" || !mint.reservesAfter) continue;
    const burn = liquidity.find(
      (change) =>
        change.kind === "burn" &&
        !used.has(change) &&
        change.pool === mint.pool &&
        change.owner === mint.owner &&
        change.txIndex > mint.txIndex,
    );
    if (!burn) continue;
    const between = swaps.filter(
      (swap) =>
        swap.pool === mint.pool &&
        swap.txIndex > mint.txIndex &&
        swap.txIndex < burn.txIndex &&
        swap.txFrom !== mint.txFrom &&
        swap.recipient !== mint.owner,
    );
    if (between.length === 0) continue;
    used.add(burn);
    found.push({ kind: "jit", pool: mint.pool, provider: mint.owner, mint, swaps: between, burn });
  }
  return found;
}

// ───────────────────────────── back-runs ─────────────────────────────

/**
 * The arbitrages that back-run a swap: the previous transaction holds another trader's swap in one of
 * the cycle's pools, and the cycle goes through that pool the other way.
 */
export function findBackruns(
  arbitrages: readonly ArbitrageFinding[],
  swaps: readonly DecodedSwap[],
): BackrunFinding[] {
  return arbitrages.flatMap((arbitrage) => {
    const target = swaps.find(
      (swap) =>
        swap.txIndex === arbitrage.txIndex - 1 &&
        swap.txFrom !== arbitrage.searcher &&
        arbitrage.hops.some((hop) => hop.pool === swap.pool && hop.tokenIn === swap.tokenOut),
    );
    return target ? [{ kind: "backrun" as const, target, arbitrage }] : [];
  });
}

// ───────────────────────────── the block ─────────────────────────────

/** Index of a finding's first transaction in the block. */
export function firstTxIndex(finding: Finding): number {
  if (finding.kind === "arbitrage") return finding.txIndex;
  if (finding.kind === "sandwich") return finding.front.txIndex;
  if (finding.kind === "jit") return finding.mint.txIndex;
  if (finding.kind === "backrun") return finding.target.txIndex;
  return finding.liquidation.txIndex;
}

/** Position of the finding's first log: orders two findings of one kind in one transaction. */
function firstLogIndex(finding: Finding): number {
  if (finding.kind === "arbitrage") return finding.hops[0]!.logIndex;
  if (finding.kind === "sandwich") return finding.front.logIndex;
  if (finding.kind === "jit") return finding.mint.logIndex;
  if (finding.kind === "backrun") return finding.target.logIndex;
  return finding.liquidation.logIndex;
}

/**
 * Labels a block from its decoded swaps and liquidations (any order; reverted transactions have
 * none). Returns the findings ordered by first transaction index, then kind, then log position.
 */
export function classifyBlock(
  swaps: readonly DecodedSwap[],
  liquidations: readonly DecodedLiquidation[],
  liquidity: readonly DecodedLiquidity[] = [],
): Finding[] {
  const ordered = [...swaps].sort(byPosition);
  const pools = new Set(ordered.map((swap) => swap.pool));
  const arbitrages = [...groupBy(ordered, (swap) => swap.txHash).values()].flatMap(findArbitrages);
  const findings: Finding[] = [
    ...arbitrages,
    ...findBackruns(arbitrages, ordered),
    ...[...groupBy(ordered, (swap) => swap.pool).values()].flatMap((poolSwaps) =>
      findSandwiches(poolSwaps, pools),
    ),
    ...findJits([...liquidity].sort(byPosition), ordered),
    ...[...liquidations].sort(byPosition).map(
      (liquidation): LiquidationFinding => ({
        kind: "liquidation",
        liquidation,
        swaps: ordered.filter((swap) => swap.txHash === liquidation.txHash),
      }),
    ),
  ];
  return findings.sort(
    (a, b) =>
      firstTxIndex(a) - firstTxIndex(b) ||
      a.kind.localeCompare(b.kind) ||
      firstLogIndex(a) - firstLogIndex(b),
  );
}
