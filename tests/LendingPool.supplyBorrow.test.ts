import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { calculateUserAccountData, MAX_UINT256 } from "../server/math/lending";
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

describe("LendingPool: supply, borrow, withdraw, repay", () => {
  let world: LendingWorld;
  let weth: TestAsset;
  let usdc: TestAsset;
  let wbtc: TestAsset;
  let dai: TestAsset;
  let lp: Signer;
  let borrower: Signer;
  let stranger: Signer;
  let revertToStart: () => Promise<void>;

  /** Aave's health factor, from the pool's balances and the feeds' answers, computed here on its own. */
  async function healthFactorFromChain(user: string): Promise<bigint> {
    let thresholdWeightedCollateral = 0n;
    let debtBase = 0n;
    for (const asset of [weth, usdc, wbtc, dai]) {
      const price = await asset.feed.latestAnswer();
      const unit = 10n ** asset.decimals;
      const collateral = await world.pool.collateralOf(user, asset.address);
      const debt = await world.pool.debtOf(user, asset.address);
      thresholdWeightedCollateral += ((collateral * price) / unit) * asset.liquidationThresholdBps;
      debtBase += (debt * price + unit - 1n) / unit; // debt rounds up
    }
    if (debtBase === 0n) return MAX_UINT256;
    return (thresholdWeightedCollateral * 10n ** 18n) / (debtBase * 10_000n);
  }

  /** The same position, through the TypeScript mirror in server/math/lending.ts. */
  async function accountDataFromMirror(user: string) {
    const positions = [];
    for (const asset of [weth, usdc, wbtc, dai]) {
      positions.push({
        collateral: await world.pool.collateralOf(user, asset.address),
        debt: await world.pool.debtOf(user, asset.address),
        price: await asset.feed.latestAnswer(),
        decimals: asset.decimals,
        ltvBps: asset.ltvBps,
        liquidationThresholdBps: asset.liquidationThresholdBps,
      });
    }
    return calculateUserAccountData(positions);
  }

  async function accountData(user: string) {
    const data = await world.pool.getUserAccountData(user);
    return {
      totalCollateralBase: data.totalCollateralBase,
      totalDebtBase: data.totalDebtBase,
      availableBorrowsBase: data.availableBorrowsBase,
      currentLiquidationThreshold: data.currentLiquidationThreshold,
      ltv: data.ltv,
      healthFactor: data.healthFactor,
    };
  }

  beforeAll(async () => {
    await enableAutomine();
    world = await deployLendingWorld();
    ({ WETH: weth, USDC: usdc, WBTC: wbtc, DAI: dai } = world.assets);
    [, lp, borrower, stranger] = (await hre.ethers.getSigners()) as Signer[] as [
      Signer,
      Signer,
      Signer,
      Signer,
    ];
    await supply(world, usdc, lp, units(1_000_000n, usdc.decimals));
    await supply(world, dai, lp, units(1_000_000n, dai.decimals));
    revertToStart = await takeSnapshot();
  });

  beforeEach(async () => {
    await revertToStart();
  });

  describe("listing", () => {
    it("lists every asset with its configuration", async () => {
      expect(await world.pool.listedAssets()).toEqual([
        weth.address,
        usdc.address,
        wbtc.address,
        dai.address,
      ]);
      const config = await world.pool.getAssetConfig(weth.address);
      expect(config.priceFeed).toBe(await weth.feed.getAddress());
      expect([config.ltvBps, config.liquidationThresholdBps, config.liquidationBonusBps]).toEqual([
        weth.ltvBps,
        weth.liquidationThresholdBps,
        weth.liquidationBonusBps,
      ]);
      expect(config.decimals).toBe(18n);
      expect(await world.pool.getAssetPrice(weth.address)).toBe(usd(2_000n));
    });

    it("refuses a second listing, bad risk parameters, wrong feed decimals and strangers", async () => {
      const { pool } = world;
      const feed = await weth.feed.getAddress();
      await expectRevert(
        pool.listAsset(weth.address, feed, 8000, 8250, 10500),
        pool.interface,
        "AssetAlreadyListed",
        [weth.address],
      );
      const other = await hre.ethers.deployContract("TestToken", ["Other", "OTH", 18, world.admin.address]);
      const otherAddress = await other.getAddress();
      // ltv above threshold; bonus not above 100%; threshold × bonus above 100%
      for (const [ltv, lt, bonus] of [
        [8500n, 8000n, 10500n],
        [8000n, 8250n, 10000n],
        [9000n, 9600n, 10500n],
      ]) {
        await expectRevert(
          pool.listAsset(otherAddress, feed, ltv!, lt!, bonus!),
          pool.interface,
          "InvalidRiskParameters",
          [ltv, lt, bonus],
        );
      }
      const feed18 = await hre.ethers.deployContract("PriceFeed", [18, "OTH / USD", 1n, world.admin.address]);
      const feed18Address = await feed18.getAddress();
      await expectRevert(
        pool.listAsset(otherAddress, feed18Address, 8000, 8250, 10500),
        pool.interface,
        "InvalidPriceFeedDecimals",
        [feed18Address, 18n],
      );
      await expectRevert(
        pool.connect(stranger).listAsset(otherAddress, feed, 8000, 8250, 10500),
        pool.interface,
        "OwnableUnauthorizedAccount",
        [stranger.address],
      );
    });
  });

  describe("supply and withdraw", () => {
    it("credits the collateral, holds the tokens and emits Supply", async () => {
      const amount = units(10n, weth.decimals);
      await fund(world, weth, stranger, amount);
      const event = await eventOf(
        world.pool.connect(stranger).supply(weth.address, amount, borrower.address),
        world.pool.interface,
        "Supply",
      );
      expect(event.args.toArray()).toEqual([weth.address, stranger.address, borrower.address, amount]);
      expect(await world.pool.collateralOf(borrower.address, weth.address)).toBe(amount);
      expect(await weth.token.balanceOf(world.poolAddress)).toBe(amount);
    });

    it("withdraws everything with type(uint256).max when there is no debt", async () => {
      const amount = units(3n, weth.decimals);
      await supply(world, weth, borrower, amount);
      const pool = world.pool.connect(borrower);
      expect(await pool.withdraw.staticCall(weth.address, hre.ethers.MaxUint256, stranger.address)).toBe(
        amount,
      );
      const event = await eventOf(
        pool.withdraw(weth.address, hre.ethers.MaxUint256, stranger.address),
        pool.interface,
        "Withdraw",
      );
      expect(event.args.toArray()).toEqual([weth.address, borrower.address, stranger.address, amount]);
      expect(await weth.token.balanceOf(stranger.address)).toBe(amount);
      expect(await world.pool.collateralOf(borrower.address, weth.address)).toBe(0n);
    });

    it("refuses to withdraw more than was supplied", async () => {
      const amount = units(1n, weth.decimals);
      await supply(world, weth, borrower, amount);
      await expectRevert(
        world.pool.connect(borrower).withdraw(weth.address, amount + 1n, borrower.address),
        world.pool.interface,
        "InsufficientCollateral",
        [weth.address, amount, amount + 1n],
      );
    });
  });

  describe("account data and health factor", () => {
    it("has no debt, so a health factor of type(uint256).max", async () => {
      await supply(world, weth, borrower, units(1n, weth.decimals));
      const data = await accountData(borrower.address);
      expect(data.healthFactor).toBe(MAX_UINT256);
      expect(data.totalDebtBase).toBe(0n);
      expect(data.totalCollateralBase).toBe(usd(2_000n));
      expect(data.availableBorrowsBase).toBe((usd(2_000n) * weth.ltvBps) / 10_000n);
    });

    it("equals the formula over balances and feed answers, and the TypeScript mirror (one collateral)", async () => {
      await supply(world, weth, borrower, units(10n, weth.decimals));
      await world.pool.connect(borrower).borrow(usdc.address, units(12_345n, usdc.decimals));
      const data = await accountData(borrower.address);
      // 10 WETH × $2,000 × 82.5% / $12,345
      expect(data.healthFactor).toBe(await healthFactorFromChain(borrower.address));
      expect(data.healthFactor).toBe((usd(20_000n) * 8250n * 10n ** 18n) / (usd(12_345n) * 10_000n));
      expect(data).toEqual(await accountDataFromMirror(borrower.address));
      expect(data.currentLiquidationThreshold).toBe(weth.liquidationThresholdBps);
      expect(data.ltv).toBe(weth.ltvBps);
    });

    it("equals the formula over several collaterals and debts, with odd amounts", async () => {
      await supply(world, weth, borrower, 3_141_592_653_589_793_238n); // 3.14… WETH
      await supply(world, wbtc, borrower, 12_345_678n); // 0.123… WBTC
      await world.pool.connect(borrower).borrow(usdc.address, 2_718_281_828n); // 2,718.28… USDC
      await world.pool.connect(borrower).borrow(dai.address, 1_414_213_562_373_095_048_801n); // 1,414.21… DAI
      await weth.feed.updateAnswer(183_337_000_000n); // $1,833.37
      const data = await accountData(borrower.address);
      expect(data.healthFactor).toBe(await healthFactorFromChain(borrower.address));
      expect(data).toEqual(await accountDataFromMirror(borrower.address));
      // the averages are weighted by collateral value, so they lie between the two assets' parameters
      expect(data.currentLiquidationThreshold > wbtc.liquidationThresholdBps).toBe(true);
      expect(data.currentLiquidationThreshold < weth.liquidationThresholdBps).toBe(true);
    });
  });

  describe("borrow", () => {
    it("sends the tokens, records the debt and emits Borrow", async () => {
      await supply(world, weth, borrower, units(1n, weth.decimals));
      const amount = units(1_000n, usdc.decimals);
      const event = await eventOf(
        world.pool.connect(borrower).borrow(usdc.address, amount),
        world.pool.interface,
        "Borrow",
      );
      expect(event.args.toArray()).toEqual([usdc.address, borrower.address, borrower.address, amount]);
      expect(await usdc.token.balanceOf(borrower.address)).toBe(amount);
      expect(await world.pool.debtOf(borrower.address, usdc.address)).toBe(amount);
    });

    it("borrows exactly up to the LTV, and reverts BorrowExceedsLtv one unit beyond", async () => {
      await supply(world, weth, borrower, units(1n, weth.decimals));
      // 1 WETH × $2,000 × 80% = $1,600 = 1,600 USDC at $1
      const maxBorrow = (units(2_000n, usdc.decimals) * weth.ltvBps) / 10_000n;
      await expectRevert(
        world.pool.connect(borrower).borrow(usdc.address, maxBorrow + 1n),
        world.pool.interface,
        "BorrowExceedsLtv",
        [usd(1_600n) + 100n, usd(1_600n)], // one USDC base unit is 100 base-currency units
      );
      await world.pool.connect(borrower).borrow(usdc.address, maxBorrow);
      expect((await accountData(borrower.address)).availableBorrowsBase).toBe(0n);
      await expectRevert(
        world.pool.connect(borrower).borrow(dai.address, 1n),
        world.pool.interface,
        "BorrowExceedsLtv",
        [
          1n, // 1 wei of DAI is worth 1e-18 dollars: rounded up, a debt is never worth nothing
          0n,
        ],
      );
    });

    it("reverts InsufficientLiquidity beyond the pool's balance", async () => {
      await supply(world, wbtc, borrower, units(100n, wbtc.decimals)); // $6M of collateral
      const available = await usdc.token.balanceOf(world.poolAddress);
      await expectRevert(
        world.pool.connect(borrower).borrow(usdc.address, available + 1n),
        world.pool.interface,
        "InsufficientLiquidity",
        [usdc.address, available, available + 1n],
      );
    });
  });

  describe("withdraw with debt", () => {
    it("reverts HealthFactorTooLow with the health factor it would leave", async () => {
      await supply(world, weth, borrower, units(10n, weth.decimals));
      await world.pool.connect(borrower).borrow(usdc.address, units(15_000n, usdc.decimals));
      // 4 WETH left would be $8,000 × 82.5% = $6,600 against $15,000 of debt
      const withdrawn = units(6n, weth.decimals);
      const expected = (usd(8_000n) * weth.liquidationThresholdBps * 10n ** 18n) / (usd(15_000n) * 10_000n);
      await expectRevert(
        world.pool.connect(borrower).withdraw(weth.address, withdrawn, borrower.address),
        world.pool.interface,
        "HealthFactorTooLow",
        [expected],
      );
    });

    it("allows a withdrawal that keeps the health factor at 1 or more", async () => {
      await supply(world, weth, borrower, units(10n, weth.decimals));
      await world.pool.connect(borrower).borrow(usdc.address, units(15_000n, usdc.decimals));
      // keep the least collateral whose threshold value covers the debt: $15,000 / 82.5% ≈ $18,181.82,
      // i.e. about 9.09 WETH (both divisions rounded up, as collateral values round down)
      const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
      const requiredBase = ceilDiv(usd(15_000n) * 10_000n, weth.liquidationThresholdBps);
      const kept = ceilDiv(requiredBase * 10n ** weth.decimals, usd(2_000n));
      await world.pool
        .connect(borrower)
        .withdraw(weth.address, units(10n, weth.decimals) - kept, borrower.address);
      const healthFactor = (await accountData(borrower.address)).healthFactor;
      expect(healthFactor >= 10n ** 18n).toBe(true);
      expect(healthFactor).toBe(await healthFactorFromChain(borrower.address));
    });
  });

  describe("repay", () => {
    beforeEach(async () => {
      await supply(world, weth, borrower, units(10n, weth.decimals));
      await world.pool.connect(borrower).borrow(usdc.address, units(5_000n, usdc.decimals));
      await fund(world, usdc, stranger, units(10_000n, usdc.decimals));
    });

    it("repays part of the debt on behalf of someone else and emits Repay", async () => {
      const amount = units(2_000n, usdc.decimals);
      const pool = world.pool.connect(stranger);
      expect(await pool.repay.staticCall(usdc.address, amount, borrower.address)).toBe(amount);
      const event = await eventOf(
        pool.repay(usdc.address, amount, borrower.address),
        pool.interface,
        "Repay",
      );
      expect(event.args.toArray()).toEqual([usdc.address, borrower.address, stranger.address, amount]);
      expect(await world.pool.debtOf(borrower.address, usdc.address)).toBe(units(3_000n, usdc.decimals));
      expect(await usdc.token.balanceOf(stranger.address)).toBe(units(8_000n, usdc.decimals));
    });

    it("repays only the debt when asked for more, or for type(uint256).max", async () => {
      const pool = world.pool.connect(stranger);
      const debt = units(5_000n, usdc.decimals);
      expect(await pool.repay.staticCall(usdc.address, debt + 1n, borrower.address)).toBe(debt);
      await pool.repay(usdc.address, hre.ethers.MaxUint256, borrower.address);
      expect(await world.pool.debtOf(borrower.address, usdc.address)).toBe(0n);
      expect(await usdc.token.balanceOf(stranger.address)).toBe(units(5_000n, usdc.decimals));
      await expectRevert(pool.repay(usdc.address, 1n, borrower.address), pool.interface, "NoDebt", [
        borrower.address,
        usdc.address,
      ]);
    });
  });
});
