/**
 * On-demand arbitrage for the instructor: scan the current pools for profitable cycles
 * (every pair and triangle of pools, server/math/graph.ts rankArbitrages), remember what was found, and have the
 * arbitrageur's executor contract run one of them. An opportunity found on reserves that have
 * moved since is stale, and refused with the reason.
 */
import { ArbitrageExecutor__factory } from "../../typechain-types";
import { encodeExecute } from "../bots/kit/executor";
import { conflict, invalidInput } from "../errors";
import type { TokenAmount } from "../events";
import { decisionId } from "../lib/decisionId";
import { type ArbitrageOpportunity, type Pool, rankArbitrages } from "../math/graph";
import { valueInUsd } from "../math/price";
import type { TokenSymbol } from "../world/config";
import { graphPools, readAllReserves, tokenByAddress } from "../world/market";
import type { World } from "../world/types";

/** The most opportunities kept for `execute` (oldest dropped first). */
const BOOK_CAPACITY = 500;
/** The executor's swap is sent with this priority fee. */
const EXECUTION_TIP = 2_000_000_000n;

const executorInterface = ArbitrageExecutor__factory.createInterface();

export interface ScanOptions {
  maxHops: number;
  /** Start tokens (symbols); all when empty. */
  tokens: TokenSymbol[];
  /** Smallest profit reported, in USD with 8 decimals (valued at the oracle price). */
  minProfitUsd: bigint;
}

export interface ScannedOpportunity {
  id: string;
  kind: "arbitrage";
  /** The block whose state the scan read. */
  block: number;
  startToken: string;
  /** Token symbols along the cycle, start token first and last. */
  path: string[];
  pools: string[];
  amountIn: TokenAmount;
  /** Before gas. */
  expectedProfit: TokenAmount;
  /** The expected profit valued at the oracle price, USD with 8 decimals. */
  expectedProfitUsd: string;
}

export interface ScanResult {
  block: number;
  opportunities: ScannedOpportunity[];
}

interface BookEntry {
  view: ScannedOpportunity;
  opportunity: ArbitrageOpportunity;
  /** Reserves of each pool of the cycle when it was found: if any moved, the opportunity is stale. */
  reserves: Map<string, [bigint, bigint]>;
}

export interface ExecutionResult {
  opportunityId: string;
  searcher: string;
  txs: string[];
  block: number;
  status: "success" | "reverted";
  expectedProfit: TokenAmount;
  realisedProfit: TokenAmount;
  gasUsed: string;
}

export class ArbitrageBook {
  private readonly entries = new Map<string, BookEntry>();

  constructor(private readonly world: World) {}

  private symbolOf(address: string): TokenSymbol {
    return tokenByAddress(this.world, address)!.symbol;
  }

  /** Every pool at the end of block `blockTag`, its tokens named by address. */
  private async readPools(blockTag: number): Promise<Pool[]> {
    const { world } = this;
    return graphPools(world.pools, await readAllReserves(world, blockTag), (s) => world.tokens[s].address);
  }

  /** Finds the profitable cycles on the latest block's state, best first. */
  async scan(options: ScanOptions): Promise<ScanResult> {
    const { world } = this;
    const block = (await world.chain.latestBlock()).number;
    const pools = await this.readPools(block);
    const executor = await world.arbitrageExecutor.getAddress();
    const symbols = options.tokens.length > 0 ? options.tokens : (Object.keys(world.tokens) as TokenSymbol[]);
    const capital = new Map(
      await Promise.all(
        symbols.map(
          async (s) => [world.tokens[s].address, await world.tokens[s].contract.balanceOf(executor)] as const,
        ),
      ),
    );
    const prices = new Map(
      await Promise.all(
        symbols.map(
          async (s) => [world.tokens[s].address, (await world.feeds[s].latestRoundData())[1]] as const,
        ),
      ),
    );
    const ranked = rankArbitrages(pools, {
      maxHops: options.maxHops,
      startTokens: symbols.map((s) => world.tokens[s].address),
      maxAmountIn: (token) => capital.get(token),
    });
    const found: ScannedOpportunity[] = [];
    for (const opportunity of ranked) {
      const start = world.tokens[this.symbolOf(opportunity.startToken)];
      const profitUsd = valueInUsd(opportunity.profit, start.decimals, prices.get(start.address)!);
      if (profitUsd < options.minProfitUsd) continue;
      const view = this.describe(opportunity, block, profitUsd);
      this.remember({
        view,
        opportunity,
        reserves: new Map(
          opportunity.cycle.map((hop) => [hop.pool.id, [hop.pool.reserve0, hop.pool.reserve1]]),
        ),
      });
      found.push(view);
    }
    return { block, opportunities: found };
  }

