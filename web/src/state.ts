/**
 * The visualizer's state: a pure reducer from the sandbox's events (server/events.ts) to what the
 * page shows. No DOM, no I/O, no clock: the same events give the same view, which is what lets a
 * viewer who joins mid-run, or reconnects, rebuild the page at once from the run's event list.
 *
 * The shapes of the events are imported, never copied. Amounts stay decimal strings of base units.
 */
import type {
  ActorBalances,
  AuctionBid,
  BanditArm,
  BanditUpdated,
  BlockBuilt,
  BlockMined,
  BundleCancelled,
  BundleDropReason,
  BundleReceived,
  BundleTx,
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
export type TxRole = "frontrun" | "victim" | "backrun" | "arbitrage" | "liquidation" | "jit";

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

/** Where a bundle stands: waiting for its block, or what became of it. */
export type BundleStatus =
  | { kind: "pending" }
  | { kind: "included"; block: number; position: number | null; explanation: string }
  | { kind: "dropped"; block: number; reason: BundleDropReason; explanation: string }
  | { kind: "cancelled" }
  | { kind: "replaced"; by: string };

/** A bundle the builder received, with what became of it. Only the builder saw it before its block. */
export interface BundleView {
  hash: string;
  origin: string;
  targetBlock: number;
  replacementUuid: string | null;
  replaces: string | null;
  /** Decoded transactions in bundle order (empty when only the build report named it). */
  txs: BundleTx[];
  /** The step it arrived in. */
  step: number;
  /** Its direct payments to the block producer (coinbase transfers), in wei, as sent. */
  payments: string;
  /** The builder's simulation at the top of the block it targeted, once that block was built. */
  simulated: { coinbaseDiff: string; totalGasUsed: string; bundleGasPrice: string } | null;
  /** What its mined transactions paid the producer (priority fees + direct payments), in wei; once included. */
  paid: string | null;
  status: BundleStatus;
}

/** How the builder built one block (block:built without the run's stamps). */
export type BuildView = Omit<BlockBuilt, "type" | "runId" | "step">;

export interface BanditRound {
  round: number;
  arm: number;
  won: boolean;
  profit: TokenAmount;
}

/** A bidding bandit: its arms as of its latest round, and every round it learned from. */
export interface BanditView {
  bot: string;
  arms: BanditArm[];
  rounds: BanditRound[];
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
  /** Bundles the builder received, in arrival order, one per bundle hash. */
  bundles: BundleView[];
  /** The builder's report of each block it built with bundles or protected transactions, in block order. */
  builds: BuildView[];
  /** Auction bids (public tips and sealed bundle payments), in the order they were made. */
  bids: AuctionBid[];
  /** Bidding bandits, by bot, in order of first appearance. */
  bandits: BanditView[];
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
  bundles: [],
  builds: [],
  bids: [],
  bandits: [],
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
      // A replacement (same sender and nonce, a higher bid in a gas auction): the node dropped the old one.
      return { ...state, mempool: [...state.mempool.filter((tx) => tx.hash !== event.replaces), event] };
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
      return { ...state, bundles: receiveBundle(state.bundles, event) };
    case "bundle:cancelled":
      return { ...state, bundles: cancelBundle(state.bundles, event) };
    case "block:built":
      return applyBuild(state, event);
    case "auction:bid":
      return { ...state, bids: [...state.bids, event] };
    case "bandit:updated":
      return { ...state, bandits: upsertBandit(state.bandits, event) };
    case "sandbox:healed":
      return state; // shown by the page's status banner (main.ts), not part of a run's view
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

/**
 * The role of each transaction of a finding: a sandwich is [frontrun, victim…, backrun]; in other
 * findings (a JIT around a swap, a back-run after its target) the victim's transaction is the victim.
 */
export function rolesOf(finding: Pick<MevClassified, "kind" | "txs" | "victim">): TxRole[] {
  const kind = finding.kind;
  if (kind !== "sandwich") return finding.txs.map((hash) => (hash === finding.victim?.tx ? "victim" : kind));
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

const sameHash = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function withStatus(bundles: readonly BundleView[], hash: string, status: BundleStatus): BundleView[] {
  return bundles.map((b) => (sameHash(b.hash, hash) ? { ...b, status } : b));
}

/** A new bundle (or the same one sent again, for a later block); the one it replaces is marked so. */
function receiveBundle(bundles: readonly BundleView[], event: BundleReceived): BundleView[] {
  const payments = event.txs.reduce((sum, tx) => sum + BigInt(tx.coinbasePayment), 0n);
  const bundle: BundleView = {
    hash: event.bundle,
    origin: event.origin,
    targetBlock: event.targetBlock,
    replacementUuid: event.replacementUuid,
    replaces: event.replaces,
    txs: event.txs,
    step: event.step,
    payments: payments.toString(),
    simulated: null,
    paid: null,
    status: { kind: "pending" },
  };
  const list = upsertBy(bundles, bundle, (b) => sameHash(b.hash, event.bundle));
  return event.replaces ? withStatus(list, event.replaces, { kind: "replaced", by: event.bundle }) : list;
}

function cancelBundle(bundles: readonly BundleView[], event: BundleCancelled): BundleView[] {
  return withStatus(bundles, event.bundle, { kind: "cancelled" });
}

/** The builder's report: each bundle's outcome, and what the included ones paid on chain. */
function applyBuild(state: ViewState, event: BlockBuilt): ViewState {
  const { type: _type, runId: _runId, step: _step, ...build } = event;
  const block = state.blocks.find((b) => b.number === event.block);
  let bundles = [...state.bundles];
  for (const outcome of event.bundles) {
    const known = bundles.find((b) => sameHash(b.hash, outcome.bundle)) ?? unknownBundle(outcome, event);
    const status: BundleStatus =
      outcome.outcome === "included"
        ? {
            kind: "included",
            block: event.block,
            position: outcome.position,
            explanation: outcome.explanation,
          }
        : {
            kind: "dropped",
            block: event.block,
            reason: outcome.reason ?? "reverted",
            explanation: outcome.explanation,
          };
    const mined = block?.txs.filter((tx) => tx.bundle !== null && sameHash(tx.bundle, outcome.bundle)) ?? [];
    const paid =
      outcome.outcome === "included" && block
        ? mined.reduce((sum, tx) => sum + BigInt(tx.coinbaseFee) + BigInt(tx.coinbasePayment), 0n).toString()
        : null;
    const updated: BundleView = {
      ...known,
      status,
      paid,
      simulated: {
        coinbaseDiff: outcome.coinbaseDiff,
        totalGasUsed: outcome.totalGasUsed,
        bundleGasPrice: outcome.bundleGasPrice,
      },
    };
    bundles = upsertBy(bundles, updated, (b) => sameHash(b.hash, outcome.bundle));
  }
  const builds = upsertBy(state.builds, build, (b) => b.block === event.block).sort(
    (a, b) => a.block - b.block,
  );
  return { ...state, bundles, builds };
}

/** A bundle only the build report names (received before this view's run started): no decoded txs. */
function unknownBundle(outcome: BlockBuilt["bundles"][number], event: BlockBuilt): BundleView {
  return {
    hash: outcome.bundle,
    origin: outcome.origin,
    targetBlock: event.block,
    replacementUuid: null,
    replaces: null,
    txs: [],
    step: event.step,
    payments: "0",
    simulated: null,
    paid: null,
    status: { kind: "pending" },
  };
}

function upsertBandit(bandits: readonly BanditView[], event: BanditUpdated): BanditView[] {
  const old = bandits.find((b) => b.bot === event.bot);
  const round: BanditRound = { round: event.round, arm: event.arm, won: event.won, profit: event.profit };
  const rounds = [...(old?.rounds ?? []).filter((r) => r.round !== event.round), round].sort(
    (a, b) => a.round - b.round,
  );
  return upsertBy(bandits, { bot: event.bot, arms: event.arms, rounds }, (b) => b.bot === event.bot);
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

/** Bundles still waiting for their block: what only the builder sees of the next block's flow. */
export function pendingBundles(state: ViewState): BundleView[] {
  return state.bundles.filter((b) => b.status.kind === "pending");
}

/** The bundle a mined transaction came in, if the view knows it. */
export function bundleOf(state: ViewState, hash: string | null): BundleView | undefined {
  return hash === null ? undefined : state.bundles.find((b) => sameHash(b.hash, hash));
}

/** The builder's report for block `number`, if it built that block with private flow. */
export function buildOf(state: ViewState, number: number): BuildView | undefined {
  return state.builds.find((b) => b.block === number);
}

/**
 * The bids that won: their carrier is a bundle the builder included, or a transaction mined
 * successfully. A replaced public bid never lands; a losing bundle is dropped.
 */
export function winningBids(state: ViewState): AuctionBid[] {
  const landed = new Set(
    state.blocks.flatMap((b) =>
      b.txs.filter((tx) => tx.status === "success").map((tx) => tx.hash.toLowerCase()),
    ),
  );
  const included = new Set(
    state.bundles.filter((b) => b.status.kind === "included").map((b) => b.hash.toLowerCase()),
  );
  return state.bids.filter((bid) => {
    const carrier = bid.carrier.toLowerCase();
    return bid.auction === "sealed" ? included.has(carrier) : landed.has(carrier);
  });
}

/** Wins per pull of a bandit's arm, in basis points (0 before its first pull). */
export function winRateBps(arm: Pick<BanditArm, "wins" | "pulls">): bigint {
  return arm.pulls === 0 ? 0n : (BigInt(arm.wins) * BPS) / BigInt(arm.pulls);
}
