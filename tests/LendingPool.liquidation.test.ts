import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CLOSE_FACTOR_HF_THRESHOLD,
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  closeFactorFor,
  DEFAULT_LIQUIDATION_CLOSE_FACTOR,
  MAX_LIQUIDATION_CLOSE_FACTOR,
} from "../server/math/lending";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  deployLendingWorld,
  eventOf,
  fund,
  type LendingWorld,
  supply,
  type TestAsset,
  units,
  usd,
} from "./helpers/lending";

type Signer = Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

const WAD = 10n ** 18n;

describe("LendingPool: liquidation", () => {
  let world: LendingWorld;
  let weth: TestAsset;
  let usdc: TestAsset;
  let dai: TestAsset;
  let borrower: Signer;
  let liquidator: Signer;
  let revertToStart: () => Promise<void>;

  // 10 WETH at $2,000 backing 16,000 USDC: the most the 80% LTV allows.
  const collateral = units(10n, 18n);
  const debt = units(16_000n, 6n);

  /** The health factor of 10 WETH at `wethPrice` against `debtUsdc` USDC, from the formula. */
  function healthFactorAt(wethPrice: bigint, debtUsdc: bigint): bigint {
    const collateralBase = (collateral * wethPrice) / 10n ** 18n;
    const debtBase = (debtUsdc * usd(1n)) / 10n ** 6n;
    return (collateralBase * weth.liquidationThresholdBps * WAD) / (debtBase * 10_000n);
  }

  /** Collateral seized for `debtCovered` USDC at `wethPrice`, in Aave's order of operations. */
  function collateralFor(debtCovered: bigint, wethPrice: bigint): bigint {
    const baseCollateral = (usd(1n) * debtCovered * 10n ** 18n) / (wethPrice * 10n ** 6n);
    return (baseCollateral * weth.liquidationBonusBps) / 10_000n;
  }

  async function balances() {
    return {
      liquidatorUsdc: await usdc.token.balanceOf(liquidator.address),
      liquidatorWeth: await weth.token.balanceOf(liquidator.address),
      poolUsdc: await usdc.token.balanceOf(world.poolAddress),
      poolWeth: await weth.token.balanceOf(world.poolAddress),
      userCollateral: await world.pool.collateralOf(borrower.address, weth.address),
      userDebt: await world.pool.debtOf(borrower.address, usdc.address),
    };
  }

  /** Liquidates with `debtToCover`, checks every balance moved by exactly the amounts, returns the event. */
  async function liquidateAndCheck(debtToCover: bigint, expectedDebt: bigint, expectedCollateral: bigint) {
    const before = await balances();
    const event = await eventOf(
      world.pool
        .connect(liquidator)
        .liquidationCall(weth.address, usdc.address, borrower.address, debtToCover),
      world.pool.interface,
      "LiquidationCall",
    );
    const after = await balances();
    expect(event.args.toArray()).toEqual([
      weth.address,
      usdc.address,
      borrower.address,
      expectedDebt,
      expectedCollateral,
      liquidator.address,
      false,
    ]);
    expect(before.liquidatorUsdc - after.liquidatorUsdc).toBe(expectedDebt);
    expect(after.liquidatorWeth - before.liquidatorWeth).toBe(expectedCollateral);
    expect(after.poolUsdc - before.poolUsdc).toBe(expectedDebt);
    expect(before.poolWeth - after.poolWeth).toBe(expectedCollateral);
    expect(before.userDebt - after.userDebt).toBe(expectedDebt);
    expect(before.userCollateral - after.userCollateral).toBe(expectedCollateral);
  }

  beforeAll(async () => {
    await enableAutomine();
    world = await deployLendingWorld();
    ({ WETH: weth, USDC: usdc, DAI: dai } = world.assets);
    const [, lp, borrowerSigner, liquidatorSigner] = await hre.ethers.getSigners();
    borrower = borrowerSigner!;
    liquidator = liquidatorSigner!;
    await supply(world, usdc, lp!, units(1_000_000n, usdc.decimals));
    await supply(world, weth, borrower, collateral);
    await world.pool.connect(borrower).borrow(usdc.address, debt);
    await fund(world, usdc, liquidator, units(100_000n, usdc.decimals));
    revertToStart = await takeSnapshot();
  });

  beforeEach(async () => {
    await revertToStart();
  });

  it("refuses to liquidate a healthy position, with its health factor", async () => {
    const healthFactor = healthFactorAt(usd(2_000n), debt); // 20,000 × 82.5% / 16,000 = 1.03125
    expect(healthFactor).toBe(1_031_250_000_000_000_000n);
    expect((await world.pool.getUserAccountData(borrower.address)).healthFactor).toBe(healthFactor);
    await expectRevert(
      world.pool.connect(liquidator).liquidationCall(weth.address, usdc.address, borrower.address, debt),
      world.pool.interface,
      "HealthFactorNotBelowThreshold",
      [healthFactor],
    );
  });

  it("covers only half the debt while 0.95 < HF < 1, even when asked for all of it", async () => {
    const price = usd(1_900n);
    await weth.feed.updateAnswer(price);
    const healthFactor = healthFactorAt(price, debt); // ≈ 0.98
    expect(healthFactor > CLOSE_FACTOR_HF_THRESHOLD && healthFactor < WAD).toBe(true);
    expect((await world.pool.getUserAccountData(borrower.address)).healthFactor).toBe(healthFactor);

    const half = debt / 2n;
    await liquidateAndCheck(debt, half, collateralFor(half, price));
    // the mirror agrees
    expect(closeFactorFor(healthFactor)).toBe(DEFAULT_LIQUIDATION_CLOSE_FACTOR);
    expect(calculateActualDebtToLiquidate(debt, healthFactor, debt)).toBe(half);
  });

  it("covers exactly what is asked below the close factor's cap", async () => {
    const price = usd(1_900n);
    await weth.feed.updateAnswer(price);
    const asked = units(1_234n, usdc.decimals) + 567_891n;
    await liquidateAndCheck(asked, asked, collateralFor(asked, price));
  });

  it("covers the whole debt once HF ≤ 0.95", async () => {
    const price = usd(1_800n);
    await weth.feed.updateAnswer(price);
    const healthFactor = healthFactorAt(price, debt); // ≈ 0.93
    expect(healthFactor <= CLOSE_FACTOR_HF_THRESHOLD).toBe(true);
    const seized = collateralFor(debt, price); // 16,000 / 1,800 × 1.05 ≈ 9.33 WETH, less than the 10
    expect(seized < collateral).toBe(true);
    await liquidateAndCheck(hre.ethers.MaxUint256, debt, seized);
    expect(closeFactorFor(healthFactor)).toBe(MAX_LIQUIDATION_CLOSE_FACTOR);
  });

  it("treats HF = 0.95 exactly as ≤ 0.95 (100% close factor), as Aave v3", async () => {
    // 10 WETH at $1,520 × 82.5% = $12,540 = 0.95 × $13,200
    await usdc.token.connect(borrower).approve(world.poolAddress, hre.ethers.MaxUint256);
    await world.pool
      .connect(borrower)
      .repay(usdc.address, debt - units(13_200n, usdc.decimals), borrower.address);
    await weth.feed.updateAnswer(usd(1_520n));
    const healthFactor = (await world.pool.getUserAccountData(borrower.address)).healthFactor;
    expect(healthFactor).toBe(CLOSE_FACTOR_HF_THRESHOLD);
    const remaining = units(13_200n, usdc.decimals);
    await liquidateAndCheck(remaining, remaining, collateralFor(remaining, usd(1_520n)));
  });

  it("seizes all the collateral and covers less debt when the collateral does not suffice", async () => {
    const price = usd(1_500n);
    await weth.feed.updateAnswer(price);
    // 16,000 USDC would buy 16,000 / 1,500 × 1.05 = 11.2 WETH, but the borrower has only 10
    expect(collateralFor(debt, price) > collateral).toBe(true);
    // so the debt covered is what 10 WETH pays for, bonus taken out: 10 × 1,500 / 1.05 ≈ 14,285.714285 USDC
    const valueInUsdc = (price * collateral * 10n ** 6n) / (usd(1n) * 10n ** 18n);
    const debtCovered = (valueInUsdc * 10_000n) / weth.liquidationBonusBps;
    expect(debtCovered).toBe(14_285_714_285n);
    await liquidateAndCheck(debt, debtCovered, collateral);
    // what is left is bad debt, with no collateral behind it
    expect(await world.pool.debtOf(borrower.address, usdc.address)).toBe(debt - debtCovered);
    expect((await world.pool.getUserAccountData(borrower.address)).totalCollateralBase).toBe(0n);
    // the mirror agrees
    expect(
      calculateAvailableCollateralToLiquidate({
        debtToCover: debt,
        userCollateralBalance: collateral,
        liquidationBonusBps: weth.liquidationBonusBps,
        collateralPrice: price,
        debtPrice: usd(1n),
        collateralDecimals: 18n,
        debtDecimals: 6n,
      }),
    ).toEqual({ collateralAmount: collateral, debtAmountNeeded: debtCovered });
  });

  it("refuses a debt the user does not have and a collateral the user did not supply", async () => {
    await weth.feed.updateAnswer(usd(1_500n));
    const pool = world.pool.connect(liquidator);
    await expectRevert(
      pool.liquidationCall(weth.address, dai.address, borrower.address, 1n),
      pool.interface,
      "NoDebt",
      [borrower.address, dai.address],
    );
    await expectRevert(
      pool.liquidationCall(dai.address, usdc.address, borrower.address, 1n),
      pool.interface,
      "NoCollateralToSeize",
      [borrower.address, dai.address],
    );
  });
});
