import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getAmountsIn, getAmountsOut, quote } from "../server/math/amm";
import type { AmmPair, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  addLiquidity,
  addressesOf,
  type Dex,
  deployDex,
  deployToken,
  fund,
  hopReserves,
  latestTimestamp,
  NO_DEADLINE,
  namedSigners,
  pairOf,
  type Signer,
  setNextBlockTimestamp,
} from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

describe("AmmRouter: liquidity and swaps", () => {
  let dex: Dex;
  let weth: TestToken;
  let usdc: TestToken;
  let dai: TestToken;
  let wethUsdc: AmmPair;
  let usdcDai: AmmPair;
  let lp: Signer;
  let alice: Signer;
  let bob: Signer;
  let revert: () => Promise<void>;

  beforeAll(async () => {
    await enableAutomine();
    ({ lp, alice, bob } = await namedSigners());
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
    dai = await deployToken("DAI", 18);
    dex = await deployDex("UniLike", 30n);
    wethUsdc = await addLiquidity(dex, lp, weth, usdc, 100n * WETH, 300_000n * USDC);
    usdcDai = await addLiquidity(dex, lp, usdc, dai, 500_000n * USDC, 500_000n * WETH);
    revert = await takeSnapshot();
  });

  beforeEach(async () => {
    await revert();
  });

  /** Funds `who` with `amount` of `token` and lets the router spend it. */
  async function fundAndApprove(who: Signer, token: TestToken, amount: bigint) {
    await fund(token, who.address, amount);
    await token.connect(who).approve(await dex.router.getAddress(), amount);
  }

  describe("liquidity", () => {
    it("deposits at the pool's ratio and mints LP tokens in proportion", async () => {
      const { reserveIn: reserveWeth, reserveOut: reserveUsdc } = await hopReserves(wethUsdc, weth);
      const supply = await wethUsdc.totalSupply();
      await fundAndApprove(alice, weth, 10n * WETH);
      await fundAndApprove(alice, usdc, 40_000n * USDC);

      const expectedUsdc = quote(10n * WETH, reserveWeth, reserveUsdc);
      await dex.router
        .connect(alice)
        .addLiquidity(
          await weth.getAddress(),
          await usdc.getAddress(),
          10n * WETH,
          40_000n * USDC,
          0n,
          0n,
          alice.address,
          NO_DEADLINE,
        );
      expect(await usdc.balanceOf(alice.address)).toBe(40_000n * USDC - expectedUsdc);
      expect(await weth.balanceOf(alice.address)).toBe(0n);
      expect(await wethUsdc.balanceOf(alice.address)).toBe((10n * WETH * supply) / reserveWeth);
    });

    it("reverts InsufficientBAmount / InsufficientAAmount with the amount it would use and the minimum", async () => {
      const [wethAddress, usdcAddress] = await addressesOf(weth, usdc);
      const optimalUsdc = quote(WETH, 100n * WETH, 300_000n * USDC);
      await expectRevert(
        dex.router.addLiquidity(
          wethAddress,
          usdcAddress,
          WETH,
          10_000n * USDC,
          0n,
          optimalUsdc + 1n,
          alice.address,
          NO_DEADLINE,
        ),
        dex.router.interface,
        "InsufficientBAmount",
        [optimalUsdc, optimalUsdc + 1n],
      );
      const optimalWeth = quote(3_000n * USDC, 300_000n * USDC, 100n * WETH);
      await expectRevert(
        dex.router.addLiquidity(
          wethAddress,
          usdcAddress,
          10n * WETH,
          3_000n * USDC,
          optimalWeth + 1n,
          0n,
          alice.address,
          NO_DEADLINE,
        ),
        dex.router.interface,
        "InsufficientAAmount",
        [optimalWeth, optimalWeth + 1n],
      );
    });

    it("removes liquidity for the LP's share of both reserves", async () => {
      const liquidity = (await wethUsdc.balanceOf(lp.address)) / 4n;
      const supply = await wethUsdc.totalSupply();
      const { reserveIn: reserveWeth, reserveOut: reserveUsdc } = await hopReserves(wethUsdc, weth);
      const [wethBefore, usdcBefore] = [await weth.balanceOf(lp.address), await usdc.balanceOf(lp.address)];
      await wethUsdc.connect(lp).approve(await dex.router.getAddress(), liquidity);

      await dex.router
        .connect(lp)
        .removeLiquidity(
          await weth.getAddress(),
          await usdc.getAddress(),
          liquidity,
          0n,
          0n,
          lp.address,
          NO_DEADLINE,
        );
      expect((await weth.balanceOf(lp.address)) - wethBefore).toBe((liquidity * reserveWeth) / supply);
      expect((await usdc.balanceOf(lp.address)) - usdcBefore).toBe((liquidity * reserveUsdc) / supply);
    });

    it("reverts removeLiquidity below the minimum with InsufficientAAmount(amountA, amountAMin)", async () => {
      const liquidity = 10n ** 9n;
      const { reserveIn: reserveWeth } = await hopReserves(wethUsdc, weth);
      const expectedWeth = (liquidity * reserveWeth) / (await wethUsdc.totalSupply());
      await wethUsdc.connect(lp).approve(await dex.router.getAddress(), liquidity);
      await expectRevert(
        dex.router
          .connect(lp)
          .removeLiquidity(
            await weth.getAddress(),
            await usdc.getAddress(),
            liquidity,
            expectedWeth + 1n,
            0n,
            lp.address,
            NO_DEADLINE,
          ),
        dex.router.interface,
        "InsufficientAAmount",
        [expectedWeth, expectedWeth + 1n],
      );
    });
  });

  describe("swaps", () => {
    it.each([
      ["1 wei of USDC for WETH", 1n, "USDC→WETH"],
      ["a small trade", 10n ** 15n, "WETH→USDC→DAI"],
      ["1 WETH", WETH, "WETH→USDC→DAI"],
      ["half the reserve", 50n * WETH, "WETH→USDC→DAI"],
      ["ten times the reserve", 1_000n * WETH, "WETH→USDC→DAI"],
    ])("swapExactTokensForTokens delivers exactly getAmountsOut: %s", async (_label, amountIn, route) => {
      const [tokens, pairs] =
        route === "USDC→WETH"
          ? [[usdc, weth], [wethUsdc]]
          : [
              [weth, usdc, dai],
              [wethUsdc, usdcDai],
            ];
      const path = await addressesOf(...tokens);
      const hops = await Promise.all(pairs.map((pair, i) => hopReserves(pair, tokens[i]!)));
      const expected = getAmountsOut(amountIn, hops);
      expect(expected.at(-1)).toBeGreaterThan(0n);
      expect(await dex.router.getAmountsOut(amountIn, path)).toEqual(expected);
      const [tokenIn, tokenOut] = [tokens[0]!, tokens.at(-1)!];
      await fundAndApprove(alice, tokenIn, amountIn);

      await dex.router.connect(alice).swapExactTokensForTokens(amountIn, 0n, path, bob.address, NO_DEADLINE);
      expect(await tokenOut.balanceOf(bob.address)).toBe(expected.at(-1));
      expect(await tokenIn.balanceOf(alice.address)).toBe(0n);
    });

    it("lets the pair refuse a swap whose output rounds down to zero", async () => {
      const path = await addressesOf(weth, usdc);
      expect(await dex.router.getAmountsOut(1n, path)).toEqual([1n, 0n]);
      await fundAndApprove(alice, weth, 1n);
      await expectRevert(
        dex.router.connect(alice).swapExactTokensForTokens(1n, 0n, path, bob.address, NO_DEADLINE),
        wethUsdc.interface,
        "InsufficientOutputAmount",
        [],
      );
    });

    it("swapTokensForExactTokens takes exactly getAmountsIn and delivers the exact output", async () => {
      const path = await addressesOf(dai, usdc, weth);
      const amountOut = 2n * WETH;
      const expected = getAmountsIn(amountOut, [
        await hopReserves(usdcDai, dai),
        await hopReserves(wethUsdc, usdc),
      ]);
      expect(await dex.router.getAmountsIn(amountOut, path)).toEqual(expected);
      await fundAndApprove(alice, dai, expected[0]! + 1n);

      await dex.router
        .connect(alice)
        .swapTokensForExactTokens(amountOut, expected[0]!, path, bob.address, NO_DEADLINE);
      expect(await weth.balanceOf(bob.address)).toBe(amountOut);
      expect(await dai.balanceOf(alice.address)).toBe(1n);
    });

    it("buys all but one wei of a small pool's reserve", async () => {
      const [tiny0, tiny1] = [await deployToken("T0", 6), await deployToken("T1", 6)];
      const tinyPair = await addLiquidity(dex, lp, tiny0, tiny1, 10n ** 6n, 10n ** 6n);
      const hop = await hopReserves(tinyPair, tiny0);
      const amountOut = hop.reserveOut - 1n;
      const [amountIn] = getAmountsIn(amountOut, [hop]);
      await fundAndApprove(alice, tiny0, amountIn!);

      await dex.router
        .connect(alice)
        .swapTokensForExactTokens(
          amountOut,
          amountIn!,
          await addressesOf(tiny0, tiny1),
          bob.address,
          NO_DEADLINE,
        );
      expect(await tiny1.balanceOf(bob.address)).toBe(amountOut);
      expect((await hopReserves(tinyPair, tiny0)).reserveOut).toBe(1n);
    });
  });

  describe("protections", () => {
    it("reverts InsufficientOutputAmount(amountOut, amountOutMin) when the output is below the minimum", async () => {
      const path = await addressesOf(weth, usdc);
      const [, amountOut] = getAmountsOut(WETH, [await hopReserves(wethUsdc, weth)]);
      await fundAndApprove(alice, weth, WETH);
      await expectRevert(
        dex.router
          .connect(alice)
          .swapExactTokensForTokens(WETH, amountOut! + 1n, path, alice.address, NO_DEADLINE),
        dex.router.interface,
        "InsufficientOutputAmount",
        [amountOut, amountOut! + 1n],
      );
    });

    it("reverts ExcessiveInputAmount(amountIn, amountInMax) when the input is above the maximum", async () => {
      const path = await addressesOf(usdc, weth);
      const [amountIn] = getAmountsIn(WETH, [await hopReserves(wethUsdc, usdc)]);
      await fundAndApprove(alice, usdc, amountIn!);
      await expectRevert(
        dex.router
          .connect(alice)
          .swapTokensForExactTokens(WETH, amountIn! - 1n, path, alice.address, NO_DEADLINE),
        dex.router.interface,
        "ExcessiveInputAmount",
        [amountIn, amountIn! - 1n],
      );
    });

    it("reverts Expired(deadline, timestamp) after the deadline", async () => {
      const path = await addressesOf(weth, usdc);
      await fundAndApprove(alice, weth, WETH);
      const timestamp = (await latestTimestamp()) + 100n;
      await setNextBlockTimestamp(timestamp);
      await expectRevert(
        dex.router.connect(alice).swapExactTokensForTokens(WETH, 0n, path, alice.address, timestamp - 1n),
        dex.router.interface,
        "Expired",
        [timestamp - 1n, timestamp],
      );
    });

    it("reverts InvalidPath for a path of one token and PairNotFound for a missing pair", async () => {
      await expectRevert(
        dex.router.getAmountsOut(WETH, [await weth.getAddress()]),
        dex.router.interface,
        "InvalidPath",
      );
      const [wethAddress, daiAddress] = await addressesOf(weth, dai);
      await expectRevert(
        dex.router.getAmountsIn(WETH, [wethAddress, daiAddress]),
        dex.router.interface,
        "PairNotFound",
        [wethAddress, daiAddress],
      );
    });
  });

  it("creates a missing pair when liquidity is first added", async () => {
    const [wethAddress, daiAddress] = await addressesOf(weth, dai);
    expect(await dex.factory.getPair(wethAddress, daiAddress)).toBe(hre.ethers.ZeroAddress);
    const pair = await addLiquidity(dex, lp, weth, dai, WETH, 3_000n * WETH);
    expect(await pair.getAddress()).toBe(await dex.factory.getPair(daiAddress, wethAddress));
    expect(await (await pairOf(dex.factory, weth, dai)).totalSupply()).toBeGreaterThan(0n);
  });
});
