/**
 * What open readers see: the world as the engine last published it. `GET /api/world` and
 * `GET /api/health` answer from here at once, never waiting for the chain lock, so a hundred
 * viewers polling cannot slow a run down. The world is read again (under the lock, between two
 * steps) after blocks are mined, at most once per `refreshMs`, and only when someone asks.
 */
import type { EventBus } from "../events";
import { describeWorld, type WorldState } from "../world/describe";
import type { World } from "../world/types";
import type { ChainLock } from "./lock";

/** The least time between two reads of the whole world. */
export const WORLD_REFRESH_MS = 1_000;

export class PublishedState {
  private state: WorldState | null = null;
  private block = 0;
  private dirty = true;
  private refreshing: Promise<void> | null = null;
  private lastRefresh = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly world: World,
    bus: EventBus,
    private readonly lock: ChainLock,
    private readonly refreshMs = WORLD_REFRESH_MS,
  ) {
    this.unsubscribe = bus.on((event) => {
      if (event.type !== "block:mined") return;
      this.block = event.block;
      this.dirty = true;
    });
  }

  /** Reads the world now (at start-up, and after the chain was reset or healed). */
  async refresh(): Promise<void> {
    // In the outside lane: a run's steps go first, the world is read between them.
    const task = this.lock.run(async () => {
      this.state = await describeWorld(this.world);
      this.block = (await this.world.chain.latestBlock()).number;
      this.dirty = false;
      this.lastRefresh = Date.now();
    }, "outside");
    this.refreshing = task.finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** The latest block the engine published (or read at the last refresh). */
  latestBlock(): number {
    return this.block;
  }

  /** The world as last read; schedules a fresh read if blocks were mined since. */
  async worldState(): Promise<WorldState> {
    if (!this.state) await (this.refreshing ?? this.refresh());
    if (this.dirty && !this.refreshing && Date.now() - this.lastRefresh >= this.refreshMs) {
      this.refresh().catch(() => {
        // The next reader tries again; the old state stays served meanwhile.
      });
    }
    return this.state!;
  }

  close(): void {
    this.unsubscribe();
  }
}
