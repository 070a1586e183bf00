/**
 * A student's account gets what the faucet gives (10 WETH, 20,000 USDC, 20,000 DAI, 1 WBTC) and
 * ETH for gas: the admin calls the faucet for them and sends the ETH, in public transactions that
 * the live chain mines at once, so the funding is on the chain for anyone to read. Students who join
 * together are funded in one block.
 *
 * A scenario run starts from the clean world, where no student exists; once the live chain resumes,
 * every student is funded again on the chain as it is then.
 */

import type { LiveChain } from "../control/liveChain";
import type { ChainLock } from "../control/lock";
import { GWEI } from "../format";
import { toBaseUnits } from "../world/config";
import type { World } from "../world/types";

/** Gas for Faucet.drip: four token transfers and the cooldown's record, with room. */
const DRIP_GAS = 300_000n;

/** ETH a student gets, for gas, tips and bundle payments. */
export const STUDENT_ETH = toBaseUnits(10n, 18);

export interface FundingOptions {
  world: World;
  live: LiveChain;
  lock: ChainLock;
  /** Which chain we are on: funding done in an earlier generation is gone (see CleanWorld.generation). */
  generation: () => number;
  /** Whether a scenario run holds the chain (funding waits for the live chain to resume). */
  runHoldsChain: () => boolean;
}

export class StudentFunding {
  private readonly fundedIn = new Map<string, number>();
  private queue: string[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly options: FundingOptions) {}

  /** Whether the student's funding is on the chain as it is now. */
  isFunded(address: string): boolean {
    return this.fundedIn.get(address.toLowerCase()) === this.options.generation();
  }

  /**
   * Funds `addresses` (those not funded on this chain yet) in the next block, mined at once; resolves
   * once it is mined. While a run holds the chain, nothing happens (`fundAll` catches up later).
   */
  async fund(addresses: readonly string[]): Promise<void> {
    if (this.options.runHoldsChain()) return;
    const due = addresses.filter((a) => !this.isFunded(a) && !this.queue.includes(a.toLowerCase()));
    this.queue.push(...due.map((a) => a.toLowerCase()));
    // Joins that arrive while a block is being funded go into the next one.
    while (this.queue.length > 0 || this.flushing) {
      if (!this.flushing) this.flushing = this.flush().finally(() => (this.flushing = null));
      await this.flushing;
      if (addresses.every((a) => this.isFunded(a))) return;
    }
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    const { world, live, lock } = this.options;
    const generation = this.options.generation();
    await lock.run(async () => {
      const admin = world.actors.admin.address;
      const faucet = await world.faucet.getAddress();
      for (const student of batch) {
        const drip = world.faucet.interface.encodeFunctionData("drip", [student]);
        // Gas limits and fees given: nothing to estimate (a hundred students join in one block).
        const fees = { maxPriorityFeePerGas: GWEI, maxFeePerGas: 3n * world.chain.baseFeePerGas };
        await live.engine.send(admin, { to: faucet, data: drip, gasLimit: DRIP_GAS, ...fees });
        await live.engine.send(admin, { to: student, value: STUDENT_ETH, gasLimit: 21_000n, ...fees });
      }
      await live.engine.mine();
    });
    for (const student of batch) this.fundedIn.set(student, generation);
  }
}
