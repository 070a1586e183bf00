/**
 * The instructor's risk desk: the risk controls of the bots driving the chain (a run's, or live mode's),
 * their status for anyone, and the kill switch and resume for the instructor. A kill stands by the
 * bot's name until resumed: a bot of that name in a later run or in live mode starts killed.
 *
 * It never reads the chain: each bot's guard keeps its figures from the last block it watched.
 */
import { type RiskGuard, riskGuardOf } from "../bots/kit/riskGuard";
import type { Bot } from "../engine/bot";
import { conflict, notFound } from "../errors";
import type { BotRiskStatus, EventBus, EventDraft, RiskKilled, RiskResumed } from "../events";
import { LIVE_RUN_ID } from "./liveChain";

/** What `GET /api/mev/risk/status` answers: the bots of a run (or of live mode) and their risk status. */
export interface RiskReport {
  /** The run whose bots these are ("live" for live mode's), or null when no bot ran yet. */
  runId: string | null;
  /** The latest block mined, as the engine published it. */
  block: number;
  bots: BotRiskStatus[];
}

export interface RiskDeskOptions {
  bus: EventBus;
  /** Publishes an event to whoever drives the chain now (the running run, or the live chain). */
  emit(draft: EventDraft<RiskKilled> | EventDraft<RiskResumed>): void;
  /** The run driving the chain ("live" in live mode), or null. */
  driver(): string | null;
}

export class RiskDesk {
  /** Each set of bots by run: live mode's, and the latest run's. */
  private readonly guards = new Map<string, RiskGuard[]>();
  private latestRun: string | null = null;
  /** Kills by bot name, until resumed. */
  private readonly kills = new Map<string, string>();
  private block = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: RiskDeskOptions) {
    this.unsubscribe = options.bus.on((event) => {
      if (event.type === "block:mined") this.block = event.block;
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Takes note of the risk guards of bots just made for `runId` (a standing kill applies to them); returns the bots. */
  register(runId: string, bots: Bot[]): Bot[] {
    const guards = bots.flatMap((bot) => riskGuardOf(bot) ?? []);
    for (const guard of guards) {
      const reason = this.kills.get(guard.bot);
      if (reason !== undefined) guard.kill(this.block, reason);
    }
    if (runId !== LIVE_RUN_ID) {
      if (this.latestRun) this.guards.delete(this.latestRun);
      this.latestRun = runId;
    }
    this.guards.set(runId, guards);
    return bots;
  }

  /** The bots of the run driving the chain, else of the latest run. */
  status(): RiskReport {
    const runId = this.shown();
    return {
      runId,
      block: this.block,
      bots: (runId ? (this.guards.get(runId) ?? []) : []).map((guard) => guard.status()),
    };
  }

  /** Pulls `bot`'s kill switch: it sends nothing until resumed. Pulling it again changes nothing. */
  kill(bot: string, reason: string): BotRiskStatus {
    const guard = this.guardNamed(bot);
    if (!guard.killed) {
      guard.kill(this.block, reason);
      this.kills.set(bot, reason);
      this.options.emit({
        type: "risk:killed",
        bot,
        block: this.block,
        reason,
        explanation: `the instructor pulled ${bot}'s kill switch at block #${this.block} (${reason}): it sends nothing until resumed`,
      });
    }
    return guard.status();
  }

  /** Resumes `bot`: its kill switch and halts are cleared, its record and peak start afresh. */
  resume(bot: string): BotRiskStatus {
    const guard = this.guardNamed(bot);
    const stoppedBy = guard.stoppedBy();
    if (stoppedBy.length === 0) {
      const { stopped } = guard.status();
      throw conflict(
        "not_stopped",
        `${bot} is not halted nor killed: nothing to resume${stopped?.control === "throttle" ? ` (its throttle lifts itself at block #${stopped.until})` : ""}`,
        { bot, stopped },
      );
    }
    const cleared = guard.resume();
    this.kills.delete(bot);
    this.options.emit({
      type: "risk:resumed",
      bot,
      block: this.block,
      cleared,
      explanation: `the instructor resumed ${bot} at block #${this.block} (cleared: ${cleared.join(", ")}): its peak equity and its record of trades start afresh from here`,
    });
    return guard.status();
  }

  private shown(): string | null {
    const driver = this.options.driver();
    return driver !== null && this.guards.has(driver) ? driver : this.latestRun;
  }

  private guardNamed(bot: string): RiskGuard {
    const runId = this.shown();
    const guards = runId ? (this.guards.get(runId) ?? []) : [];
    const guard = guards.find((g) => g.bot === bot);
    if (guard) return guard;
    const accepted = guards.map((g) => g.bot);
    throw notFound(
      "unknown_bot",
      accepted.length > 0
        ? `no bot "${bot}" with risk controls in ${runId === LIVE_RUN_ID ? "live mode" : `run ${runId}`} (accepted: ${accepted.join(", ")})`
        : `no bot "${bot}" with risk controls: no run or live mode has let one loose yet (the arbitrageur, rival, sandwicher, liquidator, jit and backrunner have them)`,
      { bot, accepted },
    );
  }
}
