import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { createLiquidator } from "../server/bots/liquidator";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { hardhatChain } from "../server/chain/hardhat";
import type { BotContext } from "../server/engine/bot";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { MevClassified, OpportunityFound, SandboxEvent } from "../server/events";
import { GWEI } from "../server/format";
import { CLOSE_FACTOR_HF_THRESHOLD, WAD } from "../server/math/lending";
import { createRun } from "../server/runs/create";
import type { Run } from "../server/runs/run";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";

describe("liquidator bot (liquidation scenario on a real chain)", () => {
  const chain = hardhatChain(hre);
  let runner: CleanWorld;
  let world: World;
  let runs = 0;

  beforeAll(async () => {
    runner = await CleanWorld.create(chain);
    world = runner.world;
  });

  async function play(params: Record<string, unknown>, id = `liquidation-${++runs}`): Promise<Run> {
    const run = createRun(runner, "liquidation", params, id);
    await run.play();
    expect(run.status).toBe("finished");
    return run;
  }

  function decisions(events: readonly SandboxEvent[]) {
    return events.filter((e) => e.type === "opportunity:found" || e.type === "opportunity:skipped");
  }

  /** The run's one liquidation decision, and the block its transaction was mined in. */
  async function theLiquidation(run: Run) {
    const found = run.events.filter((e): e is OpportunityFound => e.type === "opportunity:found");
    expect(found).toHaveLength(1);
    const decision = found[0]!;
    expect(decision).toMatchObject({ bot: "liquidator", kind: "liquidation" });
    expect(decision.txs).toHaveLength(1);
    const hash = decision.txs[0]!;
    const receipt = await chain.receiptOf(hash);
    const tx = (await chain.provider.getTransaction(hash))!;
    expect(tx.from).toBe(world.actors.liquidator.address);
    expect(tx.maxPriorityFeePerGas).toBe(2n * GWEI);
    return { decision, hash, tx, block: receipt.blockNumber, before: receipt.blockNumber - 1 };
  }

  /** Token balances, the borrower's position and the oracle prices at the end of `blockTag`. */
  async function stateAt(blockTag: number) {
    const { tokens, actors, lendingPool, flashLiquidator } = world;
    const at = { blockTag };
    const weth = tokens.WETH.address;
    const usdc = tokens.USDC.address;
    const flashAddress = await flashLiquidator.getAddress();
    return {
      liquidatorWeth: await tokens.WETH.contract.balanceOf(actors.liquidator.address, at),
      liquidatorUsdc: await tokens.USDC.contract.balanceOf(actors.liquidator.address, at),
      contractWeth: await tokens.WETH.contract.balanceOf(flashAddress, at),
      contractUsdc: await tokens.USDC.contract.balanceOf(flashAddress, at),
      collateral: await lendingPool.collateralOf(actors.borrower.address, weth, at),
      debt: await lendingPool.debtOf(actors.borrower.address, usdc, at),
      healthFactor: (await lendingPool.getUserAccountData(actors.borrower.address, at)).healthFactor,
      wethPrice: await lendingPool.getAssetPrice(weth, at),
      usdcPrice: await lendingPool.getAssetPrice(usdc, at),
      bonusBps: (await lendingPool.getAssetConfig(weth, at)).liquidationBonusBps,
    };
  }

  const unit = (symbol: "WETH" | "USDC") => 10n ** BigInt(world.tokens[symbol].decimals);

  /** Aave v3's collateral for `debt` repaid, as the contract rounds: down, then the bonus, down again. */
  function aaveCollateral(debt: bigint, s: Awaited<ReturnType<typeof stateAt>>): bigint {
    const base = (debt * s.usdcPrice * unit("WETH")) / (s.wethPrice * unit("USDC"));
    return (base * s.bonusBps) / 10_000n;
  }

  /** Collateral value (rounded down) minus debt value (rounded up), USD with 8 decimals. */
  function profitAtOracle(seized: bigint, repaid: bigint, s: Awaited<ReturnType<typeof stateAt>>): bigint {
    const debtValue = (repaid * s.usdcPrice + unit("USDC") - 1n) / unit("USDC");
    return (seized * s.wethPrice) / unit("WETH") - debtValue;
  }

  /** Checks an own-capital liquidation to the wei; `share` is the part of the debt it must repay. */
  async function expectExactLiquidation(run: Run, share: { num: bigint; den: bigint }) {
    const { decision, hash, tx, block, before } = await theLiquidation(run);
    expect(tx.to).toBe(await world.lendingPool.getAddress());
    const [s0, s1] = [await stateAt(before), await stateAt(block)];

    const repaid = (s0.debt * share.num) / share.den;
    const seized = aaveCollateral(repaid, s0);
    expect(seized).toBeGreaterThan(0n);
    expect(seized).toBeLessThanOrEqual(s0.collateral);
    // the liquidator paid exactly the debt and received exactly the collateral
    expect(s0.liquidatorUsdc - s1.liquidatorUsdc).toBe(repaid);
    expect(s1.liquidatorWeth - s0.liquidatorWeth).toBe(seized);
    // and the borrower's position moved by the same amounts
    expect(s0.debt - s1.debt).toBe(repaid);
    expect(s0.collateral - s1.collateral).toBe(seized);

    const profit = profitAtOracle(seized, repaid, s0);
    expect(profit).toBeGreaterThan(0n);
    expect(decision.size).toEqual({
      amount: repaid.toString(),
      symbol: "USDC",
      decimals: world.tokens.USDC.decimals,
    });
    expect(decision.expectedProfit).toEqual({ amount: profit.toString(), symbol: "USD", decimals: 8 });
    expect(BigInt(decision.gasCost.amount)).toBeGreaterThan(0n);
    expect(BigInt(decision.gasCost.amount)).toBeLessThan(profit);

    // the inspector, reading only the block's logs, finds the same profit
    const labels = run.events.filter(
      (e): e is MevClassified => e.type === "mev:classified" && e.block === block,
    );
    expect(labels).toEqual([
      expect.objectContaining({
        kind: "liquidation",
        txs: [hash],
        profits: [
          {
            actor: { address: world.actors.liquidator.address, label: "liquidator" },
            profit: { amount: profit.toString(), symbol: "USD", decimals: 8 },
          },
        ],
      }),
    ]);
    return { decision, s0, s1 };
  }

  it("liquidates half the debt at HF ≈ 0.955 (close factor 50%), to the wei", async () => {
    const run = await play({});
    const { decision, s0, s1 } = await expectExactLiquidation(run, { num: 1n, den: 2n });
    expect(s0.healthFactor).toBeLessThan(WAD);
    expect(s0.healthFactor).toBeGreaterThan(CLOSE_FACTOR_HF_THRESHOLD);
    expect(s1.healthFactor).toBeGreaterThanOrEqual(WAD);
    expect(decision.inputs.closeFactor).toBe("50%");
    expect(decision.formulas.map((f) => f.name)).toEqual([
      "health factor",
      "close factor",
      "collateral seized",
      "profit at the oracle prices",
      "gas cost",
    ]);
    // one liquidation, sent once, and nothing published once the position is healthy again
    expect(decisions(run.events)).toHaveLength(1);
    const liquidations = run.events.flatMap((e) =>
      e.type === "block:mined" ? e.txs.filter((t) => t.action.kind === "liquidationCall") : [],
    );
    expect(liquidations).toHaveLength(1);
  });

  it("liquidates the whole debt when a bigger drop takes HF to 0.95 or below (close factor 100%)", async () => {
    const run = await play({ priceDrop: 20 });
    const { decision, s0, s1 } = await expectExactLiquidation(run, { num: 1n, den: 1n });
    expect(s0.healthFactor).toBeLessThanOrEqual(CLOSE_FACTOR_HF_THRESHOLD);
    expect(s1.debt).toBe(0n);
    expect(decision.inputs.closeFactor).toBe("100%");
  });

  it("with a flash loan, sends no capital and earns exactly the predicted swap profit", async () => {
    const run = await play({ flash: true });
    const { decision, tx, block, before } = await theLiquidation(run);
    const flashLiquidator = world.flashLiquidator;
    expect(tx.to).toBe(await flashLiquidator.getAddress());
    const call = flashLiquidator.interface.parseTransaction(tx)!;
    expect(call.name).toBe("liquidate");
    const [, , user, debtToCover, router] = call.args as unknown as [string, string, string, bigint, string];
    expect(user).toBe(world.actors.borrower.address);
    const [s0, s1] = [await stateAt(before), await stateAt(block)];

    const covered = s0.debt - s1.debt;
    const seized = s0.collateral - s1.collateral;
    expect(covered).toBe(s0.debt / 2n);
    expect(seized).toBe(aaveCollateral(covered, s0));

    // what each WETH/USDC pool would pay for the seized WETH, at its reserves before the block
    const sales = await Promise.all(
      world.pools
        .filter((p) => new Set([p.token0, p.token1]).has("WETH") && new Set([p.token0, p.token1]).has("USDC"))
        .map(async (pool) => {
          const { reserveIn: rIn, reserveOut: rOut } = await reservesFor(pool, "WETH", before);
          const inWithFee = seized * (10_000n - pool.feeBps);
          const out = (inWithFee * rOut) / (rIn * 10_000n + inWithFee);
          return { router: await world.dexes[pool.dex].router.getAddress(), out };
        }),
    );
    expect(sales.length).toBeGreaterThan(1);
    const chosen = sales.find((s) => s.router === router)!;
    for (const sale of sales) expect(chosen.out).toBeGreaterThanOrEqual(sale.out);

    // the pool's own fee (9 bps) on everything borrowed
    const flashFee = await world.lendingPool.flashFee(world.tokens.USDC.address, debtToCover, {
      blockTag: before,
    });
    expect(flashFee).toBe((debtToCover * 9n) / 10_000n);
    const profit = chosen.out - covered - flashFee;
    expect(profit).toBeGreaterThan(0n);
    expect(decision.expectedProfit).toEqual({
      amount: profit.toString(),
      symbol: "USDC",
      decimals: world.tokens.USDC.decimals,
    });
    expect(decision.gasCost.symbol).toBe("USDC");
    // the liquidator's USDC rose by exactly the profit; its WETH did not move; the contract keeps nothing
    expect(s1.liquidatorUsdc - s0.liquidatorUsdc).toBe(profit);
    expect(s1.liquidatorWeth).toBe(s0.liquidatorWeth);
    expect([s1.contractUsdc, s1.contractWeth]).toEqual([0n, 0n]);
    expect(decision.formulas.map((f) => f.name)).toEqual([
      "health factor",
      "close factor",
      "collateral seized",
      expect.stringMatching(/^collateral sale on DEX [AB] WETH\/USDC$/),
      "flash-loan fee",
      "flash liquidation profit",
      "gas cost",
    ]);
  });

  it("does nothing, and says nothing, when a small drop leaves the position healthy", async () => {
    const run = await play({ priceDrop: 3 });
    const end = await stateAt(await chain.provider.getBlockNumber());
    expect(end.healthFactor).toBeGreaterThanOrEqual(WAD);
    expect(decisions(run.events)).toEqual([]);
    const sentByLiquidator = run.events.filter(
      (e) => e.type === "tx:pending" && e.from.label === "liquidator",
    );
    expect(sentByLiquidator).toEqual([]);
  });

  it("does not send again for a user while its liquidation is pending", async () => {
    // stop the scenario after the price drop: the position is liquidatable, nothing is mined yet
    const run = createRun(runner, "liquidation", {}, `liquidation-${++runs}`);
    await run.step();
    await run.step();
    const bot = createLiquidator({ flash: false });
    const published: string[] = [];
    const sent: string[] = [];
    const latest = await chain.latestBlock();
    const ctx: BotContext = {
      world,
      chain,
      blockNumber: latest.number,
      nextBaseFee: BASE_FEE_PER_GAS,
      decide: (event) => published.push(event.type),
      // a hash the chain does not know: the transaction stays "pending" for the bot
      send: async () => {
        sent.push("liquidation");
        return `0x${"ab".repeat(32)}`;
      },
      publish: (event) => published.push(event.type),
      sendBundle: async () => {
        throw new Error("the liquidator sends no bundles here");
      },
      sendMevBundle: async () => {
        throw new Error("the liquidator sends no bundles here");
      },
    };
    const block = { number: latest.number, timestamp: latest.timestamp, baseFeePerGas: 0n, receipts: [] };
    await bot.onBlock!(block, ctx);
    await bot.onBlock!(block, ctx);
    expect(sent).toEqual(["liquidation"]);
    expect(published).toEqual(["opportunity:found"]);
    await run.play();
  });

  it("repeats byte for byte: the same parameters on the same runner give the same events", async () => {
    const first = JSON.stringify((await play({ priceDrop: 15 }, "determinism")).events);
    const second = JSON.stringify((await play({ priceDrop: 15 }, "determinism")).events);
    expect(first).toContain('"opportunity:found"');
    expect(second).toBe(first);
  });
});
