import { describe, expect, it } from "vitest";
import { getAmountOut, quote } from "../../server/math/amm";
import { createRandom } from "../../server/math/random";
import { swapCost } from "../../server/math/receipt";

describe("swapCost: the victim's receipt", () => {
  it("splits 10 WETH sold into 1,000 WETH / 2,000,000 USDC, sandwiched, into parts that add up", () => {
    const [amountIn, reserveIn, reserveOut] = [10n * 10n ** 18n, 1_000n * 10n ** 18n, 2_000_000n * 10n ** 6n];
    const amountOutNoAttack = getAmountOut(amountIn, reserveIn, reserveOut, 30n);
    const cost = swapCost({
      amountIn,
      reserveIn,
      reserveOut,
      feeBps: 30n,
      amountOutNoAttack,
      amountOut: 19_348_297_473n,
      gasUsed: 99_490n,
      effectiveGasPrice: 32n * 10n ** 9n,
    });
    expect(cost.amountOutIdeal).toBe(20_000n * 10n ** 6n);
    expect(cost.amountOutNoFee).toBe(19_801_980_198n);
    expect(cost.amountOutNoAttack).toBe(19_743_160_687n);
    expect([cost.lpFee, cost.priceImpact, cost.mevLoss]).toEqual([58_819_511n, 198_019_802n, 394_863_214n]);
    expect(cost.pnl).toBe(-651_702_527n);
    expect(cost.gasCost).toBe(99_490n * 32n * 10n ** 9n);
  });

  it("adds up exactly, to the base unit, on any pool and trade", () => {
    const random = createRandom("receipt");
    const draw = (max: bigint) => random.bigint(1n, max);
    for (let i = 0; i < 500; i++) {
      const [reserveIn, reserveOut] = [draw(10n ** 27n), draw(10n ** 27n)];
      const amountIn = draw(reserveIn);
      const feeBps = draw(100n);
      const amountOutNoAttack = getAmountOut(amountIn, reserveIn, reserveOut, feeBps);
      const amountOut = random.bigint(0n, amountOutNoAttack);
      const cost = swapCost({
        amountIn,
        reserveIn,
        reserveOut,
        feeBps,
        amountOutNoAttack,
        amountOut,
        gasUsed: 100_000n,
        effectiveGasPrice: 1n,
      });
      expect(cost.amountOutIdeal).toBe(quote(amountIn, reserveIn, reserveOut));
      expect(cost.lpFee + cost.priceImpact + cost.mevLoss).toBe(-cost.pnl);
      expect(cost.pnl).toBe(amountOut - cost.amountOutIdeal);
      expect(cost.lpFee).toBeGreaterThanOrEqual(0n);
      expect(cost.priceImpact).toBeGreaterThanOrEqual(0n);
    }
  });
});
