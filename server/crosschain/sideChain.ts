/**
 * The second chain, once per process: its node, its builder and its world, with a clean snapshot a
 * cross-chain run goes back to (as server/engine/cleanWorld.ts does for the main chain). Started on
 * first use: by `npm start` (which also serves its JSON-RPC port) or by the first cross-chain run.
 */
import type { EIP1193Provider } from "hardhat/types";
import { Builder } from "../builder/builder";
import { SIDE_CHAIN } from "./config";
import { startSideNode } from "./provider";
import { deploySideWorld, type SideWorld } from "./sideWorld";

export class SideChain {
  private constructor(
    readonly world: SideWorld,
    /** The node, EIP-1193: what the second JSON-RPC port serves. */
    readonly provider: EIP1193Provider,
    private snapshotId: string | null,
  ) {}

  static async start(): Promise<SideChain> {
    const node = await startSideNode(SIDE_CHAIN.id);
    const builder = Builder.attach(node.chain);
    const world = await deploySideWorld(SIDE_CHAIN, node.chain, builder);
    return new SideChain(world, node.provider, await node.chain.snapshot());
  }

  /**
   * Takes the chain back to its clean world (a snapshot is used once: a fresh one is taken). When the
   * snapshot is gone (someone reverted past it or reset the chain through its port), the chain starts
   * again from genesis and the world is deployed again, at the same addresses.
   */
  async reset(): Promise<void> {
    const { chain, builder } = this.world;
    const reverted = this.snapshotId !== null && (await chain.tryRevert(this.snapshotId));
    // The last run's bridge is gone with its blocks.
    this.world.registry.forgetRunEntries();
    if (!reverted) {
      await chain.resetToGenesis();
      assertSameWorld(this.world, await deploySideWorld(this.world.ref, chain, builder));
    }
    builder.reset();
    this.snapshotId = await chain.snapshot();
  }
}

/** Every name at the same address (a run's bridge is a run's name, not among the entries). */
function assertSameWorld(world: SideWorld, rebuilt: SideWorld): void {
  for (const entry of world.registry.entries()) {
    if (rebuilt.registry.lookup(entry.address)?.name !== entry.name) {
      throw new Error(`the side chain's rebuilt world differs: ${entry.name} was at ${entry.address}`);
    }
  }
}

let shared: Promise<SideChain> | undefined;

/** The process's second chain, started (and its world deployed, about half a second) on first use. */
export function sideChain(): Promise<SideChain> {
  shared ??= SideChain.start().catch((error: unknown) => {
    shared = undefined; // the next caller tries again
    throw error;
  });
  return shared;
}
