/** Lending: the oracle prices this run moved, and each position with its health factor over blocks. */
import type { PositionUpdated } from "../../../server/events";
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from "../../../server/math/lending";
import { upsertBy } from "./lists";
import type { SliceReducer } from "./slice";

export interface OracleView {
  symbol: string;
  /** USD with `decimals` decimals. */
  price: string;
  decimals: number;
  block: number;
  /** The price before the latest update in this run, if there was one. */
  previous: string | null;
  /** Every price this run reported, one per block (a TWAP oracle's moves every block). */
  history: OraclePoint[];
}

export interface OraclePoint {
  block: number;
  /** USD with the oracle's decimals. */
  price: string;
}

export interface HealthPoint {
  block: number;
  healthFactor: string;
}

/** A position as its latest `position:updated` event shows it, with the health factor's history. */
export type PositionView = Omit<PositionUpdated, "type" | "runId" | "step"> & { history: HealthPoint[] };

export interface LendingSlice {
  oracles: OracleView[];
  positions: PositionView[];
}

export const lendingReducer: SliceReducer<LendingSlice> = {
  empty: { oracles: [], positions: [] },
  reduce({ oracles, positions }, event) {
    switch (event.type) {
      case "oracle:updated": {
        const old = oracles.find((o) => o.symbol === event.symbol);
        const history = (old?.history ?? []).filter((point) => point.block !== event.block);
        const oracle: OracleView = {
          symbol: event.symbol,
          price: event.price,
          decimals: event.decimals,
          block: event.block,
          previous: old ? old.price : null,
          history: [...history, { block: event.block, price: event.price }],
        };
        return { oracles: upsertBy(oracles, oracle, (o) => o.symbol === event.symbol) };
      }
      case "position:updated":
        return { positions: upsertPosition(positions, event) };
      default:
        return {};
    }
  },
};

function upsertPosition(positions: readonly PositionView[], event: PositionUpdated): PositionView[] {
  const old = positions.find((p) => p.user.address === event.user.address);
  const history = (old?.history ?? []).filter((point) => point.block !== event.block);
  const position: PositionView = {
    user: event.user,
    collateral: event.collateral,
    debt: event.debt,
    healthFactor: event.healthFactor,
    collateralUsd: event.collateralUsd,
    debtUsd: event.debtUsd,
    block: event.block,
    history: [...history, { block: event.block, healthFactor: event.healthFactor }],
  };
  return upsertBy(positions, position, (p) => p.user.address === event.user.address);
}

/** Whether a health factor (18 decimals or "max") is below 1: the position can be liquidated. */
export function isLiquidatable(healthFactor: string): boolean {
  return healthFactor !== "max" && BigInt(healthFactor) < HEALTH_FACTOR_LIQUIDATION_THRESHOLD;
}
