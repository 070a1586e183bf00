/**
 * Owns the world between runs: deploys it once, keeps a snapshot of it clean, and starts each run
 * from that snapshot (a reset takes milliseconds, no redeploy). One run drives the chain at a time.
 *
 * If the clean snapshot is gone (someone reverted past it, or reset the chain), a reset rebuilds the
 * world instead: the chain starts again from its genesis and the world is deployed again, at the same
 * addresses (deployment is deterministic), in about a second.
 */
import type { Chain } from "../chain/chain";
import { EventBus } from "../events";
import { findScenario } from "../scenarios";
import { deployWorld } from "../world/deploy";
import type { World } from "../world/types";
import { Run } from "./run";

/** What a reset did: went back to the clean snapshot, or rebuilt the world from genesis. */
export type ResetOutcome = "reverted" | "rebuilt";

/** The latest block of the clean world: a chain whose block at this height differs is another chain. */
export interface CleanBlock {
  number: number;
  hash: string;
}

export class ScenarioRunner {
  readonly bus = new EventBus();

  private constructor(
    readonly world: World,
    private snapshotId: string | null,
    private clean: CleanBlock,
  ) {}

  /** Deploys the world on `chain` and remembers it as the clean state. */
  static async create(chain: Chain): Promise<ScenarioRunner> {
    await chain.pinForkBlock();
    const world = await deployOnGenesis(chain);
    return new ScenarioRunner(world, await chain.snapshot(), await cleanBlockOf(chain));
  }

  /** The clean world's latest block. */
  get cleanBlock(): CleanBlock {
    return this.clean;
  }

  /** The clean snapshot's id, or null once it is known to be gone. */
  get cleanSnapshotId(): string | null {
    return this.snapshotId;
  }

  /** The clean snapshot is gone (an outside revert past it, a chain reset): the next reset rebuilds. */
  forgetCleanSnapshot(): void {
    this.snapshotId = null;
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
      cleanSnapshot: () => this.resetChain().then(() => undefined),
    });
  }

  /**
   * Returns the chain to the clean world (a snapshot can be used once: take a fresh one). When the
   * snapshot is gone, or the chain it leads to is not the clean world's, rebuilds the world instead.
   */
  async resetChain(): Promise<ResetOutcome> {
    const { chain } = this.world;
    const reverted = this.snapshotId !== null && (await chain.tryRevert(this.snapshotId));
    if (reverted && (await chain.latestBlock()).hash === this.clean.hash) {
      // Bundles and protected transactions were for the chain that is gone.
      chain.builder.reset();
      this.snapshotId = await chain.snapshot();
      return "reverted";
    }
    await this.rebuild();
    return "rebuilt";
  }

  /** Starts the chain again from genesis and deploys the world there again, at the same addresses. */
  async rebuild(): Promise<void> {
    const { chain } = this.world;
    this.snapshotId = null;
    await chain.resetToGenesis();
    chain.builder.reset();
    assertSameWorld(this.world, await deployOnGenesis(chain));
    this.snapshotId = await chain.snapshot();
    this.clean = await cleanBlockOf(chain);
  }
}

/** Deploys the world as at start-up: on a fork, one block first sets the sandbox's base fee. */
async function deployOnGenesis(chain: Chain): Promise<World> {
  // The forked chain's last block has its own base fee; wallets (ethers included) price their
  // transactions from the latest block. One block mined by the sandbox sets its 30 gwei first.
  if (chain.fork) await chain.mine();
  return deployWorld(chain);
}

async function cleanBlockOf(chain: Chain): Promise<CleanBlock> {
  const latest = await chain.latestBlock();
  return { number: latest.number, hash: latest.hash! };
}

/** The rebuilt world must be the same world: every name at the same address. */
function assertSameWorld(world: World, rebuilt: World): void {
  for (const entry of world.registry.entries()) {
    const again = rebuilt.registry.lookup(entry.address);
    if (again?.name !== entry.name) {
      throw new Error(
        `the rebuilt world differs: ${entry.name} was at ${entry.address}, which is now ${again?.name ?? "empty"}`,
      );
    }
  }
}
