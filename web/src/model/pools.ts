/** The pools this run moved: reserves and price per DEX, and every price each has had in the run. */
import type { PoolUpdated, TokenAmount } from "../../../server/events";
import { priceGapBps as gapBps } from "../../../server/math/price";
import { upsertBy } from "./lists";
import type { SliceReducer } from "./slice";

export interface PricePoint {
  block: number;
  price: TokenAmount;
}

export interface PoolView {
  label: string;
  address: string;
  dex: string;
  base: string;
  quote: string;
  reserve0: TokenAmount;
  reserve1: TokenAmount;
  price: TokenAmount;
  block: number;
  /** Every price this run has seen, one point per block that moved the pool. */
  history: PricePoint[];
}

export interface PoolsSlice {
  pools: PoolView[];
}

export const poolsReducer: SliceReducer<PoolsSlice> = {
  empty: { pools: [] },
  reduce({ pools }, event) {
    return event.type === "pool:updated" ? { pools: upsertPool(pools, event) } : {};
  },
};

function upsertPool(pools: readonly PoolView[], event: PoolUpdated): PoolView[] {
  const old = pools.find((p) => p.address === event.pool.address);
  const history = (old?.history ?? []).filter((point) => point.block !== event.block);
  const pool: PoolView = {
    label: event.pool.label,
    address: event.pool.address,
    dex: event.dex,
    base: event.base,
    quote: event.quote,
    reserve0: event.reserve0,
    reserve1: event.reserve1,
    price: event.price,
    block: event.block,
    history: [...history, { block: event.block, price: event.price }],
  };
  return upsertBy(pools, pool, (p) => p.address === event.pool.address);
}

/** The price gap between the cheapest and dearest of `prices` (one pair), in basis points of the cheapest. */
export function priceGapBps(prices: readonly TokenAmount[]): bigint | null {
  return gapBps(prices.map((p) => BigInt(p.amount)));
}
