/**
 * The event catalog: everything the engine tells the world, declared once. The CLI, the server and
 * the web app all import these types (web/ with `import type`). See ../shared/DESIGN.md.
 *
 * Conventions:
 * - `type` is `domain:verb`; every event carries the run id and the step index.
 * - Amounts are decimal strings of base units with the token's symbol and decimals beside them.
 * - Addresses come with the registry's label ("alice", "DEX A WETH/USDC").
 * - Nothing here depends on wall-clock time: the same run gives the same events, byte for byte.
 */

import type { HEALED_ACTION_TEXT } from "./format";

/** An amount of a token (or of ETH, symbol "ETH", 18 decimals) in base units. */
export interface TokenAmount {
  amount: string;
  symbol: string;
  decimals: number;
}

/** An address with the name a learner sees. */
export interface Labelled {
  address: string;
  label: string;
}

/** A formula a step or a bot used, with the numbers that went in and what came out. */
export interface FormulaUse {
  name: string;
  /** The formula written out, e.g. "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))". */
  expression: string;
  inputs: Record<string, string>;
  result: string;
}

/** What a transaction does, decoded from its calldata. */
export interface DecodedAction {
  /** "swap", "liquidationCall", "updateAnswer", "approve", … or "call" when unknown. */
  kind: string;
  /** A sentence for learners: "alice swaps 50 WETH for ≥ 98,000 USDC on DEX A (slippage 2%), tip 2 gwei". */
  sentence: string;
  /** Decoded arguments, as strings. */
  args: Record<string, string>;
}

/**
 * How a transaction reached the chain: an actor's public transaction, a bundle's, one sent through
 * the protected (private) RPC path, or an outside wallet's public one.
 */
export type TxSource = "public" | "bundle" | "protected" | "external";

interface Base {
  runId: string;
  /** Index of the step in progress; -1 outside any step. */
  step: number;
}

export interface RunStarted extends Base {
  type: "run:started";
  scenario: string;
  params: Record<string, unknown>;
  seed: string;
}

export interface ActorPnl {
  actor: string;
  address: string;
  /** Change of each holding (wallet, own contracts, lending collateral minus debt) since the run started; non-zero only. */
  changes: TokenAmount[];
  /** The whole change valued in USD at the oracle prices at the end of the run (8 decimals). */
  valueUsd: string;
}

export interface RunFinished extends Base {
  type: "run:finished";
  scenario: string;
  summary: { pnl: ActorPnl[]; blocks: number; transactions: number };
}

export interface RunFailed extends Base {
  type: "run:failed";
  scenario: string;
  error: { name: string; message: string };
}

export interface StepStarted extends Base {
  type: "step:started";
  index: number;
  title: string;
}

export interface StepFinished extends Base {
  type: "step:finished";
  index: number;
  title: string;
  /** What happened in this step, with this run's real numbers. */
  narration: string;
  formulas: FormulaUse[];
}

export interface TxPending extends Base {
  type: "tx:pending";
  hash: string;
  from: Labelled;
  to: Labelled | null;
  nonce: number;
  /** Priority fee per gas offered, in wei. */
  tip: string;
  action: DecodedAction;
  source: TxSource;
  /** The pending transaction this one replaces (same sender and nonce, higher fees), if any. */
  replaces: string | null;
}

export interface MinedTx {
  hash: string;
  index: number;
  from: Labelled;
  to: Labelled | null;
  status: "success" | "reverted";
  gasUsed: string;
  /** Effective priority fee per gas, in wei. */
  tip: string;
  /** What the block producer earned from this transaction (gasUsed × tip), in wei. */
  coinbaseFee: string;
  /** ETH the transaction sent straight to the block producer (a bundle's bid), in wei. */
  coinbasePayment: string;
  action: DecodedAction;
  /** How it reached the block: the public mempool, a bundle, the protected path, an outside wallet. */
  source: TxSource;
  /** The bundle it came in (its hash), when it came in one. */
  bundle: string | null;
}

export interface BlockMined extends Base {
  type: "block:mined";
  block: number;
  hash: string;
  timestamp: number;
  baseFeePerGas: string;
  gasUsed: string;
  txs: MinedTx[];
  /** Everything the coinbase earned in this block (priority fees and direct payments), in ETH. */
  coinbaseTake: TokenAmount;
}

