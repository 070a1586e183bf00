/**
 * What each bidding bandit has learned, from the bus: the latest bandit:updated event of every bot
 * (each carries every arm's posterior and record). GET /api/mev/bandit/stats reads it.
 */
import type { BanditArm, BanditUpdated, EventBus } from "../events";

/** An arm as the last bandit:updated event gave it, with its win rate (wins / pulls; 0 before a pull). */
export type BanditArmStats = BanditArm & { winRate: number };

export interface BanditBotStats {
  bot: string;
  /** The run its latest round belongs to. */
  runId: string;
  /** Rounds it has learned from in that run. */
  rounds: number;
  arms: BanditArmStats[];
}

export class BanditBoard {
  private readonly latest = new Map<string, BanditUpdated>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    this.unsubscribe = bus.on((event) => {
      if (event.type === "bandit:updated") this.latest.set(event.bot, event);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Every bot's arms after its latest round, by bot name. */
  stats(): BanditBotStats[] {
    return [...this.latest.values()]
      .sort((a, b) => (a.bot < b.bot ? -1 : a.bot > b.bot ? 1 : 0))
      .map((event) => ({
        bot: event.bot,
        runId: event.runId,
        rounds: event.round,
        arms: event.arms.map((arm) => ({ ...arm, winRate: arm.pulls === 0 ? 0 : arm.wins / arm.pulls })),
      }));
  }
}

const boards = new WeakMap<EventBus, BanditBoard>();

/** The board listening to `bus`, created on first use (one per bus, however many apps are built on it). */
export function banditBoardFor(bus: EventBus): BanditBoard {
  let board = boards.get(bus);
  if (!board) {
    board = new BanditBoard(bus);
    boards.set(bus, board);
  }
  return board;
}
