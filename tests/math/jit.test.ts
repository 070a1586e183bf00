import { describe, expect, it } from "vitest";
import { getAmountOut } from "../../server/math/amm";
import {
  addLiquidityAmounts,
  burnAmounts,
  jitFeeShare,
  mintLiquidity,
  planJit,
  simulateJit,
  valueIn,
} from "../../server/math/jit";

const E18 = 10n ** 18n;
// DEX A WETH/USDC at start: 1,000 WETH and 2,000,000 USDC, supply sqrt(1000e18·2e12).
const pool = {
  reserveIn: 1000n * E18,
  reserveOut: 2_000_000n * 10n ** 6n,
  totalSupply: 44_721_359_549_995_793n,
};

describe("JIT liquidity math", () => {
  it("addLiquidityAmounts takes the desired amount of one token and the other at the pool's ratio", () => {
    expect(addLiquidityAmounts(10n * E18, 10n ** 12n, pool.reserveIn, pool.reserveOut)).toEqual({
      amountA: 10n * E18,
      amountB: 20_000n * 10n ** 6n,
    });
    // Too little B for 10 WETH: all the B, and A at the ratio.
    expect(addLiquidityAmounts(10n * E18, 2_000n * 10n ** 6n, pool.reserveIn, pool.reserveOut)).toEqual({
      amountA: E18,
      amountB: 2_000n * 10n ** 6n,
    });
  });

  it("mintLiquidity and burnAmounts are pro rata, rounded down", () => {
    expect(mintLiquidity(1000n, 2001n, 1000n, 2000n, 77n)).toBe(77n);
    expect(mintLiquidity(999n, 2000n, 1000n, 2000n, 77n)).toBe(76n); // 999·77/1000 = 76.9
    expect(burnAmounts(1n, 10n, 21n, 3n)).toEqual({ amount0: 3n, amount1: 7n });
  });

  it("doubling the pool gives half of the swap's input, and half its fee, to the provider", () => {
    const v = 50n * E18;
    const o = simulateJit({
      ...pool,
      feeBps: 30n,
      victimAmountIn: v,
      depositInDesired: pool.reserveIn,
      depositOutDesired: pool.reserveOut,
    });
    expect(o.liquidity).toBe(pool.totalSupply);
    expect(o.deltaIn).toBe(v / 2n);
    expect(o.victimOut).toBe(getAmountOut(v, 2n * pool.reserveIn, 2n * pool.reserveOut, 30n));
    // burn rounds the provider's half of (2·Rout − out) down: it pays ⌈out/2⌉
    expect(o.deltaOut).toBe(-((o.victimOut + 1n) / 2n));
    expect(o.feeShare).toBe(jitFeeShare(v, 30n, o.liquidity, o.supply));
    expect(o.feeShare).toBe((v * 30n) / 20_000n);
    // Worth more at the price before the swap than after it: the provider bought the in token.
    expect(o.valueBefore).toBeGreaterThan(o.feeShare);
    expect(o.valueAfter).toBeLessThan(0n);
  });

  it("valueIn rounds down, negative values included", () => {
    expect(valueIn(5n, -3n, 1n, 2n)).toBe(3n); // 5 − 1.5 = 3.5
    expect(valueIn(1n, -3n, 1n, 2n)).toBe(-1n); // 1 − 1.5 = −0.5
  });

  it("planJit declines when the fee share does not pay the gas, and bids half of what is left otherwise", () => {
    const params = {
      ...pool,
      feeBps: 30n,
      victimAmountIn: E18,
      depositInDesired: pool.reserveIn,
      depositOutDesired: pool.reserveOut,
    };
    const fee = (E18 * 30n) / 20_000n;
    expect(planJit(params, fee, 5_000n)).toMatchObject({ kind: "skip", reason: "fee-share-below-gas" });
    const decision = planJit(params, fee / 2n, 5_000n);
    expect(decision.kind).toBe("jit");
    if (decision.kind === "jit") {
      expect(decision.bid).toBe((fee - fee / 2n) / 2n);
      expect(decision.netProfit).toBe(decision.outcome.valueBefore - fee / 2n - decision.bid);
    }
    expect(planJit({ ...params, depositInDesired: 0n }, 0n, 5_000n)).toEqual({
      kind: "skip",
      reason: "no-liquidity-minted",
    });
  });
});
