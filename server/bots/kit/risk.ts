/**
 * A bot's risk controls, pure: its limits (each a setting with a default), its record (its equity
 * read from the chain after each block, its trades that reached the chain, its trades not yet mined)
 * and `assessRisk`, which says before the bot acts whether a control stops it, and which. Controls are
 * checked in this order: the instructor's kill switch, a halt already in force, the drawdown stop, the
 * minimum success rate, the throttle, then the position limit for the trade it proposes.
 * riskGuard.ts keeps one bot's record and reads the chain; riskText.ts words it.
 */

import type { RiskControl, RiskEffect } from "../../events";
import { BPS } from "../../math/amm";

const ETH = 10n ** 18n;

/** A bot's limits. Amounts are wei, trades valued in ETH at the oracle's prices. */
export interface RiskLimits {
  /** The most one trade may put in (plus what its trades not yet mined put in). */
  maxPosition: bigint;
  /** How far its equity may fall below its peak: once further, it halts until resumed. */
  maxDrawdown: bigint;
  /** The least share (bps) of its last `successWindow` trades that must succeed, once it made that many. */
  minSuccessRateBps: number;
  successWindow: number;
  /** After this many failed trades in a row it sits out `throttleBlocks` blocks, then tries again. */
  throttleAfterFailures: number;
  throttleBlocks: number;
}

/**
 * The defaults: a trade of at most 250 ETH (more than a searcher's executor holds of any token), a
 * 1 ETH drawdown, at least 1 in 5 trades succeeding, and 2 blocks' pause after 3 failures in a row.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxPosition: 250n * ETH,
  maxDrawdown: ETH,
  minSuccessRateBps: 2_000,
  successWindow: 5,
  throttleAfterFailures: 3,
  throttleBlocks: 2,
};

/** One of its trades that reached the chain, from its receipt. */
export interface Attempt {
  block: number;
  tx: string;
  success: boolean;
  /** gasUsed · effective gas price (wei): what it paid, reverted or not. */
  gasPaid: bigint;
}

/** A control that stops it: since which block, and until which one (the throttle). */
export interface RiskStop {
  control: RiskControl;
  effect: RiskEffect;
  since: number;
  until: number | null;
  /** The position limit: the trade it proposed (wei). */
  proposed?: bigint;
  /** The kill switch: the instructor's reason. */
  reason?: string;
}

/** What a bot's risk controls know of it: all read from the chain, since it started or was last resumed. */
export interface RiskHistory {
  /** Its equity (wei) after the latest block it watched, and the highest since; undefined before the first. */
  equity?: { block: number; latest: bigint; peak: bigint };
  /** Its trades that reached the chain, oldest first (the latest {@link KEPT_ATTEMPTS}). */
  attempts: readonly Attempt[];
  /** What its trades not yet mined put in (wei). */
  openPosition: bigint;
  killed?: { block: number; reason: string };
  /** A halt in force until the instructor resumes it (the drawdown stop, the minimum success rate). */
  halted?: RiskStop;
}

/** Trades kept in the record: more than any window or run of failures needs. */
export const KEPT_ATTEMPTS = 64;

export const EMPTY_HISTORY: RiskHistory = { attempts: [], openPosition: 0n };

/** The figures the controls compare with the limits, at `block`. */
export interface RiskFigures {
  block: number;
  equity: bigint;
  peak: bigint;
  drawdown: bigint;
  position: bigint;
  attempts: number;
  successes: number;
  consecutiveFailures: number;
  /** The first block it may act again after a throttle, or null. */
  throttledUntil: number | null;
}

export interface RiskVerdict {
  figures: RiskFigures;
  stop: RiskStop | null;
}

/** The record with its equity read after `block`: the peak rises with it, never falls. */
export function withEquity(history: RiskHistory, block: number, wei: bigint): RiskHistory {
  const peak = history.equity && history.equity.peak > wei ? history.equity.peak : wei;
  return { ...history, equity: { block, latest: wei, peak } };
}

/** The record with one more trade that reached the chain. */
export function withAttempt(history: RiskHistory, attempt: Attempt): RiskHistory {
  return { ...history, attempts: [...history.attempts, attempt].slice(-KEPT_ATTEMPTS) };
}

/** The record after the instructor resumes the bot: no kill, no halt, its record and peak start afresh. */
export function resumedHistory(history: RiskHistory): RiskHistory {
  const { equity, openPosition } = history;
  return { attempts: [], openPosition, equity: equity && { ...equity, peak: equity.latest } };
}

/** Its failed trades at the end of the record, and the block of the last one. */
function failureRun(attempts: readonly Attempt[]): { count: number; lastBlock: number | null } {
  let count = 0;
  while (count < attempts.length && !attempts[attempts.length - 1 - count]!.success) count++;
  return { count, lastBlock: count > 0 ? attempts[attempts.length - 1]!.block : null };
}

export function figuresOf(history: RiskHistory, limits: RiskLimits, block: number): RiskFigures {
  const window = history.attempts.slice(-limits.successWindow);
  const failures = failureRun(history.attempts);
  const throttledUntil =
    failures.count >= limits.throttleAfterFailures && failures.lastBlock !== null
      ? failures.lastBlock + limits.throttleBlocks
      : null;
  const equity = history.equity?.latest ?? 0n;
  const peak = history.equity?.peak ?? 0n;
  return {
    block,
    equity,
    peak,
    drawdown: peak - equity,
    position: history.openPosition,
    attempts: window.length,
    successes: window.filter((a) => a.success).length,
    consecutiveFailures: failures.count,
    throttledUntil: throttledUntil !== null && block < throttledUntil ? throttledUntil : null,
  };
}

/**
 * Whether a control stops the bot at `block` (the latest it has seen) before it sends a trade of
 * `proposed` wei (0: before it has one), and which; with the figures it compared.
 */
export function assessRisk(
  history: RiskHistory,
  limits: RiskLimits,
  block: number,
  proposed = 0n,
): RiskVerdict {
  const figures = figuresOf(history, limits, block);
  const halt = (control: RiskControl): RiskStop => ({ control, effect: "halted", since: block, until: null });
  let stop: RiskStop | null = null;
  if (history.killed)
    stop = { ...halt("kill-switch"), since: history.killed.block, reason: history.killed.reason };
  else if (history.halted) stop = history.halted;
  else if (figures.drawdown > limits.maxDrawdown) stop = halt("drawdown");
  else if (figures.attempts >= limits.successWindow && belowRate(figures, limits))
    stop = halt("success-rate");
  else if (figures.throttledUntil !== null)
    stop = { control: "throttle", effect: "throttled", since: block, until: figures.throttledUntil };
  else if (proposed > 0n && history.openPosition + proposed > limits.maxPosition)
    stop = { control: "position", effect: "refused", since: block, until: null, proposed };
  return { figures, stop };
}

/** successes / attempts < minSuccessRateBps / 10000, exactly. */
function belowRate(figures: RiskFigures, limits: RiskLimits): boolean {
  return BigInt(figures.successes) * BPS < BigInt(limits.minSuccessRateBps) * BigInt(figures.attempts);
}

/** successes / attempts in bps, rounded down; null before any trade. */
export function successRateBps(figures: Pick<RiskFigures, "attempts" | "successes">): number | null {
  return figures.attempts === 0 ? null : Math.floor((figures.successes * 10_000) / figures.attempts);
}
