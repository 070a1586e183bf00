/**
 * Owns the world between runs: deploys it once, keeps a snapshot of it clean, and starts each run
 * from that snapshot (a reset takes milliseconds, no redeploy). One run drives the chain at a time.
 */
import type { Chain } from "../chain/chain";
import { EventBus } from "../events";
import { findScenario } from "../scenarios";
import { deployWorld } from "../world/deploy";
import type { World } from "../world/types";
import { Run } from "./run";

export class ScenarioRunner {
  readonly bus = new EventBus();
  private snapshotId: string;

  private constructor(
    readonly world: World,
    snapshotId: string,
  ) {
    this.snapshotId = snapshotId;
  }

  /** Deploys the world on `chain` and remembers it as the clean state. */
  static async create(chain: Chain): Promise<ScenarioRunner> {
    const world = await deployWorld(chain);
    return new ScenarioRunner(world, await chain.snapshot());
  }

  /**
   * Prepares a run of scenario `name` with raw `params`; throws UnknownScenarioError or ParamError
   * (before touching the chain) when either is wrong.
   */
  createRun(name: string, params: Record<string, unknown>, id: string): Run {
    const scenario = findScenario(name);
    return new Run({
      id,
      scenario,
      params,
      world: this.world,
      bus: this.bus,
      cleanSnapshot: () => this.resetChain(),
    });
  }

  /** Returns the chain to the clean world (a snapshot can be used once: take a fresh one). */
  async resetChain(): Promise<void> {
    const { chain } = this.world;
    await chain.revert(this.snapshotId);
    // Bundles and protected transactions were for the chain that is gone.
    chain.builder.reset();
    this.snapshotId = await chain.snapshot();
  }
}
