/**
 * The cascade scenario on a real chain, every claim read back from it: each liquidation happened when
 * its borrower's health factor, at the price the oracle answered in that block, was below 1 at the
 * block before, and the sale before it caused it (at the DEX's price before that sale the borrower was
 * healthy); a longer window or the feed stops the cascade; two runs give the same events.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { PositionUpdated } from "../server/events";
import { calculateUserAccountData, WAD } from "../server/math/lending";
import { createRun } from "../server/runs/create";
import type { Run } from "../server/runs/run";
import { CASCADE_POOL, TWAP_ORACLE } from "../server/scenarios/cascadeStage";
import { ParamError } from "../server/scenarios/params";
import { readReserves } from "../server/world/market";
import type { World } from "../server/world/types";
import { DexTwapOracle__factory, type LendingPool, LendingPool__factory } from "../typechain-types";

describe("cascade scenario", () => {
  let runner: CleanWorld;
  let world: World;
  let runs = 0;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  async function play(params: Record<string, unknown> = {}, id = `cascade-${++runs}`): Promise<Run> {
    const run = createRun(runner, "cascade", params, id);
    await run.play();
    expect(run.status).toBe("finished");
    run.dispose();
    return run;
  }

  /** The run's lending pool, found as the liquidator finds it: by its name in the registry. */
  function cascadePool(): LendingPool {
    const entry = world.registry.named(CASCADE_POOL);
    if (!entry) throw new Error("no cascade lending pool in the registry");
    return LendingPool__factory.connect(entry.address, world.chain.provider);
  }

  async function liquidations(pool: LendingPool) {
    return pool.queryFilter(pool.filters.LiquidationCall(), 0, "latest");
  }

  /** `user`'s health factor in `pool`, its position as it stood after block `blockTag`, WETH at `wethPrice`. */
  async function healthAt(
    pool: LendingPool,
    user: string,
    blockTag: number,
    wethPrice: bigint,
  ): Promise<bigint> {
    const { WETH, USDC } = world.tokens;
    const assets = await Promise.all(
      [WETH, USDC].map(async (token) => {
        const config = await pool.getAssetConfig(token.address, { blockTag });
        return {
          collateral: await pool.collateralOf(user, token.address, { blockTag }),
          debt: await pool.debtOf(user, token.address, { blockTag }),
          price: token === WETH ? wethPrice : await pool.getAssetPrice(token.address, { blockTag }),
          decimals: config.decimals,
          ltvBps: config.ltvBps,
          liquidationThresholdBps: config.liquidationThresholdBps,
        };
      }),
    );
    return calculateUserAccountData(assets).healthFactor;
  }

  /** DEX A's WETH/USDC price after block `blockTag`, in USD with 8 decimals (as the oracle counts a USDC). */
  async function dexPriceAfter(blockTag: number): Promise<bigint> {
    const pool = world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const { reserve0, reserve1 } = await readReserves(world, pool, blockTag);
    const [weth, usdc] = pool.token0 === "WETH" ? [reserve0, reserve1] : [reserve1, reserve0];
    return (usdc * 10n ** 20n) / weth;
  }

  /** The blocks before `block` in which someone sold WETH on DEX A's WETH/USDC (bob's dip, the liquidator's sales). */
  async function lastSaleBefore(block: number): Promise<number> {
    const pool = world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const swaps = await pool.pair.queryFilter(pool.pair.filters.Swap(), 0, block - 1);
    const sales = swaps.filter((s) => (pool.token0 === "WETH" ? s.args.amount0In : s.args.amount1In) > 0n);
    return sales.at(-1)!.blockNumber;
  }

  describe("with the defaults (a 1-block TWAP, bob's 5% dip, three borrowers)", () => {
    let run: Run;
    let pool: LendingPool;

    beforeAll(async () => {
      run = await play();
      pool = cascadePool();
    });

    it("liquidates borrower after borrower, each below 1 at the block before, at the price the oracle answered", async () => {
      const oracle = DexTwapOracle__factory.connect(
        world.registry.named(TWAP_ORACLE)!.address,
        world.chain.provider,
      );
      const mined = await liquidations(pool);
      expect(mined.length).toBeGreaterThanOrEqual(3);
      expect(new Set(mined.map((l) => l.args.user)).size).toBe(3);
      for (const liquidation of mined) {
        const block = liquidation.blockNumber;
        const { timestamp } = (await world.chain.provider.getBlock(block))!;
        // what the oracle answered in the liquidation's block, known the block before: no trade in it moved it
        const answered = (await oracle.latestRoundData({ blockTag: block }))[1];
        expect(await oracle.averageAt(block, timestamp, { blockTag: block - 1 })).toBe(answered);
        const health = await healthAt(pool, liquidation.args.user, block - 1, answered);
        expect(health, `${liquidation.args.user} at #${block}`).toBeLessThan(WAD);
        // the watcher reported the same health factor after the block before
        const report = run.events
          .filter((e): e is PositionUpdated => e.type === "position:updated" && e.block < block)
          .filter((e) => e.user.address === liquidation.args.user)
          .at(-1);
        expect(report?.healthFactor).toBe(health.toString());
      }
    });

    it("owes each liquidation to the sale before it: at DEX A's price before that sale, the borrower was healthy", async () => {
      for (const liquidation of await liquidations(pool)) {
        const block = liquidation.blockNumber;
        const saleBlock = await lastSaleBefore(block);
        const priceBeforeSale = await dexPriceAfter(saleBlock - 1);
        const health = await healthAt(pool, liquidation.args.user, block - 1, priceBeforeSale);
        expect(health, `${liquidation.args.user} at #${block}, sale at #${saleBlock}`).toBeGreaterThanOrEqual(
          WAD,
        );
      }
    });

    it("narrates each liquidation and what stopped the cascade", () => {
      const narration = run.events.flatMap((e) => (e.type === "step:finished" ? [e.narration] : []));
      expect(narration[3]).toMatch(/#\d+: liquidated borrower 2 \(HF 0\.\d{4}: /);
      expect(narration[4]).toMatch(/^\d+ liquidations in \d+ blocks/);
      expect(narration[4]).toContain("It stopped there");
    });
  });

  it.each([
    ["a 3-block window", { window: 3 }, "the 3-block average counted bob's one-block dip 1/3"],
    ["the Chainlink-style feed", { oracle: "feed" }, "reads the Chainlink-style WETH/USD feed"],
  ])("stops the cascade with %s: no liquidation at all, read from the chain", async (_name, params, why) => {
    const defaults = (await liquidations(await play().then(cascadePool))).length;
    const run = await play(params);
    const mined = await liquidations(cascadePool());
    expect(mined.length).toBe(0);
    expect(mined.length).toBeLessThan(defaults);
    expect(run.events.filter((e) => e.type === "step:finished").at(-1)).toMatchObject({
      narration: expect.stringContaining(why),
    });
  });

  it("plays byte for byte the same twice, and forgets its names when the chain goes back to the clean world", async () => {
    const first = JSON.stringify((await play({}, "determinism")).events);
    const second = JSON.stringify((await play({}, "determinism")).events);
    expect(first).toContain('"opportunity:found"');
    expect(second).toBe(first);
    expect(world.registry.named(CASCADE_POOL)).toBeDefined();
    await runner.resetChain();
    expect(world.registry.named(CASCADE_POOL)).toBeUndefined();
    expect(world.registry.named("borrower 1")).toBeUndefined();
  });

  it("refuses bad parameters, each named with what it accepts", () => {
    const problems = (params: Record<string, unknown>) => {
      try {
        createRun(runner, "cascade", params, "bad");
      } catch (error) {
        expect(error).toBeInstanceOf(ParamError);
        return (error as ParamError).problems;
      }
      throw new Error("no ParamError");
    };
    expect(problems({ window: 0, oracle: "spot", borrowers: 6, priceDrop: "lots" })).toEqual([
      { param: "priceDrop", message: "must be a number from 1 to 30 (%)" },
      { param: "borrowers", message: "must be a whole number from 2 to 5" },
      { param: "window", message: "must be a whole number from 1 to 20 (blocks)" },
      { param: "oracle", message: "must be one of twap, feed" },
    ]);
    expect(problems({ borrowers: 2.5 })).toEqual([
      { param: "borrowers", message: "must be a whole number from 2 to 5" },
    ]);
  });
});
