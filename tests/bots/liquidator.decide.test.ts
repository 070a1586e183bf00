import { describe, expect, it } from "vitest";
import { PAYMENT_GAS } from "../../server/bots/kit/fees";
import { decide } from "../../server/bots/liquidator/decide";
import { withSealedBid } from "../../server/bots/liquidator/funding";
import { repriced } from "../../server/bots/liquidator/plan";
import { FLASH_LIQUIDATION_GAS, LIQUIDATION_CALL_GAS, TIP } from "../../server/bots/liquidator/settings";
import type { Asset, DexPool, LiquidationSnapshot, Position } from "../../server/bots/liquidator/types";
import { getAmountOut } from "../../server/math/amm";
import {
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  calculateUserAccountData,
  collateralValueInBase,
  debtValueInBase,
} from "../../server/math/lending";
import { flashLiquidationProfit, gasCostInToken } from "../../server/math/liquidation";
import { usdToWei } from "../../server/math/price";
import { BASE_FEE, units } from "../helpers/snapshots";

const usd = (dollars: bigint) => dollars * 10n ** 8n;
const WETH: Asset = {
  address: "0xWETH",
  symbol: "WETH",
  decimals: 18n,
  price: usd(1_500n),
  liquidationThresholdBps: 8_250n,
  liquidationBonusBps: 10_500n,
};
const USDC: Asset = {
  address: "0xUSDC",
  symbol: "USDC",
  decimals: 6n,
  price: usd(1n),
  liquidationThresholdBps: 8_000n,
  liquidationBonusBps: 10_450n,
};

/** The health factor the pool computes for `holdings`. */
function healthOf(holdings: Position["holdings"]): bigint {
  return calculateUserAccountData(
    holdings.map((h) => ({
      collateral: h.collateral,
      debt: h.debt,
      price: h.asset.price,
      decimals: h.asset.decimals,
      ltvBps: 0n,
      liquidationThresholdBps: h.asset.liquidationThresholdBps,
    })),
  ).healthFactor;
}

/** borrower: 10 WETH of collateral at $1,500 against 13,000 USDC of debt (health factor 0.952). */
function position(wethCollateral = units(10n, "WETH")): Position {
  const holdings = [
    { asset: WETH, collateral: wethCollateral, debt: 0n },
    { asset: USDC, collateral: 0n, debt: units(13_000n, "USDC") },
  ];
  return { user: "0xborrower", label: "borrower", healthFactor: healthOf(holdings), holdings };
}

const DEX_POOLS: DexPool[] = [
  {
    name: "DEX A WETH/USDC",
    router: "0xrouterA",
    token0: "0xWETH",
    token1: "0xUSDC",
    reserve0: units(1_000n, "WETH"),
    reserve1: units(1_500_000n, "USDC"),
    feeBps: 30n,
  },
  {
    name: "DEX B WETH/USDC",
    router: "0xrouterB",
    token0: "0xUSDC",
    token1: "0xWETH",
    reserve0: units(760_000n, "USDC"),
    reserve1: units(500n, "WETH"),
    feeBps: 30n,
  },
];

function snapshot(overrides: Partial<LiquidationSnapshot> = {}): LiquidationSnapshot {
  return {
    position: position(),
    poolHoldings: new Map([
      ["0xWETH", units(2_000n, "WETH")],
      ["0xUSDC", units(5_000_000n, "USDC")],
    ]),
    balances: new Map([
      ["0xWETH", 0n],
      ["0xUSDC", units(500_000n, "USDC")],
    ]),
    flashLiquidity: new Map([
      ["0xWETH", units(2_000n, "WETH")],
      ["0xUSDC", units(5_000_000n, "USDC")],
    ]),
    dexPools: DEX_POOLS,
    ethPrice: WETH.price,
    update: undefined,
    block: 40,
    nextBaseFee: BASE_FEE,
    ...overrides,
  };
}

/** The pool's liquidation by hand: half the debt (HF above 0.95), the collateral it buys at the bonus. */
function planByHand(p: Position) {
  const debtToCover = calculateActualDebtToLiquidate(
    units(13_000n, "USDC"),
    p.healthFactor,
    units(13_000n, "USDC"),
  );
  const { collateralAmount } = calculateAvailableCollateralToLiquidate({
    debtToCover,
    userCollateralBalance: p.holdings[0]!.collateral,
    liquidationBonusBps: 10_500n,
    collateralPrice: WETH.price,
    debtPrice: USDC.price,
    collateralDecimals: 18n,
    debtDecimals: 6n,
  });
  return { debtToCover, collateralAmount };
}

