import { beforeAll, describe, expect, it } from "vitest";
import { getAmountIn, getAmountOut, quote } from "../server/math/amm";
import { enableAutomine, expectRevert } from "./helpers/chain";
import { type Dex, deployDex } from "./helpers/dex";
import {
  amountsInFor,
  amountsOutFor,
  RESERVE_GRID,
  uniswapV2AmountIn,
  uniswapV2AmountOut,
} from "./helpers/uniswapV2";

describe.each([
  ["UniLike", 30n],
  ["SushiLike", 25n],
])("AmmRouter quotes on a %s factory (%i bps)", (name, feeBps) => {
  let dex: Dex;

  beforeAll(async () => {
    await enableAutomine();
    dex = await deployDex(name, feeBps);
  });

  it("uses its factory's fee", async () => {
    expect(await dex.factory.swapFeeBps()).toBe(feeBps);
  });

  it("getAmountOut equals Uniswap V2's closed form and server/math/amm.ts, to the wei", async () => {
    for (const [reserveIn, reserveOut] of RESERVE_GRID) {
      const amountsIn = amountsInFor(reserveIn);
      const onChain = await Promise.all(
        amountsIn.map((amountIn) => dex.router.getAmountOut(amountIn, reserveIn, reserveOut)),
      );
      amountsIn.forEach((amountIn, i) => {
        expect(onChain[i]).toBe(uniswapV2AmountOut(amountIn, reserveIn, reserveOut, feeBps));
        expect(onChain[i]).toBe(getAmountOut(amountIn, reserveIn, reserveOut, feeBps));
      });
    }
  });

  it("getAmountIn equals Uniswap V2's closed form and server/math/amm.ts, to the wei", async () => {
    for (const [reserveIn, reserveOut] of RESERVE_GRID) {
      const amountsOut = amountsOutFor(reserveOut);
      const onChain = await Promise.all(
        amountsOut.map((amountOut) => dex.router.getAmountIn(amountOut, reserveIn, reserveOut)),
      );
      amountsOut.forEach((amountOut, i) => {
        expect(onChain[i]).toBe(uniswapV2AmountIn(amountOut, reserveIn, reserveOut, feeBps));
        expect(onChain[i]).toBe(getAmountIn(amountOut, reserveIn, reserveOut, feeBps));
      });
    }
  });

  it("quote equals server/math/amm.ts", async () => {
    for (const [reserveA, reserveB] of RESERVE_GRID) {
      for (const amountA of amountsInFor(reserveA)) {
        expect(await dex.router.quote(amountA, reserveA, reserveB)).toBe(quote(amountA, reserveA, reserveB));
      }
    }
  });

  it("refuses what server/math/amm.ts refuses, with the library's errors", async () => {
    const iface = dex.router.interface;
    await expectRevert(dex.router.getAmountOut(0n, 1n, 1n), iface, "InsufficientInputAmount");
    await expectRevert(dex.router.getAmountOut(1n, 0n, 1n), iface, "InsufficientLiquidity");
    await expectRevert(dex.router.getAmountIn(0n, 1n, 1n), iface, "InsufficientOutputAmount", []);
    await expectRevert(dex.router.getAmountIn(5n, 10n, 5n), iface, "InsufficientLiquidity");
    await expectRevert(dex.router.quote(0n, 1n, 1n), iface, "InsufficientAmount");
  });
});
