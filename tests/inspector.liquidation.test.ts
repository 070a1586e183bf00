import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { formatAmount } from "../server/format";
import { inspectBlock } from "../server/inspector/inspector";
import { collateralValueInBase, debtValueInBase, WAD } from "../server/math/lending";
import { type TokenSymbol, toBaseUnits, USD_DECIMALS } from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import type { World } from "../server/world/types";
import { balanceOf, mineBlock, tipped } from "./helpers/blocks";
import { takeSnapshot } from "./helpers/chain";

describe("inspector: liquidations", () => {
  const chain = hardhatChain(hre);
  // Blocks built as the sandbox builds them: by tip, bundles first.
  Builder.attach(chain);
  let world: World;
  let restore: () => Promise<void>;

  /** The feed's current answer for `symbol`: USD, 8 decimals. */
  async function feedPrice(symbol: TokenSymbol): Promise<bigint> {
    const [, answer] = await world.feeds[symbol].latestRoundData();
    return answer;
  }

  beforeAll(async () => {
    world = await deployWorld(chain);
    const { borrower, liquidator, admin } = world.actors;
    const pool = world.lendingPool;
    const poolAddress = await pool.getAddress();
    const collateral = toBaseUnits(50n, 18);
    await chain.minedBatch([
      () => world.tokens.WETH.contract.connect(borrower.signer).approve(poolAddress, collateral),
      () => world.tokens.USDC.contract.connect(liquidator.signer).approve(poolAddress, 2n ** 256n - 1n),
    ]);
    await chain.mined(
      pool.connect(borrower.signer).supply(world.tokens.WETH.address, collateral, borrower.address),
    );
    // borrow 99% of what the loan-to-value allows: USD (8 decimals) → USDC (6 decimals) at the oracle price
    const { availableBorrowsBase } = await pool.getUserAccountData(borrower.address);
    const borrowable = (availableBorrowsBase * 10n ** 6n) / (await feedPrice("USDC"));
    await chain.mined(
      pool.connect(borrower.signer).borrow(world.tokens.USDC.address, (borrowable * 99n) / 100n),
    );
    // WETH falls 10%: the position drops below a health factor of 1
    const wethPrice = await feedPrice("WETH");
    await chain.mined(world.feeds.WETH.connect(admin.signer).updateAnswer((wethPrice * 90n) / 100n));
    const { healthFactor } = await pool.getUserAccountData(borrower.address);
    expect(healthFactor).toBeLessThan(WAD);
    restore = await takeSnapshot();
  });

  beforeEach(async () => {
    await restore();
  });

  /** The borrower's WETH collateral and USDC debt in the lending pool. */
  async function position() {
    const { borrower } = world.actors;
    return {
      collateral: await world.lendingPool.collateralOf(borrower.address, world.tokens.WETH.address),
      debt: await world.lendingPool.debtOf(borrower.address, world.tokens.USDC.address),
    };
  }

  it("labels a liquidation with the liquidator's profit in USD at the oracle prices", async () => {
    const { borrower, liquidator } = world.actors;
    const debt = await world.lendingPool.debtOf(borrower.address, world.tokens.USDC.address);
    const usdcBefore = await balanceOf(world, "USDC", liquidator.address);
    const wethBefore = await balanceOf(world, "WETH", liquidator.address);
    const tx = await world.lendingPool
      .connect(liquidator.signer)
      .liquidationCall(
        world.tokens.WETH.address,
        world.tokens.USDC.address,
        borrower.address,
        debt / 2n,
        tipped(2n),
      );

    const block = await mineBlock(chain);
    const events = await inspectBlock(block, world);

    const repaid = usdcBefore - (await balanceOf(world, "USDC", liquidator.address));
    const seized = (await balanceOf(world, "WETH", liquidator.address)) - wethBefore;
    const [wethPrice, usdcPrice] = [await feedPrice("WETH"), await feedPrice("USDC")];
    const profit = collateralValueInBase(seized, wethPrice, 18n) - debtValueInBase(repaid, usdcPrice, 6n);
    expect(repaid).toBeGreaterThan(0n);
    expect(profit).toBeGreaterThan(0n);
    expect(events).toEqual([
      {
        type: "mev:classified",
        block: block.number,
        kind: "liquidation",
        txs: [tx.hash],
        profits: [
          {
            actor: { address: liquidator.address, label: "liquidator" },
            profit: { amount: profit.toString(), symbol: "USD", decimals: USD_DECIMALS },
          },
        ],
        explanation: expect.any(String),
      },
    ]);
    const explanation = events[0]!.explanation;
    expect(explanation).toContain("liquidator liquidated borrower in lending pool");
    expect(explanation).toContain(`repaid ${formatAmount(repaid, 6)} USDC of debt`);
    expect(explanation).toContain(`seized ${formatAmount(seized, 18)} WETH of collateral`);
    expect(explanation).toContain(`liquidator made $${formatAmount(profit, USD_DECIMALS, 2, 2)}`);
    expect(explanation).not.toContain("swapped");
  });

  it("labels a flash liquidation, credits the liquidator contract and mentions the collateral sale", async () => {
    const { borrower, liquidator } = world.actors;
    const before = await position();
    const tx = await world.flashLiquidator
      .connect(liquidator.signer)
      .liquidate(
        world.tokens.WETH.address,
        world.tokens.USDC.address,
        borrower.address,
        before.debt / 2n,
        await world.dexes.dexA.router.getAddress(),
        0n,
        tipped(2n),
      );

    const block = await mineBlock(chain);
    const events = await inspectBlock(block, world);

    const after = await position();
    const seized = before.collateral - after.collateral;
    const repaid = before.debt - after.debt;
    const profit =
      collateralValueInBase(seized, await feedPrice("WETH"), 18n) -
      debtValueInBase(repaid, await feedPrice("USDC"), 6n);
    const contract = await world.flashLiquidator.getAddress();
    expect(events.map((e) => [e.kind, e.txs, e.profits])).toEqual([
      [
        "liquidation",
        [tx.hash],
        [
          {
            actor: { address: contract, label: "flash liquidator" },
            profit: { amount: profit.toString(), symbol: "USD", decimals: USD_DECIMALS },
          },
        ],
      ],
    ]);
    expect(events[0]!.explanation).toContain(`also swapped ${formatAmount(seized, 18)} WETH → `);
    expect(events[0]!.explanation).toContain(
      "on DEX A WETH/USDC: a flash liquidation that sold the collateral",
    );
  });
});