export interface PoolUpdated extends Base {
  type: "pool:updated";
  block: number;
  pool: Labelled;
  dex: string;
  reserve0: TokenAmount;
  reserve1: TokenAmount;
  /** "1 base = price quote": price in quote base units per whole base token. */
  base: string;
  quote: string;
  price: TokenAmount;
}

export interface OracleUpdated extends Base {
  type: "oracle:updated";
  block: number;
  symbol: string;
  /** USD with 8 decimals. */
  price: string;
  decimals: number;
}

export interface PositionUpdated extends Base {
  type: "position:updated";
  block: number;
  user: Labelled;
  collateral: TokenAmount[];
  debt: TokenAmount[];
  /** 18-decimal fixed point; "max" when there is no debt. */
  healthFactor: string;
  collateralUsd: string;
  debtUsd: string;
}

export type OpportunityKind = "arbitrage" | "sandwich" | "liquidation" | "jit" | "backrun";

export interface OpportunityFound extends Base {
  type: "opportunity:found";
  /** Stable id: a hash of the inputs, by which the API can refer to this decision. */
  id: string;
  bot: string;
  kind: OpportunityKind;
  block: number;
  /** What the bot read: reserves, the victim's amounts, health factors … */
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  /** The size it chose. */
  size: TokenAmount;
  expectedProfit: TokenAmount;
  gasCost: TokenAmount;
  /** Transactions it sent for this opportunity. */
  txs: string[];
  summary: string;
}

export interface OpportunitySkipped extends Base {
  type: "opportunity:skipped";
  id: string;
  bot: string;
  kind: OpportunityKind;
  block: number;
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  /** Machine-readable reason, e.g. "slippage-too-tight". */
  reason: string;
  /** The reason for a learner, with the numbers. */
  explanation: string;
}

export interface ActorProfit {
  actor: Labelled;
  profit: TokenAmount;
}

export interface MevClassified extends Base {
  type: "mev:classified";
  block: number;
  kind: OpportunityKind;
  txs: string[];
  profits: ActorProfit[];
  /**
   * Sandwiches: what the victim lost against the same trade on the pre-attack state. JIT and back-runs:
   * the targeted trader's swap (JIT: against the pool before the deposit, a negative loss as the deeper
   * pool paid more; a back-run runs after its target: no loss).
   */
  victim?: {
    actor: Labelled;
    tx: string;
    actualOut: TokenAmount;
    counterfactualOut: TokenAmount;
    loss: TokenAmount;
  };
  /** JIT liquidity: the provider's share of the swaps' fees, in the swaps' input token. */
  feeShare?: TokenAmount;
  explanation: string;
}

export interface ActorBalances {
  actor: string;
  address: string;
  balances: TokenAmount[];
  /** Change since the run started, per token (zeros included). */
  pnl: TokenAmount[];
}

export interface BalancesUpdated extends Base {
  type: "balances:updated";
  block: number;
  actors: ActorBalances[];
}

/** A transaction inside a bundle, decoded. */
export interface BundleTx {
  hash: string;
  from: Labelled;
  to: Labelled | null;
  nonce: number;
  /** Priority fee per gas it offers, in wei. */
  tip: string;
  /** ETH it sends straight to the block producer, in wei. */
  coinbasePayment: string;
  /** The bundle may still land if this transaction reverts (listed in `revertingTxHashes`). */
  mayRevert: boolean;
  action: DecodedAction;
}

/**
 * The builder received a bundle (eth_sendBundle, POST /api/mev/bundle/submit, or a bot). Only the
 * builder sees it: bots watching the mempool do not. The visualizer shows it as a linked group.
 */
export interface BundleReceived extends Base {
  type: "bundle:received";
  bundle: string;
  /** Who sent it: a bot's name, or "rpc" / "api" for outside clients. */
  origin: string;
  /** The block it targets. */
  targetBlock: number;
  replacementUuid: string | null;
  /** The bundle hash this one replaced (same replacementUuid), if any. */
  replaces: string | null;
  txs: BundleTx[];
}

export interface BundleCancelled extends Base {
  type: "bundle:cancelled";
  bundle: string;
  replacementUuid: string;
}

/** Why the builder did not put a bundle in the block. */
export type BundleDropReason =
  | "reverted"
  | "conflict"
  | "invalid-nonce"
  | "too-late"
  | "timestamp"
  | "unprofitable";

