/**
 * A bot's risk controls: its limits, what they are measured against, and when one stops it. The same
 * shapes are what `GET /api/mev/risk/status` answers with. Amounts are ETH in wei (`symbol` "ETH").
 */
import type { Base, TokenAmount } from "./common";

/** The controls that can stop a bot: the instructor's kill switch, and its four limits. */
export type RiskControl = "kill-switch" | "position" | "drawdown" | "success-rate" | "throttle";

/**
 * What a stop does: refuses this one trade (the position limit), halts the bot until the instructor
 * resumes it (the kill switch, the drawdown stop, the minimum success rate), or pauses it for some
 * blocks (the throttle lifts itself).
 */
export type RiskEffect = "refused" | "halted" | "throttled";

/** A bot's limits, each a setting with a default (server/bots/kit/risk.ts). */
export interface RiskLimitsView {
  /** The most one trade may put in, valued in ETH at the oracle's prices. */
  maxPosition: TokenAmount;
  /** How far its equity may fall below its peak before it halts. */
  maxDrawdown: TokenAmount;
  /** The least share of its last `successWindow` trades that must succeed (bps). */
  minSuccessRateBps: number;
  successWindow: number;
  /** After this many failed trades in a row it pauses `throttleBlocks` blocks. */
  throttleAfterFailures: number;
  throttleBlocks: number;
}

/** A bot's figures, read from the chain after a block. */
export interface RiskFiguresView {
  /** The block they were read at. */
  block: number;
  /** Its ETH, WETH and other tokens (its account and contracts; others at the oracle's prices in ETH). */
  equity: TokenAmount;
  /** The highest equity since it started or was last resumed, and how far below it the equity is. */
  peak: TokenAmount;
  drawdown: TokenAmount;
  /** What its trades not yet mined put in, valued in ETH. */
  position: TokenAmount;
  /** Its trades that reached the chain within the window (its last `successWindow`), and how many succeeded. */
  attempts: number;
  successes: number;
  /** successes / attempts in bps, or null before any trade. */
  successRateBps: number | null;
  consecutiveFailures: number;
  /** The first block it may act again after a throttle, or null when it is not throttled. */
  throttledUntil: number | null;
}

/** Why a bot is stopped: which control, with what effect, since which block, in words. */
export interface RiskStopView {
  control: RiskControl;
  effect: RiskEffect;
  since: number;
  /** The throttle's end (the first block it may act again). */
  until: number | null;
  explanation: string;
}

/** One bot's risk status: its limits, its figures, and whether (and why) it is stopped. */
export interface BotRiskStatus {
  bot: string;
  actor: string;
  limits: RiskLimitsView;
  /** Null before it has watched a block. */
  figures: RiskFiguresView | null;
  stopped: RiskStopView | null;
}

/** A limit stopped a bot (the position limit, the drawdown stop, the minimum success rate, the throttle). */
export interface RiskLimitHit extends Base {
  type: "risk:limit-hit";
  bot: string;
  block: number;
  control: Exclude<RiskControl, "kill-switch">;
  effect: RiskEffect;
  /** The throttle's end (the first block it may act again), else null. */
  until: number | null;
  limits: RiskLimitsView;
  figures: RiskFiguresView;
  explanation: string;
}

/** The instructor pulled a bot's kill switch: it sends nothing until resumed. */
export interface RiskKilled extends Base {
  type: "risk:killed";
  bot: string;
  block: number;
  reason: string;
  explanation: string;
}

/** The instructor resumed a bot: its kill switch and halts are cleared, its peak and record start afresh. */
export interface RiskResumed extends Base {
  type: "risk:resumed";
  bot: string;
  block: number;
  /** The stops it was under, cleared. */
  cleared: RiskControl[];
  explanation: string;
}
