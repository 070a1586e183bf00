/**
 * What `GET /api/mev/opportunities` and `GET /api/mev/stats` answer: the bots' decisions and their
 * totals. Shared by the store (which answers them) and the control layer.
 */
import type { OpportunityFound, OpportunityKind, OpportunitySkipped, TokenAmount } from "../events";

export type Decision = OpportunityFound | OpportunitySkipped;

export const OPPORTUNITY_KINDS: readonly OpportunityKind[] = [
  "arbitrage",
  "sandwich",
  "liquidation",
  "jit",
  "backrun",
];

export interface DecisionRecord {
  /** The event's position in the store (1, 2, …), across sessions. */
  seq: number;
  /** Milliseconds from the moment the bot was handed what it reacted to until it decided. */
  latencyMs: number | null;
  event: Decision;
}

export interface DecisionPage {
  total: number;
  offset: number;
  limit: number;
  /** Newest first. */
  items: DecisionRecord[];
}

/** Which decisions to count or list; every filter is optional. Times are ms since the epoch. */
export interface MevFilter {
  run?: string;
  scenario?: string;
  bot?: string;
  kind?: OpportunityKind;
  /** From this time (inclusive) … */
  since?: number;
  /** … until this time (exclusive). */
  until?: number;
}

export interface DecisionQuery extends MevFilter {
  limit: number;
  offset: number;
  type?: Decision["type"];
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface BotStats {
  bot: string;
  kind: OpportunityKind;
  found: number;
  skipped: number;
  /** Sum of the expected profits of what it found, per token. */
  expectedProfit: TokenAmount[];
}

export interface RealisedStats {
  actor: string;
  kind: OpportunityKind;
  /** How many blocks the inspector labelled with this actor profiting. */
  count: number;
  /** What the inspector measured, per token. */
  profit: TokenAmount[];
}

export interface MevStats {
  found: Record<OpportunityKind, number>;
  skipped: Record<OpportunityKind, number>;
  byBot: BotStats[];
  realised: RealisedStats[];
  latencyMs: LatencySummary;
}

export const zeroByKind = (): Record<OpportunityKind, number> =>
  Object.fromEntries(OPPORTUNITY_KINDS.map((kind) => [kind, 0])) as Record<OpportunityKind, number>;

/** Sums amounts per token symbol, exactly. */
export class AmountsBySymbol {
  private readonly totals = new Map<string, { amount: bigint; decimals: number }>();

  add(amount: TokenAmount): void {
    const current = this.totals.get(amount.symbol);
    this.totals.set(amount.symbol, {
      amount: (current?.amount ?? 0n) + BigInt(amount.amount),
      decimals: amount.decimals,
    });
  }

  list(): TokenAmount[] {
    return [...this.totals].map(([symbol, { amount, decimals }]) => ({
      amount: amount.toString(),
      symbol,
      decimals,
    }));
  }
}
