import { describe, expect, it } from "vitest";
import { getAmountOut } from "../../server/math/amm";
import { flashLiquidationProfit, gasCostInToken } from "../../server/math/liquidation";

const ether = 10n ** 18n;
const usdc = 10n ** 6n;
const usd = (dollars: bigint) => dollars * 10n ** 8n;

// 10 WETH against 16,000 USDC, the oracle at $1,900 (HF ≈ 0.98: half the debt may be covered),
// sold into a 1,000 WETH / 2,000,000 USDC pool with a 0.3% fee
const position = {
  userDebt: 16_000n * usdc,
  healthFactor: 979_687_500_000_000_000n,
  userCollateralBalance: 10n * ether,
  liquidationBonusBps: 10_500n,
  collateralPrice: usd(1_900n),
  debtPrice: usd(1n),
  collateralDecimals: 18n,
  debtDecimals: 6n,
  swap: { reserveIn: 1_000n * ether, reserveOut: 2_000_000n * usdc, feeBps: 30n },
};

describe("flash liquidation math", () => {
  it("covers what is asked below the close factor: 5,000 USDC buys 5,000 / 1,900 × 1.05 WETH", () => {
    const outcome = flashLiquidationProfit({ ...position, debtToCover: 5_000n * usdc });
    expect(outcome.debtCovered).toBe(5_000n * usdc);
    expect(outcome.collateralSeized).toBe(2_763_157_894_736_842_104n); // 2.631578947368421052 × 1.05, floored
    expect(outcome.flashFee).toBe(4_500_000n); // 0.09% of 5,000 USDC = 4.5 USDC
    expect(outcome.collateralSoldFor).toBe(
      getAmountOut(outcome.collateralSeized, position.swap.reserveIn, position.swap.reserveOut, 30n),
    );
    expect(outcome.profit).toBe(outcome.collateralSoldFor - outcome.debtCovered - outcome.flashFee);
    expect(outcome.profit).toBeGreaterThan(0n);
  });

  it("charges the fee on everything borrowed when the close factor covers only half", () => {
    const outcome = flashLiquidationProfit({ ...position, debtToCover: 16_000n * usdc });
    expect(outcome.debtCovered).toBe(8_000n * usdc);
    expect(outcome.flashFee).toBe(14_400_000n); // 0.09% of 16,000 USDC, not of the 8,000 covered
  });

  it("goes negative when the pool is too shallow to pay the bonus back", () => {
    const shallow = { reserveIn: 1n * ether, reserveOut: 2_000n * usdc, feeBps: 30n };
    const outcome = flashLiquidationProfit({ ...position, swap: shallow, debtToCover: 5_000n * usdc });
    expect(outcome.collateralSoldFor).toBeLessThan(2_000n * usdc); // never more than the pool holds
    expect(outcome.profit).toBeLessThan(0n);
  });
});

describe("gas cost in a token", () => {
  it("values 0.0032 ETH at $1,760 as 5.632 USDC", () => {
    // 0.0032 × 1,760 = 5.632 dollars, and a dollar is one USDC
    expect(gasCostInToken(32n * 10n ** 14n, usd(1_760n), usd(1n), 6n)).toBe(5_632_000n);
  });

  it("rounds up: a cost is never understated", () => {
    // 1 wei at $1,760 is 1.76e-15 USDC: less than one base unit, still one
    expect(gasCostInToken(1n, usd(1_760n), usd(1n), 6n)).toBe(1n);
    expect(gasCostInToken(0n, usd(1_760n), usd(1n), 6n)).toBe(0n);
  });

  it("converts into an 18-decimal token at its own price", () => {
    // 1 ETH at $2,000 in DAI at $0.50: 4,000 DAI
    expect(gasCostInToken(ether, usd(2_000n), usd(1n) / 2n, 18n)).toBe(4_000n * ether);
  });
});
