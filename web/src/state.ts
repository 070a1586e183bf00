/**
 * The visualizer's state: a pure reducer from the sandbox's events (server/events.ts) to what the
 * page shows. No DOM, no I/O, no clock: the same events give the same view, which is what lets a
 * viewer who joins mid-run, or reconnects, rebuild the page at once from the run's event list.
 *
 * The shapes of the events are imported, never copied. Amounts stay decimal strings of base units.
 */
import type {
  ActorBalances,
  BlockMined,
  FormulaUse,
  MevClassified,
  MinedTx,
  OpportunityFound,
  OpportunityKind,
  OpportunitySkipped,
  PositionUpdated,
  RunFinished,
  SandboxEvent,
  TokenAmount,
  TxPending,
} from "../../server/events";
import { BPS } from "../../server/math/amm";
import { HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from "../../server/math/lending";

export interface StepView {
  index: number;
  title: string;
  status: "running" | "done";
  narration: string | null;
  formulas: FormulaUse[];
  /** Blocks mined during this step, in order. */
  blocks: number[];
}

/** Where a transaction stands in the MEV the inspector found in its block. */
export type TxRole = "frontrun" | "victim" | "backrun" | "arbitrage" | "liquidation";

export interface TxLabel {
  kind: OpportunityKind;
  role: TxRole;
  /** Index of the finding in the block's `mev` list: transactions with the same group belong together. */
  group: number;
}

export interface BlockTxView extends MinedTx {
  labels: TxLabel[];
}

export interface BlockView {
  number: number;
  hash: string;
  timestamp: number;
  step: number;
  gasUsed: string;
  baseFeePerGas: string;
  coinbaseTake: TokenAmount;
  txs: BlockTxView[];
  /** What the inspector found in this block, in its order. */
  mev: MevClassified[];
}

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

export interface OracleView {
  symbol: string;
  /** USD with `decimals` decimals. */
  price: string;
  decimals: number;
  block: number;
  /** The price before the latest update in this run, if there was one. */
  previous: string | null;
}

export interface HealthPoint {
  block: number;
  healthFactor: string;
}

/** A position as its latest `position:updated` event shows it, with the health factor's history. */
export type PositionView = Omit<PositionUpdated, "type" | "runId" | "step"> & { history: HealthPoint[] };

export type Decision = OpportunityFound | OpportunitySkipped;

export interface RunInfo {
  id: string;
  scenario: string;
  params: Record<string, unknown>;
  seed: string;
  status: "running" | "finished" | "failed";
  error: { name: string; message: string } | null;
  summary: RunFinished["summary"] | null;
}

export interface ViewState {
  run: RunInfo | null;
  steps: StepView[];
  /** The step in progress, -1 between steps. */
  currentStep: number;
  /** Pending transactions in arrival order; they leave when a block includes them. */
  mempool: TxPending[];
  blocks: BlockView[];
  pools: PoolView[];
  oracles: OracleView[];
  positions: PositionView[];
  actors: ActorBalances[];
  /** The block of the latest balances. */
  actorsBlock: number | null;
  decisions: Decision[];
  /** Events applied, for the page's "n events" and for tests. */
  eventCount: number;
}

export const EMPTY_STATE: ViewState = {
  run: null,
  steps: [],
  currentStep: -1,
  mempool: [],
  blocks: [],
  pools: [],
  oracles: [],
  positions: [],
  actors: [],
  actorsBlock: null,
  decisions: [],
  eventCount: 0,
};

/** Applies one event. Events of another run than the one shown start a fresh view when they start it. */
export function reduce(state: ViewState, event: SandboxEvent): ViewState {
  if (event.type === "run:started") {
    return {
      ...EMPTY_STATE,
      run: {
        id: event.runId,
        scenario: event.scenario,
        params: event.params,
        seed: event.seed,
        status: "running",
        error: null,
        summary: null,
      },
      eventCount: 1,
    };
  }
  const next = applyEvent(state, event);
  return { ...next, eventCount: state.eventCount + 1 };
}

/** Folds a whole event list, from an empty view. */
export function replay(events: readonly SandboxEvent[]): ViewState {
  return events.reduce(reduce, EMPTY_STATE);
}

function applyEvent(state: ViewState, event: SandboxEvent): ViewState {
  switch (event.type) {
    case "run:started":
      return state; // handled in reduce
    case "run:finished":
      return withRun(state, { status: "finished", summary: event.summary });
    case "run:failed":
      return withRun(state, { status: "failed", error: event.error });
    case "step:started":
      return {
        ...state,
        currentStep: event.index,
        steps: upsertStep(state.steps, {
          index: event.index,
          title: event.title,
          status: "running",
          narration: null,
          formulas: [],
          blocks: [],
        }),
      };
    case "step:finished": {
      const previous = state.steps.find((s) => s.index === event.index);
      return {
        ...state,
        currentStep: -1,
        steps: upsertStep(state.steps, {
          index: event.index,
          title: event.title,
          status: "done",
          narration: event.narration,
          formulas: event.formulas,
          blocks: previous?.blocks ?? [],
        }),
      };
    }
    case "tx:pending":
      if (state.mempool.some((tx) => tx.hash === event.hash)) return state;
      return { ...state, mempool: [...state.mempool, event] };
    case "block:mined":
      return applyBlock(state, event);
    case "mev:classified":
      return applyClassification(state, event);
    case "pool:updated":
      return { ...state, pools: upsertPool(state.pools, event) };
    case "oracle:updated": {
      const old = state.oracles.find((o) => o.symbol === event.symbol);
      const oracle: OracleView = {
        symbol: event.symbol,
        price: event.price,
        decimals: event.decimals,
        block: event.block,
        previous: old ? old.price : null,
      };
      return { ...state, oracles: upsertBy(state.oracles, oracle, (o) => o.symbol === event.symbol) };
    }
    case "position:updated":
      return { ...state, positions: upsertPosition(state.positions, event) };
    case "balances:updated":
      return { ...state, actors: event.actors, actorsBlock: event.block };
    case "opportunity:found":
    case "opportunity:skipped":
      return { ...state, decisions: [...state.decisions, event] };
    case "bundle:received":
    case "bundle:cancelled":
    case "block:built":
    case "auction:bid":
    case "bandit:updated":
      return state; // TODO(issue 6): builder panel, bundle groups, bids and bandit charts
  }
}

function withRun(state: ViewState, patch: Partial<RunInfo>): ViewState {
  if (!state.run) return state;
  return { ...state, run: { ...state.run, ...patch } };
}

function upsertBy<T>(list: readonly T[], item: T, same: (x: T) => boolean): T[] {
  const index = list.findIndex(same);
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

function upsertStep(steps: readonly StepView[], step: StepView): StepView[] {
  return upsertBy(steps, step, (s) => s.index === step.index).sort((a, b) => a.index - b.index);
}

function applyBlock(state: ViewState, event: BlockMined): ViewState {
  const included = new Set(event.txs.map((tx) => tx.hash));
  const block: BlockView = {
    number: event.block,
    hash: event.hash,
    timestamp: event.timestamp,
    step: event.step,
    gasUsed: event.gasUsed,
    baseFeePerGas: event.baseFeePerGas,
    coinbaseTake: event.coinbaseTake,
    txs: event.txs.map((tx) => ({ ...tx, labels: [] })),
    mev: [],
  };
  return {
    ...state,
    mempool: state.mempool.filter((tx) => !included.has(tx.hash)),
    blocks: upsertBy(state.blocks, block, (b) => b.number === event.block),
    steps: state.steps.map((s) =>
      s.index === event.step && !s.blocks.includes(event.block)
        ? { ...s, blocks: [...s.blocks, event.block] }
        : s,
    ),
  };
}

/** The role of each transaction of a finding: a sandwich is [frontrun, victim…, backrun]. */
export function rolesOf(finding: Pick<MevClassified, "kind" | "txs">): TxRole[] {
  if (finding.kind !== "sandwich") return finding.txs.map(() => finding.kind as TxRole);
  const last = finding.txs.length - 1;
  return finding.txs.map((_, i) => (i === 0 ? "frontrun" : i === last ? "backrun" : "victim"));
}

function applyClassification(state: ViewState, event: MevClassified): ViewState {
  const blocks = state.blocks.map((block) => {
    if (block.number !== event.block) return block;
    const group = block.mev.length;
    const roles = rolesOf(event);
    const roleOf = new Map(event.txs.map((hash, i) => [hash, roles[i]!]));
    return {
      ...block,
      mev: [...block.mev, event],
      txs: block.txs.map((tx) => {
        const role = roleOf.get(tx.hash);
        return role ? { ...tx, labels: [...tx.labels, { kind: event.kind, role, group }] } : tx;
      }),
    };
  });
  return { ...state, blocks };
}

function upsertPool(
  pools: readonly PoolView[],
  event: Extract<SandboxEvent, { type: "pool:updated" }>,
): PoolView[] {
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

// ---------------------------------------------------------------------------------------------
// Derived views
// ---------------------------------------------------------------------------------------------

/** The latest block, or the latest block of step `step` when one is selected. */
export function blockToShow(state: ViewState, step: number | null): BlockView | null {
  if (step !== null) {
    const numbers = state.steps.find((s) => s.index === step)?.blocks ?? [];
    const last = numbers[numbers.length - 1];
    return last === undefined ? null : (state.blocks.find((b) => b.number === last) ?? null);
  }
  return state.blocks[state.blocks.length - 1] ?? null;
}

/** The step to narrate: the selected one, else the one in progress, else the latest. */
export function stepToShow(state: ViewState, selected: number | null): StepView | null {
  if (selected !== null) return state.steps.find((s) => s.index === selected) ?? null;
  if (state.currentStep >= 0) return state.steps.find((s) => s.index === state.currentStep) ?? null;
  return state.steps[state.steps.length - 1] ?? null;
}

/** Every sandwich the inspector found in this run, latest last. */
export function sandwiches(state: ViewState): MevClassified[] {
  return state.blocks.flatMap((b) => b.mev.filter((m) => m.kind === "sandwich"));
}

/** Every finding of this run, in block order. */
export function findings(state: ViewState): MevClassified[] {
  return state.blocks.flatMap((b) => b.mev);
}

/** Whether a health factor (18 decimals or "max") is below 1: the position can be liquidated. */
export function isLiquidatable(healthFactor: string): boolean {
  return healthFactor !== "max" && BigInt(healthFactor) < HEALTH_FACTOR_LIQUIDATION_THRESHOLD;
}

/** The price gap between the cheapest and dearest of `prices` (one pair), in basis points of the cheapest. */
export function priceGapBps(prices: readonly TokenAmount[]): bigint | null {
  const values = prices.map((p) => BigInt(p.amount)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (values.length < 2) return null;
  const low = values[0]!;
  const high = values[values.length - 1]!;
  return low === 0n ? null : ((high - low) * BPS) / low;
}
