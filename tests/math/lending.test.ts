import { describe, expect, it } from "vitest";
import {
  CLOSE_FACTOR_HF_THRESHOLD,
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  calculateHealthFactor,
  calculateUserAccountData,
  closeFactorFor,
  collateralValueInBase,
  DEFAULT_LIQUIDATION_CLOSE_FACTOR,
  debtValueInBase,
  FLASH_LOAN_FEE_BPS,
  flashFee,
  MAX_LIQUIDATION_CLOSE_FACTOR,
  MAX_UINT256,
  percentDiv,
  percentMul,
  WAD,
} from "../../server/math/lending";

const ether = 10n ** 18n;
const usd = (dollars: bigint) => dollars * 10n ** 8n;

describe("lending math", () => {
  it("rounds percentages down", () => {
    expect(percentMul(10_001n, 5_000n)).toBe(5_000n); // 5,000.5
    expect(percentDiv(10_000n, 10_500n)).toBe(9_523n); // 9,523.8…
    expect(percentMul(3n, 10_000n)).toBe(3n);
  });

  it("values collateral rounded down and debt rounded up", () => {
    // 1 wei of an 18-decimal token at $1 is worth 1e-18 dollars: 0 as collateral, 1e-8 as debt
    expect(collateralValueInBase(1n, usd(1n), 18n)).toBe(0n);
    expect(debtValueInBase(1n, usd(1n), 18n)).toBe(1n);
    // exact amounts agree
    expect(collateralValueInBase(2n * ether, usd(2_000n), 18n)).toBe(usd(4_000n));
    expect(debtValueInBase(2n * ether, usd(2_000n), 18n)).toBe(usd(4_000n));
  });

  it("computes the health factor: Σ collateral × threshold / debt", () => {
    // $20,000 at 82.5% against $16,000 = 1.03125
    expect(calculateHealthFactor(usd(20_000n) * 8_250n, usd(16_000n))).toBe(1_031_250_000_000_000_000n);
    expect(calculateHealthFactor(usd(1n), 0n)).toBe(MAX_UINT256);
    expect(calculateHealthFactor(usd(16_000n) * 10_000n, usd(16_000n))).toBe(WAD);
  });

  it("weights LTV and threshold by collateral value over several assets", () => {
    const data = calculateUserAccountData([
      // 1 WETH at $2,000 (80% / 82.5%) and 0.1 WBTC at $60,000 (73% / 78%), 5,000 USDC of debt
      {
        collateral: ether,
        debt: 0n,
        price: usd(2_000n),
        decimals: 18n,
        ltvBps: 8_000n,
        liquidationThresholdBps: 8_250n,
      },
      {
        collateral: 10n ** 7n,
        debt: 0n,
        price: usd(60_000n),
        decimals: 8n,
        ltvBps: 7_300n,
        liquidationThresholdBps: 7_800n,
      },
      {
        collateral: 0n,
        debt: 5_000n * 10n ** 6n,
        price: usd(1n),
        decimals: 6n,
        ltvBps: 7_700n,
        liquidationThresholdBps: 8_000n,
      },
    ]);
    expect(data.totalCollateralBase).toBe(usd(8_000n));
    expect(data.totalDebtBase).toBe(usd(5_000n));
    // LTV: (2,000 × 80% + 6,000 × 73%) / 8,000 = 74.75%; borrowing power $5,980
    expect(data.ltv).toBe(7_475n);
    expect(data.availableBorrowsBase).toBe(usd(980n));
    // threshold: (2,000 × 82.5% + 6,000 × 78%) / 8,000 = 79.125% → 7,912 bps rounded down
    expect(data.currentLiquidationThreshold).toBe(7_912n);
    // HF = $6,330 / $5,000 = 1.266, without the average's rounding
    expect(data.healthFactor).toBe(1_266_000_000_000_000_000n);
  });

  it("has no collateral and no debt: zero figures and an infinite health factor", () => {
    const data = calculateUserAccountData([]);
    expect(data).toEqual({
      totalCollateralBase: 0n,
      totalDebtBase: 0n,
      availableBorrowsBase: 0n,
      currentLiquidationThreshold: 0n,
      ltv: 0n,
      healthFactor: MAX_UINT256,
    });
  });

  it("closes half the debt above HF 0.95 and all of it at or below", () => {
    expect(CLOSE_FACTOR_HF_THRESHOLD).toBe((95n * WAD) / 100n);
    expect(closeFactorFor(CLOSE_FACTOR_HF_THRESHOLD + 1n)).toBe(DEFAULT_LIQUIDATION_CLOSE_FACTOR);
    expect(closeFactorFor(CLOSE_FACTOR_HF_THRESHOLD)).toBe(MAX_LIQUIDATION_CLOSE_FACTOR);
    expect(calculateActualDebtToLiquidate(1_001n, WAD - 1n, MAX_UINT256)).toBe(500n); // 500.5 rounded down
    expect(calculateActualDebtToLiquidate(1_001n, WAD - 1n, 300n)).toBe(300n);
    expect(calculateActualDebtToLiquidate(1_001n, CLOSE_FACTOR_HF_THRESHOLD, MAX_UINT256)).toBe(1_001n);
  });

  it("gives the liquidator the debt's worth of collateral plus the bonus", () => {
    // 10,000 DAI repaid, WBTC at $50,000 with a 10% bonus: 0.2 WBTC × 1.1 = 0.22 WBTC
    const result = calculateAvailableCollateralToLiquidate({
      debtToCover: 10_000n * ether,
      userCollateralBalance: 10n ** 8n,
      liquidationBonusBps: 11_000n,
      collateralPrice: usd(50_000n),
      debtPrice: usd(1n),
      collateralDecimals: 8n,
      debtDecimals: 18n,
    });
    expect(result).toEqual({ collateralAmount: 22_000_000n, debtAmountNeeded: 10_000n * ether });
  });

  it("seizes all the collateral and covers less debt when the collateral runs out", () => {
    // 1,000 USDC would buy 0.525 WETH at $2,000 with +5%, but the user has only 0.5
    const result = calculateAvailableCollateralToLiquidate({
      debtToCover: 1_000n * 10n ** 6n,
      userCollateralBalance: ether / 2n,
      liquidationBonusBps: 10_500n,
      collateralPrice: usd(2_000n),
      debtPrice: usd(1n),
      collateralDecimals: 18n,
      debtDecimals: 6n,
    });
    // 0.5 WETH is $1,000 of collateral, which pays for $1,000 / 1.05 = 952.380952 USDC of debt
    expect(result).toEqual({ collateralAmount: ether / 2n, debtAmountNeeded: 952_380_952n });
  });

  it("charges 9 bps on flash loans, rounded down", () => {
    expect(FLASH_LOAN_FEE_BPS).toBe(9n);
    expect(flashFee(10_000n)).toBe(9n);
    expect(flashFee(1_111n)).toBe(0n);
    expect(flashFee(1_000_000n * 10n ** 6n)).toBe(900n * 10n ** 6n);
  });
});