  private describe(opportunity: ArbitrageOpportunity, block: number, profitUsd: bigint): ScannedOpportunity {
    const start = this.world.tokens[this.symbolOf(opportunity.startToken)];
    const path = [start.symbol, ...opportunity.cycle.map((hop) => this.symbolOf(hop.tokenOut))];
    const pools = opportunity.cycle.map((hop) => this.world.registry.label(hop.pool.id));
    return {
      id: decisionId(["scan", block, ...pools, ...path, opportunity.amountIn]),
      kind: "arbitrage",
      block,
      startToken: start.symbol,
      path,
      pools,
      amountIn: { amount: opportunity.amountIn.toString(), symbol: start.symbol, decimals: start.decimals },
      expectedProfit: {
        amount: opportunity.profit.toString(),
        symbol: start.symbol,
        decimals: start.decimals,
      },
      expectedProfitUsd: profitUsd.toString(),
    };
  }

  private remember(entry: BookEntry): void {
    this.entries.delete(entry.view.id);
    this.entries.set(entry.view.id, entry);
    if (this.entries.size > BOOK_CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Throws a 409 with the reason when any pool of the cycle has moved since the scan. */
  private async assertFresh(entry: BookEntry): Promise<void> {
    const latest = (await this.world.chain.latestBlock()).number;
    const now = await this.readPools(latest);
    for (const [poolId, [reserve0, reserve1]] of entry.reserves) {
      const pool = now.find((p) => p.id === poolId)!;
      if (pool.reserve0 !== reserve0 || pool.reserve1 !== reserve1) {
        throw conflict(
          "stale_opportunity",
          `opportunity ${entry.view.id} is stale: the reserves of ${this.world.registry.label(poolId)} moved since block ${entry.view.block} (now block ${latest})`,
          {
            pool: this.world.registry.label(poolId),
            foundAtBlock: entry.view.block,
            latestBlock: latest,
            reservesThen: [reserve0.toString(), reserve1.toString()],
            reservesNow: [pool.reserve0.toString(), pool.reserve1.toString()],
          },
        );
      }
    }
  }

  /**
   * Sends the executor's transaction for a scanned opportunity from `searcher` (the executor's
   * owner) through `send`, mines it with `mine`, and reads the realised profit from its
   * `ArbitrageExecuted` event. The caller holds the chain lock.
   */
  async execute(
    id: string,
    searcher: string,
    send: (from: string, tx: { to: string; data: string; maxPriorityFeePerGas: bigint }) => Promise<string>,
    mine: () => Promise<unknown>,
  ): Promise<ExecutionResult> {
    const entry = this.entries.get(id)!;
    const owner = await this.world.arbitrageExecutor.owner();
    const account = this.world.actors[searcher as keyof World["actors"]];
    if (!account || account.address.toLowerCase() !== owner.toLowerCase()) {
      throw invalidInput(
        "not_the_owner",
        `${searcher} does not own the arbitrage executor; ${this.world.registry.label(owner)} does`,
        { owner: this.world.registry.label(owner) },
      );
    }
    await this.assertFresh(entry);
    const { opportunity } = entry;
    // minProfit 1: revert unless the cycle still makes money when it runs
    const data = encodeExecute(opportunity.startToken, opportunity.amountIn, opportunity.cycle, 1n);
    const hash = await send(account.address, {
      to: await this.world.arbitrageExecutor.getAddress(),
      data,
      maxPriorityFeePerGas: EXECUTION_TIP,
    });
    await mine();
    const receipt = await this.world.chain.provider.getTransactionReceipt(hash);
    if (!receipt) throw conflict("not_mined", `transaction ${hash} was not mined`);
    const executed = receipt.logs
      .map((log) => {
        try {
          return executorInterface.parseLog(log);
        } catch {
          return null;
        }
      })
      .find((parsed) => parsed?.name === "ArbitrageExecuted");
    const profit = executed ? (executed.args.profit as bigint) : 0n;
    const start = entry.view.expectedProfit;
    return {
      opportunityId: id,
      searcher,
      txs: [hash],
      block: receipt.blockNumber,
      status: receipt.status === 1 ? "success" : "reverted",
      expectedProfit: start,
      realisedProfit: { amount: profit.toString(), symbol: start.symbol, decimals: start.decimals },
      gasUsed: receipt.gasUsed.toString(),
    };
  }
}
