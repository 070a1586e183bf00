import { describe, expect, it } from "vitest";
import {
  AmmMathError,
  getAmountIn,
  getAmountOut,
  getAmountsIn,
  getAmountsOut,
  quote,
} from "../../server/math/amm";
import {
  amountsInFor,
  amountsOutFor,
  feeFactor,
  pairAcceptsSwap,
  RESERVE_GRID,
  uniswapV2AmountIn,
  uniswapV2AmountOut,
} from "../helpers/uniswapV2";

const FEES = [30n, 25n, 0n, 1_000n];

describe("server/math/amm.ts", () => {
  it("generalises Uniswap V2's 997/1000 to the fee", () => {
    expect(feeFactor(30n)).toEqual({ kept: 997n, whole: 1000n });
    expect(feeFactor(25n)).toEqual({ kept: 399n, whole: 400n });
  });

  it("getAmountOut equals the closed form, and is the largest output the pair accepts", () => {
    for (const feeBps of FEES)
      for (const [reserveIn, reserveOut] of RESERVE_GRID)
        for (const amountIn of amountsInFor(reserveIn)) {
          const out = getAmountOut(amountIn, reserveIn, reserveOut, feeBps);
          expect(out).toBe(uniswapV2AmountOut(amountIn, reserveIn, reserveOut, feeBps));
          expect(pairAcceptsSwap(amountIn, out, reserveIn, reserveOut, feeBps)).toBe(true);
          if (out + 1n < reserveOut)
            expect(pairAcceptsSwap(amountIn, out + 1n, reserveIn, reserveOut, feeBps)).toBe(false);
        }
  });

  it("getAmountIn equals the closed form, and always pays enough", () => {
    for (const feeBps of FEES)
      for (const [reserveIn, reserveOut] of RESERVE_GRID)
        for (const amountOut of amountsOutFor(reserveOut)) {
          const amountIn = getAmountIn(amountOut, reserveIn, reserveOut, feeBps);
          expect(amountIn).toBe(uniswapV2AmountIn(amountOut, reserveIn, reserveOut, feeBps));
          expect(pairAcceptsSwap(amountIn, amountOut, reserveIn, reserveOut, feeBps)).toBe(true);
          expect(getAmountOut(amountIn, reserveIn, reserveOut, feeBps)).toBeGreaterThanOrEqual(amountOut);
        }
  });

  it("quote converts at the reserves' ratio, rounded down", () => {
    expect(quote(10n, 3n, 7n)).toBe(23n);
    expect(quote(10n ** 18n, 100n * 10n ** 18n, 300_000n * 10n ** 6n)).toBe(3_000n * 10n ** 6n);
  });

  it("chains hops forwards and backwards", () => {
    const hops = [
      { reserveIn: 100n * 10n ** 18n, reserveOut: 300_000n * 10n ** 6n, feeBps: 30n },
      { reserveIn: 310_000n * 10n ** 6n, reserveOut: 100n * 10n ** 18n, feeBps: 25n },
    ];
    const amountIn = 10n ** 18n;
    const first = uniswapV2AmountOut(amountIn, hops[0]!.reserveIn, hops[0]!.reserveOut, 30n);
    const second = uniswapV2AmountOut(first, hops[1]!.reserveIn, hops[1]!.reserveOut, 25n);
    expect(getAmountsOut(amountIn, hops)).toEqual([amountIn, first, second]);

    const before = uniswapV2AmountIn(second, hops[1]!.reserveIn, hops[1]!.reserveOut, 25n);
    const start = uniswapV2AmountIn(before, hops[0]!.reserveIn, hops[0]!.reserveOut, 30n);
    expect(getAmountsIn(second, hops)).toEqual([start, before, second]);
  });

  it("refuses zero amounts, empty reserves and outputs of the whole reserve", () => {
    expect(() => getAmountOut(0n, 1n, 1n, 30n)).toThrow(AmmMathError);
    expect(() => getAmountOut(1n, 0n, 1n, 30n)).toThrow(/InsufficientLiquidity/);
    expect(() => getAmountIn(0n, 1n, 1n, 30n)).toThrow(/InsufficientOutputAmount/);
    expect(() => getAmountIn(5n, 10n, 5n, 30n)).toThrow(/InsufficientLiquidity/);
    expect(() => quote(0n, 1n, 1n)).toThrow(/InsufficientAmount/);
  });
});
