/**
 * The clean world: deploys the world once (with the builder that builds every block), keeps a
 * snapshot of it clean, and takes the chain back to it before each run (a reset takes
 * milliseconds, no redeploy). Its bus carries every event of every run on this chain.
 *
 * If the clean snapshot is gone (someone reverted past it, or reset the chain), a reset rebuilds the
 * world instead: the chain starts again from its genesis and the world is deployed again, at the same
 * addresses (deployment is deterministic), in about a second.
 */
import { Builder } from "../builder/builder";
import type { Chain } from "../chain/chain";
import { EventBus } from "../events";
import { deployWorld } from "../world/deploy";
import type { World } from "../world/types";

/** What a reset did: went back to the clean snapshot, or rebuilt the world from genesis. */
export type ResetOutcome = "reverted" | "rebuilt";

/** The latest block of the clean world: a chain whose block at this height differs is another chain. */
export interface CleanBlock {
  number: number;
  hash: string;
}

export class CleanWorld {
  readonly bus = new EventBus();
  /**
   * Counts the times the chain went back to the clean world (a reset or a rebuild): what was done on
   * the chain before (a student's funding) belongs to an earlier generation and is gone.
   */
  generation = 0;

  private constructor(
    readonly world: World,
    /** Builds every block the chain mines: bundles, protected transactions, then the public pool by tip. */
    readonly builder: Builder,
    private snapshotId: string | null,
    private clean: CleanBlock,
  ) {}

  /** Attaches the builder to `chain`, deploys the world on it, and remembers that as the clean state. */
  static async create(chain: Chain): Promise<CleanWorld> {
    await chain.pinForkBlock();
    const builder = Builder.attach(chain);
    const world = await deployOnGenesis(chain);
    return new CleanWorld(world, builder, await chain.snapshot(), await cleanBlockOf(chain));
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
   * Returns the chain to the clean world (a snapshot can be used once: take a fresh one). When the
   * snapshot is gone, or the chain it leads to is not the clean world's, rebuilds the world instead.
   */
  async resetChain(): Promise<ResetOutcome> {
    const { chain } = this.world;
    const reverted = this.snapshotId !== null && (await chain.tryRevert(this.snapshotId));
    this.generation += 1;
    // What the last run deployed and named is gone with its blocks.
    this.world.registry.forgetRunEntries();
    if (reverted && (await chain.latestBlock()).hash === this.clean.hash) {
      // Bundles and protected transactions were for the chain that is gone.
      this.builder.reset();
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
    this.world.registry.forgetRunEntries();
    await chain.resetToGenesis();
    this.builder.reset();
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

/**
 * The rebuilt world must be the same world: every name it deploys at the same address as before.
 * Names given since (students who joined, a cross-chain run's bridge) are not deployed, and stay.
 */
function assertSameWorld(world: World, rebuilt: World): void {
  for (const entry of rebuilt.registry.entries()) {
    const before = world.registry.lookup(entry.address);
    if (before?.name !== entry.name) {
      throw new Error(
        `the rebuilt world differs: ${entry.name} is now at ${entry.address}, where ${before?.name ?? "nothing"} was`,
      );
    }
  }
}
