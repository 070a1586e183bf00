/**
 * What each bidding bandit has learned, from the bus: the latest bandit:updated event of every bot
 * (each carries every arm's posterior and record). GET /api/mev/bandit/stats reads it.
 */
import type { BanditUpdated, EventBus } from "../events";

export interface BanditArmStats {
  /** Share of the opportunity's value bid, in basis points. */
  bidBps: number;
  alpha: number;
  beta: number;
  pulls: number;
  wins: number;
  /** wins / pulls; 0 before the first pull. */
  winRate: number;
  /** Mean profit per pull after the bid, in wei (decimal string, may be negative). */
  meanProfit: string;
}

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
        arms: event.arms.map((arm) => ({
          bidBps: arm.bidBps,
          alpha: arm.alpha,
          beta: arm.beta,
          pulls: arm.pulls,
          wins: arm.wins,
          winRate: arm.pulls === 0 ? 0 : arm.wins / arm.pulls,
          meanProfit: arm.meanProfit,
        })),
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