describe("liquidator decide (pure, from a snapshot)", () => {
  it("with its own USDC: repays half the debt for WETH at the bonus, profit at the oracle prices minus the gas", () => {
    const s = snapshot();
    expect(s.position.healthFactor).toBeLessThan(10n ** 18n);
    const choice = decide(s, { flash: false, bundled: false });
    if (choice.kind !== "liquidate") throw new Error(`expected a liquidation, got ${choice.reason}`);
    const { debtToCover, collateralAmount } = planByHand(s.position);
    expect(debtToCover).toBe(units(6_500n, "USDC"));
    expect(choice.plan).toMatchObject({ debtToCover, collateralAmount, closeFactor: 5_000n });
    const profit =
      collateralValueInBase(collateralAmount, WETH.price, 18n) - debtValueInBase(debtToCover, USDC.price, 6n);
    const gasUsd = debtValueInBase(LIQUIDATION_CALL_GAS * (BASE_FEE + TIP), WETH.price, 18n);
    expect(choice.funding).toMatchObject({ kind: "own", profit, gasUsd });
    expect(choice.netUsd).toBe(profit - gasUsd);
    expect(choice.inputs.liquidatorBalance).toBe("500,000 USDC");
  });

  it("refuses without the USDC to repay, naming what it needs and what it holds", () => {
    const s = snapshot({ balances: new Map([["0xUSDC", units(100n, "USDC")]]) });
    const choice = decide(s, { flash: false, bundled: false });
    expect(choice).toMatchObject({ kind: "refuse", reason: "no-capital" });
    if (choice.kind === "refuse")
      expect(choice.explanation).toBe(
        "Liquidating borrower needs 6,500 USDC, but the liquidator holds only 100 USDC.",
      );
  });

  it("refuses when the lending pool holds less collateral than it would pay out", () => {
    const s = snapshot({ poolHoldings: new Map([["0xWETH", units(1n, "WETH")]]) });
    expect(decide(s, { flash: false, bundled: false })).toMatchObject({
      kind: "refuse",
      reason: "pool-illiquid",
    });
  });

  it("refuses a position with debt but no collateral left: bad debt", () => {
    const s = snapshot({ position: { ...position(0n), healthFactor: 0n } });
    const choice = decide(s, { flash: false, bundled: false });
    expect(choice).toMatchObject({ kind: "refuse", reason: "no-collateral" });
  });

  it("with a flash loan: sells the collateral on the pool that pays the most, its minProfit the gas (plus the payment in a bundle)", () => {
    const s = snapshot();
    const choice = decide(s, { flash: true, bundled: true });
    if (choice.kind !== "liquidate" || choice.funding.kind !== "flash")
      throw new Error("expected a flash liquidation");
    const { debtToCover } = planByHand(s.position);
    const outcomes = DEX_POOLS.map((pool) => {
      const wethIsToken0 = pool.token0 === "0xWETH";
      const swap = {
        reserveIn: wethIsToken0 ? pool.reserve0 : pool.reserve1,
        reserveOut: wethIsToken0 ? pool.reserve1 : pool.reserve0,
        feeBps: 30n,
      };
      return flashLiquidationProfit({
        debtToCover,
        userDebt: units(13_000n, "USDC"),
        healthFactor: s.position.healthFactor,
        userCollateralBalance: units(10n, "WETH"),
        liquidationBonusBps: 10_500n,
        collateralPrice: WETH.price,
        debtPrice: USDC.price,
        collateralDecimals: 18n,
        debtDecimals: 6n,
        swap,
      });
    });
    const best = outcomes[0]!.collateralSoldFor >= outcomes[1]!.collateralSoldFor ? 0 : 1;
    expect(choice.funding.market.name).toBe(DEX_POOLS[best]!.name);
    expect(choice.funding.outcome).toEqual(outcomes[best]);
    expect(outcomes[best]!.collateralSoldFor).toBe(
      getAmountOut(
        outcomes[best]!.collateralSeized,
        choice.funding.market.swap.reserveIn,
        choice.funding.market.swap.reserveOut,
        30n,
      ),
    );
    // In a bundle: no tip, and the payment's gas counts.
    const gasWei = (FLASH_LIQUIDATION_GAS + PAYMENT_GAS) * BASE_FEE;
    const gasInDebt = gasCostInToken(gasWei, WETH.price, USDC.price, 6n);
    expect(choice.funding.minProfit).toBe(gasInDebt);
    const { plan, bid } = withSealedBid(choice, 5_000);
    expect(bid.wei).toBe(usdToWei(choice.netUsd, WETH.price, 5_000n));
    expect(plan.funding).toMatchObject({
      minProfit: gasInDebt + gasCostInToken(bid.wei, WETH.price, USDC.price, 6n),
    });
    expect(plan.inputs["bid share (bps)"]).toBe("5000");
  });

  it("reprices a position at a pending oracle update as the pool will compute it", () => {
    const now = position(units(12n, "WETH"));
    expect(now.healthFactor).toBeGreaterThan(10n ** 18n);
    const later = repriced(now, "0xWETH", usd(1_200n));
    expect(later.holdings[0]!.asset.price).toBe(usd(1_200n));
    expect(later.healthFactor).toBe(healthOf(later.holdings));
    expect(later.healthFactor).toBeLessThan(10n ** 18n);
  });
});
