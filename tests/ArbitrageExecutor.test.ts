import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getAmountsOut } from "../server/math/amm";
import type { AmmPair, ArbitrageExecutor, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  addLiquidity,
  addressesOf,
  deployDex,
  deployToken,
  fund,
  hopReserves,
  namedSigners,
  type Signer,
} from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;
const DAI = 10n ** 18n;

/** One leg of a cycle: swap `tokenIn` for `tokenOut` in `pair`. */
interface Leg {
  pair: AmmPair;
  tokenIn: TestToken;
  tokenOut: TestToken;
}

describe("ArbitrageExecutor", () => {
  let weth: TestToken;
  let usdc: TestToken;
  let dai: TestToken;
  let uniWethUsdc: AmmPair;
  let sushiWethUsdc: AmmPair;
  let sushiWethDai: AmmPair;
  let uniUsdcDai: AmmPair;
  let executor: ArbitrageExecutor;
  let executorAddress: string;
  let searcher: Signer;
  let alice: Signer;
  let revert: () => Promise<void>;

  const capital = 10_000n * USDC;

  beforeAll(async () => {
    await enableAutomine();
    const signers = await namedSigners();
    ({ searcher, alice } = signers);
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
    dai = await deployToken("DAI", 18);
    const uni = await deployDex("UniLike", 30n);
    const sushi = await deployDex("SushiLike", 25n);
    // WETH costs 3,000 USDC on UniLike but 3,100 on SushiLike (and 3,200 DAI there): a price gap.
    uniWethUsdc = await addLiquidity(uni, signers.lp, weth, usdc, 100n * WETH, 300_000n * USDC);
    sushiWethUsdc = await addLiquidity(sushi, signers.lp, weth, usdc, 100n * WETH, 310_000n * USDC);
    sushiWethDai = await addLiquidity(sushi, signers.lp, weth, dai, 100n * WETH, 320_000n * DAI);
    uniUsdcDai = await addLiquidity(uni, signers.lp, usdc, dai, 1_000_000n * USDC, 1_000_000n * DAI);
    executor = (await hre.ethers.deployContract("ArbitrageExecutor", [
      searcher.address,
    ])) as unknown as ArbitrageExecutor;
    executorAddress = await executor.getAddress();
    await fund(usdc, executorAddress, capital);
    revert = await takeSnapshot();
  });

  beforeEach(async () => {
    await revert();
  });

  /** The executor's hops for a cycle of legs. */
  async function hopsOf(legs: Leg[]) {
    return Promise.all(
      legs.map(async (leg) => ({
        pair: await leg.pair.getAddress(),
        tokenOut: await leg.tokenOut.getAddress(),
      })),
    );
  }

  /** Profit of the cycle computed off-chain with server/math/amm.ts from the reserves on chain (may be < 0). */
  async function expectedProfit(
    amountIn: bigint,
    legs: Leg[],
  ): Promise<{ amountOut: bigint; profit: bigint }> {
    const hops = await Promise.all(legs.map((leg) => hopReserves(leg.pair, leg.tokenIn)));
    const amountOut = getAmountsOut(amountIn, hops).at(-1)!;
    return { amountOut, profit: amountOut - amountIn };
  }

  const buyCheapSellDear = (): Leg[] => [
    { pair: uniWethUsdc, tokenIn: usdc, tokenOut: weth },
    { pair: sushiWethUsdc, tokenIn: weth, tokenOut: usdc },
  ];
  const buyDearSellCheap = (): Leg[] => [
    { pair: sushiWethUsdc, tokenIn: usdc, tokenOut: weth },
    { pair: uniWethUsdc, tokenIn: weth, tokenOut: usdc },
  ];

  it("runs a profitable 2-hop cycle and keeps exactly the profit server/math/amm.ts predicts", async () => {
    const amountIn = 3_000n * USDC;
    const legs = buyCheapSellDear();
    const { amountOut, profit } = await expectedProfit(amountIn, legs);
    expect(profit).toBeGreaterThan(0n);
    const hops = await hopsOf(legs);
    const usdcAddress = await usdc.getAddress();

    expect(await executor.connect(searcher).execute.staticCall(usdcAddress, amountIn, hops, profit)).toBe(
      profit,
    );
    const receipt = await (
      await executor.connect(searcher).execute(usdcAddress, amountIn, hops, profit)
    ).wait();
    expect(await usdc.balanceOf(executorAddress)).toBe(capital + profit);
    expect(await weth.balanceOf(executorAddress)).toBe(0n);

    const executed = receipt!.logs
      .filter((log) => log.address === executorAddress)
      .map((log) => executor.interface.parseLog(log)!);
    expect(executed.map((event) => event.name)).toEqual(["ArbitrageExecuted"]);
    expect([...executed[0]!.args]).toEqual([usdcAddress, amountIn, amountOut, profit]);
  });

  it("reverts InsufficientProfit with the exact negative profit when the cycle loses", async () => {
    const amountIn = 3_000n * USDC;
    const legs = buyDearSellCheap();
    const { profit } = await expectedProfit(amountIn, legs);
    expect(profit).toBeLessThan(0n);
    await expectRevert(
      executor.connect(searcher).execute(await usdc.getAddress(), amountIn, await hopsOf(legs), 0n),
      executor.interface,
      "InsufficientProfit",
      [profit, 0n],
    );
    expect(await usdc.balanceOf(executorAddress)).toBe(capital);
  });

  it("reverts InsufficientProfit when the profit is one wei short of minProfit", async () => {
    const amountIn = 3_000n * USDC;
    const legs = buyCheapSellDear();
    const { profit } = await expectedProfit(amountIn, legs);
    await expectRevert(
      executor.connect(searcher).execute(await usdc.getAddress(), amountIn, await hopsOf(legs), profit + 1n),
      executor.interface,
      "InsufficientProfit",
      [profit, profit + 1n],
    );
  });

  it("runs a 3-hop cycle across both DEXes", async () => {
    const amountIn = 2_000n * USDC;
    const legs: Leg[] = [
      { pair: uniWethUsdc, tokenIn: usdc, tokenOut: weth },
      { pair: sushiWethDai, tokenIn: weth, tokenOut: dai },
      { pair: uniUsdcDai, tokenIn: dai, tokenOut: usdc },
    ];
    const { profit } = await expectedProfit(amountIn, legs);
    expect(profit).toBeGreaterThan(0n);
    await executor.connect(searcher).execute(await usdc.getAddress(), amountIn, await hopsOf(legs), profit);
    expect(await usdc.balanceOf(executorAddress)).toBe(capital + profit);
    expect(await dai.balanceOf(executorAddress)).toBe(0n);
  });

  it("refuses hops that do not close the cycle or do not match their pair", async () => {
    const [usdcAddress, daiAddress] = await addressesOf(usdc, dai);
    const [firstHop] = await hopsOf(buyCheapSellDear());
    await expectRevert(
      executor.connect(searcher).execute(usdcAddress, USDC, [firstHop!], 0n),
      executor.interface,
      "NotACycle",
    );
    await expectRevert(
      executor.connect(searcher).execute(usdcAddress, USDC, [], 0n),
      executor.interface,
      "NotACycle",
    );
    const wrongPair = { pair: await sushiWethDai.getAddress(), tokenOut: daiAddress };
    const back = { pair: await uniUsdcDai.getAddress(), tokenOut: usdcAddress };
    await expectRevert(
      executor.connect(searcher).execute(usdcAddress, USDC, [wrongPair, back], 0n),
      executor.interface,
      "HopTokenMismatch",
      [0n, wrongPair.pair, usdcAddress, daiAddress],
    );
  });

  it("lets only its owner execute and withdraw", async () => {
    const usdcAddress = await usdc.getAddress();
    const hops = await hopsOf(buyCheapSellDear());
    await expectRevert(
      executor.connect(alice).execute(usdcAddress, USDC, hops, 0n),
      executor.interface,
      "OwnableUnauthorizedAccount",
      [alice.address],
    );
    await expectRevert(
      executor.connect(alice).withdraw(usdcAddress, capital, alice.address),
      executor.interface,
      "OwnableUnauthorizedAccount",
      [alice.address],
    );
    await executor.connect(searcher).withdraw(usdcAddress, capital, searcher.address);
    expect(await usdc.balanceOf(searcher.address)).toBe(capital);
    expect(await usdc.balanceOf(executorAddress)).toBe(0n);
  });
});
