import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flashLiquidationProfit } from "../server/math/liquidation";
import type { AmmPair, FlashLiquidator } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import { addLiquidity, type Dex, deployDex, hopReserves, type Signer } from "./helpers/dex";
import {
  deployLendingWorld,
  eventOf,
  type LendingWorld,
  supply,
  type TestAsset,
  units,
  usd,
} from "./helpers/lending";
import { uniswapV2AmountOut } from "./helpers/uniswapV2";

const BPS = 10_000n;

describe("FlashLiquidator", () => {
  let world: LendingWorld;
  let weth: TestAsset;
  let usdc: TestAsset;
  let dex: Dex;
  let wethUsdc: AmmPair;
  let liquidator: FlashLiquidator;
  let liquidatorAddress: string;
  let routerAddress: string;
  let searcher: Signer;
  let borrower: Signer;
  let stranger: Signer;
  let revertToStart: () => Promise<void>;

  // 10 WETH at $2,000 backing 16,000 USDC: the most the 80% LTV allows (HF = 1.03125).
  const collateral = units(10n, 18n);
  const debt = units(16_000n, 6n);
  // The oracle drops to $1,900: HF = 10 × 1,900 × 82.5% / 16,000 ≈ 0.98, so half the debt may be covered.
  const droppedPrice = usd(1_900n);

  beforeAll(async () => {
    await enableAutomine();
    world = await deployLendingWorld();
    ({ WETH: weth, USDC: usdc } = world.assets);
    const [, lp, borrowerSigner, searcherSigner, strangerSigner] = await hre.ethers.getSigners();
    borrower = borrowerSigner!;
    searcher = searcherSigner!;
    stranger = strangerSigner!;

    // a deep WETH/USDC pool at $2,000 on a DEX with Uniswap V2's 0.3% fee
    dex = await deployDex("UniLike", 30n);
    routerAddress = await dex.router.getAddress();
    wethUsdc = await addLiquidity(
      dex,
      lp!,
      weth.token,
      usdc.token,
      units(1_000n, 18n),
      units(2_000_000n, 6n),
    );

    // the lending pool's USDC liquidity (what the flash loan borrows) and the borrower at the edge
    await supply(world, usdc, lp!, units(1_000_000n, usdc.decimals));
    await supply(world, weth, borrower, collateral);
    await world.pool.connect(borrower).borrow(usdc.address, debt);

    liquidator = (await hre.ethers.deployContract("FlashLiquidator", [
      searcher.address,
      world.poolAddress,
    ])) as unknown as FlashLiquidator;
    liquidatorAddress = await liquidator.getAddress();
    revertToStart = await takeSnapshot();
  });

  beforeEach(async () => {
    await revertToStart();
  });

  /**
   * The outcome computed independently of the contracts and of server/math: Aave's collateral formula
   * with the bonus, Uniswap V2's getAmountOut on the pair's current reserves, the fee on the amount borrowed.
   */
  async function independentOutcome(borrowed: bigint, debtCovered: bigint, price: bigint, pair: AmmPair) {
    const baseCollateral = (usd(1n) * debtCovered * 10n ** weth.decimals) / (price * 10n ** usdc.decimals);
    const collateralSeized = (baseCollateral * weth.liquidationBonusBps) / BPS;
    const { reserveIn, reserveOut, feeBps } = await hopReserves(pair, weth.token);
    const collateralSoldFor = uniswapV2AmountOut(collateralSeized, reserveIn, reserveOut, feeBps);
    const flashFee = (borrowed * (await world.pool.FLASH_LOAN_FEE_BPS())) / BPS;
    const profit = collateralSoldFor - debtCovered - flashFee;
    return { debtCovered, collateralSeized, collateralSoldFor, flashFee, profit };
  }

  /** The same outcome from server/math/liquidation.ts, fed with state read from the chain. */
  async function mirrorOutcome(borrowed: bigint, price: bigint, pair: AmmPair) {
    return flashLiquidationProfit({
      debtToCover: borrowed,
      userDebt: await world.pool.debtOf(borrower.address, usdc.address),
      healthFactor: (await world.pool.getUserAccountData(borrower.address)).healthFactor,
      userCollateralBalance: await world.pool.collateralOf(borrower.address, weth.address),
      liquidationBonusBps: weth.liquidationBonusBps,
      collateralPrice: price,
      debtPrice: usd(1n),
      collateralDecimals: weth.decimals,
      debtDecimals: usdc.decimals,
      swap: await hopReserves(pair, weth.token),
    });
  }

  async function balances() {
    return {
      searcherUsdc: await usdc.token.balanceOf(searcher.address),
      liquidatorUsdc: await usdc.token.balanceOf(liquidatorAddress),
      liquidatorWeth: await weth.token.balanceOf(liquidatorAddress),
      userDebt: await world.pool.debtOf(borrower.address, usdc.address),
      userCollateral: await world.pool.collateralOf(borrower.address, weth.address),
      feesCollected: await world.pool.flashLoanFeesCollected(usdc.address),
    };
  }

  /** Flash-liquidates with `borrowed`, checks every balance and the event against `expected`. */
  async function liquidateAndCheck(
    borrowed: bigint,
    expected: Awaited<ReturnType<typeof independentOutcome>>,
  ): Promise<void> {
    const before = await balances();
    expect(before.liquidatorUsdc).toBe(0n);
    expect(before.liquidatorWeth).toBe(0n);

    const event = await eventOf(
      liquidator
        .connect(searcher)
        .liquidate(weth.address, usdc.address, borrower.address, borrowed, routerAddress, expected.profit),
      liquidator.interface,
      "FlashLiquidated",
    );
    const after = await balances();

    expect(after.searcherUsdc - before.searcherUsdc).toBe(expected.profit);
    expect(after.liquidatorUsdc).toBe(0n);
    expect(after.liquidatorWeth).toBe(0n);
    expect(before.userDebt - after.userDebt).toBe(expected.debtCovered);
    expect(before.userCollateral - after.userCollateral).toBe(expected.collateralSeized);
    expect(after.feesCollected - before.feesCollected).toBe(expected.flashFee);
    expect(event.args.toArray()).toEqual([
      borrower.address,
      weth.address,
      usdc.address,
      expected.debtCovered,
      expected.collateralSeized,
      expected.collateralSoldFor,
      expected.flashFee,
      expected.profit,
    ]);
  }

  it("liquidates with no capital and pays the owner exactly sale − debt covered − flash fee", async () => {
    await weth.feed.updateAnswer(droppedPrice);
    const healthFactor = (await world.pool.getUserAccountData(borrower.address)).healthFactor;
    expect(healthFactor).toBeLessThan(10n ** 18n);

    const borrowed = units(5_000n, usdc.decimals); // below the close factor's cap of 8,000
    const expected = await independentOutcome(borrowed, borrowed, droppedPrice, wethUsdc);
    expect(expected.profit).toBeGreaterThan(0n);
    expect(await mirrorOutcome(borrowed, droppedPrice, wethUsdc)).toEqual(expected);
    // the static call answers the profit the transaction will make
    expect(
      await liquidator
        .connect(searcher)
        .liquidate.staticCall(weth.address, usdc.address, borrower.address, borrowed, routerAddress, 0n),
    ).toBe(expected.profit);

    await liquidateAndCheck(borrowed, expected);
  });

  it("repays the unspent loan when the close factor caps the debt covered, still to the wei", async () => {
    await weth.feed.updateAnswer(droppedPrice);
    const closeFactor = await world.pool.DEFAULT_LIQUIDATION_CLOSE_FACTOR();
    expect((await world.pool.getUserAccountData(borrower.address)).healthFactor).toBeGreaterThan(
      await world.pool.CLOSE_FACTOR_HF_THRESHOLD(),
    );

    const borrowed = debt; // asks for all of it …
    const debtCovered = (debt * closeFactor) / BPS; // … gets half; the fee is still on all that was borrowed
    expect(debtCovered).toBeLessThan(borrowed);
    const expected = await independentOutcome(borrowed, debtCovered, droppedPrice, wethUsdc);
    expect(await mirrorOutcome(borrowed, droppedPrice, wethUsdc)).toEqual(expected);

    await liquidateAndCheck(borrowed, expected);
  });

  it("bubbles up the pool's HealthFactorNotBelowThreshold for a healthy position", async () => {
    const healthFactor = (await world.pool.getUserAccountData(borrower.address)).healthFactor;
    expect(healthFactor).toBeGreaterThanOrEqual(10n ** 18n);
    await expectRevert(
      liquidator
        .connect(searcher)
        .liquidate(weth.address, usdc.address, borrower.address, debt / 4n, routerAddress, 0n),
      world.pool.interface,
      "HealthFactorNotBelowThreshold",
      [healthFactor],
    );
  });

  it("reverts InsufficientProfit with the exact profit when it is one wei short of minProfit", async () => {
    await weth.feed.updateAnswer(droppedPrice);
    const borrowed = units(5_000n, usdc.decimals);
    const { profit } = await independentOutcome(borrowed, borrowed, droppedPrice, wethUsdc);
    const before = await balances();
    await expectRevert(
      liquidator
        .connect(searcher)
        .liquidate(weth.address, usdc.address, borrower.address, borrowed, routerAddress, profit + 1n),
      liquidator.interface,
      "InsufficientProfit",
      [profit, profit + 1n],
    );
    expect(await balances()).toEqual(before);
  });

  it("reverts InsufficientProfit with the exact loss when the pool is too shallow to pay the bonus back", async () => {
    await weth.feed.updateAnswer(droppedPrice);
    const [, lp] = await hre.ethers.getSigners();
    // 1 WETH against 2,000 USDC: the price is $2,000, but selling 2.76 WETH into it moves it far down
    const shallowDex = await deployDex("Shallow", 30n);
    const shallowPair = await addLiquidity(
      shallowDex,
      lp!,
      weth.token,
      usdc.token,
      units(1n, 18n),
      units(2_000n, 6n),
    );
    const borrowed = units(5_000n, usdc.decimals);
    const { profit } = await independentOutcome(borrowed, borrowed, droppedPrice, shallowPair);
    expect(profit).toBeLessThan(0n);
    expect((await mirrorOutcome(borrowed, droppedPrice, shallowPair)).profit).toBe(profit);

    const before = await balances();
    await expectRevert(
      liquidator
        .connect(searcher)
        .liquidate(
          weth.address,
          usdc.address,
          borrower.address,
          borrowed,
          await shallowDex.router.getAddress(),
          0n,
        ),
      liquidator.interface,
      "InsufficientProfit",
      [profit, 0n],
    );
    expect(await balances()).toEqual(before);
  });

  it("lets only the owner liquidate", async () => {
    await weth.feed.updateAnswer(droppedPrice);
    await expectRevert(
      liquidator
        .connect(stranger)
        .liquidate(weth.address, usdc.address, borrower.address, debt / 4n, routerAddress, 0n),
      liquidator.interface,
      "OwnableUnauthorizedAccount",
      [stranger.address],
    );
  });

  it("refuses a callback from anyone but the pool, and a loan it did not ask for", async () => {
    await expectRevert(
      liquidator.connect(stranger).onFlashLoan(stranger.address, usdc.address, 1n, 0n, "0x"),
      liquidator.interface,
      "UntrustedLender",
      [stranger.address],
    );
    // a stranger asks the real pool to lend to the liquidator: the lender is right, the initiator is not
    await expectRevert(
      world.pool.connect(stranger).flashLoan(liquidatorAddress, usdc.address, 1_000_000n, "0x"),
      liquidator.interface,
      "UntrustedInitiator",
      [stranger.address],
    );
  });

  it("reports its lending pool and owner", async () => {
    expect(await liquidator.lendingPool()).toBe(world.poolAddress);
    expect(await liquidator.owner()).toBe(searcher.address);
  });
});
