/**
 * One bot's risk controls over a run: its record (risk.ts), kept from what it reads on the chain after
 * each block (its equity, the receipts of its own trades), the instructor's kill switch, and the
 * `risk:limit-hit` it publishes the moment a limit stops it. The bot asks `check` before it acts.
 *
 * The instructor reaches a bot's guard through `riskGuardOf(bot)` (server/control/riskDesk.ts): the
 * engine and the bot's interface know nothing of it.
 */
import type { TransactionReceipt } from "ethers";
import type { Bot, BotContext } from "../../engine/bot";
import type { BotRiskStatus, EventDraft, RiskControl, RiskLimitHit } from "../../events";
import type { ActorName } from "../../world/actors";
import type { TokenSymbol } from "../../world/config";
import { type OraclePrices, readEquity, valueInWei } from "./equity";
import {
  assessRisk,
  EMPTY_HISTORY,
  type RiskHistory,
  type RiskLimits,
  type RiskStop,
  type RiskVerdict,
  resumedHistory,
  withAttempt,
  withEquity,
} from "./risk";
import { figuresView, limitsView, stopExplanation, stopView } from "./riskText";

export class RiskGuard {
  private history: RiskHistory = EMPTY_HISTORY;
  /** The oracle's prices read with its latest equity: its trades are valued at them. */
  private prices: OraclePrices | undefined;
  /** The prices its equity is valued at, those of its first block: an oracle move is no loss of its own. */
  private marks: OraclePrices | undefined;
  /** Stops already announced (a throttle by its end, a refused trade by its block and size). */
  private readonly announced = new Set<string>();

  constructor(
    readonly bot: string,
    readonly actor: ActorName,
    readonly limits: RiskLimits,
  ) {}

  /** Its trade of `wei` was sent: its position until the trade is mined or dropped. */
  opened(wei: bigint): void {
    this.history = { ...this.history, openPosition: this.history.openPosition + wei };
  }

  /**
   * Its trade of `wei` is over: mined (its receipt counts as an attempt, success or not, with the gas
   * it paid) or dropped (a bundle that did not land: nothing reached the chain).
   */
  settled(wei: bigint, receipt: TransactionReceipt | null): void {
    this.settledAll(wei, receipt ? [receipt] : []);
  }

  /**
   * Its trade of `wei`, made of several transactions, is over: one attempt, a success only if every
   * one succeeded, with the gas of them all (none: dropped, nothing reached the chain).
   */
  settledAll(wei: bigint, receipts: readonly TransactionReceipt[]): void {
    const openPosition = this.history.openPosition - wei;
    this.history = { ...this.history, openPosition: openPosition > 0n ? openPosition : 0n };
    if (receipts.length === 0) return;
    this.history = withAttempt(this.history, {
      block: Math.max(...receipts.map((r) => r.blockNumber)),
      tx: receipts[0]!.hash,
      success: receipts.every((r) => r.status === 1),
      gasPaid: receipts.reduce((sum, r) => sum + r.gasUsed * r.gasPrice, 0n),
    });
  }

  /** After each block: reads its equity from the chain; announces a limit that now stops it. */
  async observe(ctx: BotContext): Promise<RiskVerdict> {
    const { wei, prices } = await readEquity(ctx.world, this.actor, this.marks);
    this.prices = prices;
    this.marks ??= prices;
    this.history = withEquity(this.history, ctx.blockNumber, wei);
    const verdict = assessRisk(this.history, this.limits, ctx.blockNumber);
    const { stop } = verdict;
    if (stop?.effect === "halted" && stop.control !== "kill-switch" && !this.history.halted) {
      this.history = { ...this.history, halted: stop };
      this.announce(ctx, stop, verdict);
    } else if (stop?.control === "throttle" && !this.announced.has(`throttle:${stop.until}`)) {
      this.announced.add(`throttle:${stop.until}`);
      this.announce(ctx, stop, verdict);
    }
    return verdict;
  }

  /** What `amount` of `symbol` is worth in wei, at the prices of its latest equity. */
  valueOf(symbol: TokenSymbol, amount: bigint, ctx: BotContext): bigint {
    if (!this.prices) throw new Error(`${this.bot}'s risk guard has not read the chain yet`);
    return valueInWei(ctx.world, this.prices, symbol, amount);
  }

  /** Before it acts on a trade of `proposed` wei: whether a control stops it (a refusal is announced once). */
  check(ctx: BotContext, proposed: bigint): RiskVerdict {
    const verdict = assessRisk(this.history, this.limits, ctx.blockNumber, proposed);
    const { stop } = verdict;
    const key = `position:${ctx.blockNumber}:${proposed}`;
    if (stop?.control === "position" && !this.announced.has(key)) {
      this.announced.add(key);
      this.announce(ctx, stop, verdict);
    }
    return verdict;
  }

  /** The instructor's kill switch: it sends nothing from now on, until resumed. */
  kill(block: number, reason: string): void {
    this.history = { ...this.history, killed: { block, reason } };
  }

  get killed(): boolean {
    return this.history.killed !== undefined;
  }

  /** Resumes it: clears the kill switch and any halt, and starts its record and peak afresh. Returns what was cleared. */
  resume(): RiskControl[] {
    const cleared = this.stoppedBy();
    this.history = resumedHistory(this.history);
    return cleared;
  }

  /** The controls holding it until resumed: the kill switch, a halt. */
  stoppedBy(): RiskControl[] {
    const { killed, halted } = this.history;
    return [...(killed ? ["kill-switch" as const] : []), ...(halted ? [halted.control] : [])];
  }

  /** Its limits, its figures after the latest block it watched, and whether (and why) it is stopped. */
  status(): BotRiskStatus {
    const block = this.history.equity?.block ?? this.history.killed?.block ?? 0;
    const { figures, stop } = assessRisk(this.history, this.limits, block);
    return {
      bot: this.bot,
      actor: this.actor,
      limits: limitsView(this.limits),
      figures: this.history.equity ? figuresView(figures) : null,
      stopped: stop ? stopView(stop, figures, this.limits) : null,
    };
  }

  private announce(ctx: BotContext, stop: RiskStop, { figures }: RiskVerdict): void {
    const draft: EventDraft<RiskLimitHit> = {
      type: "risk:limit-hit",
      bot: this.bot,
      block: ctx.blockNumber,
      control: stop.control as RiskLimitHit["control"],
      effect: stop.effect,
      until: stop.until,
      limits: limitsView(this.limits),
      figures: figuresView(figures),
      explanation: stopExplanation(stop, figures, this.limits),
    };
    ctx.publish(draft);
  }
}

const guards = new WeakMap<Bot, RiskGuard>();

/** Gives `bot` its risk guard, reachable by the instructor's controls; returns the bot. */
export function withRiskGuard<B extends Bot>(bot: B, guard: RiskGuard): B {
  guards.set(bot, guard);
  return bot;
}

/** The risk guard of a bot that has one. */
export function riskGuardOf(bot: Bot): RiskGuard | undefined {
  return guards.get(bot);
}
