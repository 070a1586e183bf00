import type { World } from "../../world/types";

/**
 * The latest block's timestamp, cached by block number: deadlines are set from it without a round
 * trip when the bot has already seen the block.
 */
export class BlockClock {
  private known: { number: number; timestamp: number } | undefined;

  remember(number: number, timestamp: number): void {
    this.known = { number, timestamp };
  }

  async timestampOf(world: World, number: number): Promise<number> {
    if (this.known?.number !== number) {
      const block = await world.chain.provider.getBlock(number);
      if (!block) throw new Error(`block ${number} not found`);
      this.remember(number, block.timestamp);
    }
    return this.known!.timestamp;
  }
}
