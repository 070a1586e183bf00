/**
 * The pool reserves a bundle's earlier swaps leave, so that a later swap in it is read where it runs:
 * a searcher's back-run, after its front-run and the victim's swap, expects what that state pays, not
 * what the chain pays now. Mirrors the pair's math (server/math/amm), nothing is executed.
 */
import { getAmountOut } from "../math/amm";
import type { TokenSymbol } from "../world/config";
import type { World } from "../world/types";

type Reserves = readonly [reserve0: bigint, reserve1: bigint];

export interface BundleQuote {
  amountOut: bigint;
  /** Each pool's reserves after the swap, by pool address. */
  after: Map<string, Reserves>;
}

export class BundleState {
  private readonly reserves = new Map<string, Reserves>();
  private readonly senders = new Set<string>();

  constructor(private readonly world: World) {}

  /** Whether `from` sent an earlier transaction of the bundle: its later ones run on what the bundle did. */
  continues(from: string): boolean {
    return this.senders.has(from.toLowerCase());
  }

  noteSender(from: string): void {
    this.senders.add(from.toLowerCase());
  }

  /** A swap of `amountIn` along `path` on `dexName` ("DEX A"), on the reserves the bundle has left; null for an unknown pool. */
  async quote(dexName: string, amountIn: bigint, path: readonly TokenSymbol[]): Promise<BundleQuote | null> {
    const after = new Map<string, Reserves>();
    let amount = amountIn;
    for (let i = 0; i + 1 < path.length; i++) {
      const [tokenIn, tokenOut] = [path[i]!, path[i + 1]!];
      const pool = this.world.pools.find(
        (p) =>
          this.world.dexes[p.dex].name === dexName &&
          ((p.token0 === tokenIn && p.token1 === tokenOut) ||
            (p.token0 === tokenOut && p.token1 === tokenIn)),
      );
      if (!pool) return null;
      const [r0, r1] =
        after.get(pool.address) ?? this.reserves.get(pool.address) ?? (await pool.pair.getReserves());
      const inIs0 = pool.token0 === tokenIn;
      const out = getAmountOut(amount, inIs0 ? r0 : r1, inIs0 ? r1 : r0, pool.feeBps);
      after.set(pool.address, inIs0 ? [r0 + amount, r1 - out] : [r0 - out, r1 + amount]);
      amount = out;
    }
    return { amountOut: amount, after };
  }

  /** Records a swap's effect: the bundle's later transactions see it. */
  apply(quote: BundleQuote): void {
    for (const [pool, reserves] of quote.after) this.reserves.set(pool, reserves);
  }
}