/** What the builder did with one bundle while building a block. */
export interface BundleOutcome {
  bundle: string;
  origin: string;
  outcome: "included" | "dropped";
  reason: BundleDropReason | null;
  /** Why, for a learner, with the numbers. */
  explanation: string;
  /** Transaction hashes in bundle order. */
  txs: string[];
  /** Simulated at the top of the block: what the builder would earn (priority fees + payments), in wei. */
  coinbaseDiff: string;
  totalGasUsed: string;
  /** coinbaseDiff / totalGasUsed, in wei per gas: what the "gas price" ordering compares. */
  bundleGasPrice: string;
  /** Index in the block of its first transaction, when included. */
  position: number | null;
}

export type BuilderOrdering = "gas-price" | "profit";

/** How the builder built a block: every bundle it considered, included or dropped, with why. */
export interface BlockBuilt extends Base {
  type: "block:built";
  block: number;
  ordering: BuilderOrdering;
  bundles: BundleOutcome[];
  /** Transactions from the protected path included. */
  protectedTxs: string[];
  /** Public transactions that filled the rest, by tip. */
  publicTxs: number;
}

/** A searcher's bid for an opportunity: a tip in the public auction, or a payment in a sealed bundle. */
export interface AuctionBid extends Base {
  type: "auction:bid";
  auction: "public" | "sealed";
  bot: string;
  /** The opportunity bid for (opportunity:found id); rivals bidding for the same one share it. */
  opportunity: string;
  /** 1 for a first bid, then each replacement. */
  round: number;
  /** Priority fee per gas offered (public auction), in wei. */
  tipPerGas: string;
  /** What the builder would get if this bid wins: tip × gas, or the coinbase payment. */
  bid: TokenAmount;
  /** What the opportunity is worth to the bidder before paying the builder. */
  value: TokenAmount;
  /** The transaction (public) or bundle (sealed) carrying the bid. */
  carrier: string;
}

/** One arm of a bidding bandit: a bid level as a share of the opportunity's value. */
export interface BanditArm {
  /** Share of the opportunity's value bid, in basis points. */
  bidBps: number;
  /** Beta posterior over the win probability: 1 + wins, 1 + losses. */
  alpha: number;
  beta: number;
  pulls: number;
  wins: number;
  /** Mean profit per pull after the bid, in wei (decimal string, may be negative). */
  meanProfit: string;
}

/** The bandit learned from one round: which arm it pulled, whether it won, what it kept. */
export interface BanditUpdated extends Base {
  type: "bandit:updated";
  bot: string;
  round: number;
  arm: number;
  won: boolean;
  profit: TokenAmount;
  arms: BanditArm[];
}

/**
 * The sandbox healed itself: something from outside altered or removed its world (a chain reset, a
 * revert past its clean snapshot, changed contract code or mining settings) and the sandbox put the
 * clean world back. Sent to every viewer, whatever run they follow; carries the lobby's run id.
 */
export interface SandboxHealed extends Base {
  type: "sandbox:healed";
  /** What was wrong, in words. */
  problem: string;
  /** What the sandbox did: put the mining settings back, returned to the clean snapshot, or redeployed the world from genesis (same addresses). */
  action: keyof typeof HEALED_ACTION_TEXT;
  /** The latest block once healed. */
  block: number;
}

export type SandboxEvent =
  | RunStarted
  | RunFinished
  | RunFailed
  | StepStarted
  | StepFinished
  | TxPending
  | BlockMined
  | PoolUpdated
  | OracleUpdated
  | PositionUpdated
  | OpportunityFound
  | OpportunitySkipped
  | MevClassified
  | BalancesUpdated
  | BundleReceived
  | BundleCancelled
  | BlockBuilt
  | AuctionBid
  | BanditUpdated
  | SandboxHealed;

export type SandboxEventType = SandboxEvent["type"];

/** The catalog as a map from type to payload, for typed listeners and socket.io. */
export type SandboxEventMap = { [E in SandboxEvent as E["type"]]: E };

/** An event before the engine stamps it with the run id and step. */
export type EventDraft<E extends SandboxEvent = SandboxEvent> = E extends SandboxEvent
  ? Omit<E, "runId" | "step">
  : never;

type Listener = (event: SandboxEvent) => void;

/** The engine's event bus: synchronous, in emission order; a failing listener cannot break the run. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SandboxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A consumer's bug (a closed socket, a full terminal) must not stop the chain.
      }
    }
  }
}
