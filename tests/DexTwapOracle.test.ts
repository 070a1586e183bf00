import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AmmPair, AmmRouter, DexTwapOracle, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  addLiquidity,
  deployDex,
  deployToken,
  fund,
  latestTimestamp,
  NO_DEADLINE,
  namedSigners,
  type Signer,
  setNextBlockTimestamp,
} from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;
const BLOCK_SECONDS = 12n;
const Q112 = 2n ** 112n;

/** What the oracle answers for a UQ112x112 average of USDC base units per WETH base unit: USD, 8 decimals, rounded. */
function usdOf(averageQ112: bigint): bigint {
  const numerator = averageQ112 * 10n ** 26n;
  const denominator = Q112 * USDC;
  return (numerator + denominator / 2n) / denominator;
}

/** The pair's price as its accumulator counts it (UQ112x112), from its reserves. */
async function priceQ112(pair: AmmPair, weth: TestToken): Promise<bigint> {
  const [reserve0, reserve1] = await pair.getReserves();
  const wethIs0 = (await pair.token0()) === (await weth.getAddress());
  const [base, quote] = wethIs0 ? [reserve0, reserve1] : [reserve1, reserve0];
  return (quote * Q112) / base;
}

describe("DexTwapOracle", () => {
  let weth: TestToken;
  let usdc: TestToken;
  let pair: AmmPair;
  let router: AmmRouter;
  let oracle: DexTwapOracle;
  let bob: Signer;
  let revert: () => Promise<void>;

  /** Mines the next block 12 s after the last, with the transactions `sends` sends, in order. */
  async function nextBlock(...sends: (() => Promise<unknown>)[]): Promise<void> {
    await hre.network.provider.send("evm_setAutomine", [false]);
    try {
      for (const send of sends) await send();
      await setNextBlockTimestamp((await latestTimestamp()) + BLOCK_SECONDS);
      await hre.network.provider.send("evm_mine", []);
    } finally {
      await enableAutomine();
    }
  }

  const update = () => oracle.update();
  const keep = () => nextBlock(update);
  const sale = (amount: bigint) => async () =>
    router
      .connect(bob)
      .swapExactTokensForTokens(
        amount,
        0n,
        [await weth.getAddress(), await usdc.getAddress()],
        bob.address,
        NO_DEADLINE,
      );

  async function deployOracle(windowBlocks: number): Promise<DexTwapOracle> {
    return (await hre.ethers.deployContract("DexTwapOracle", [
      await pair.getAddress(),
      await weth.getAddress(),
      windowBlocks,
      "WETH / USD (TWAP)",
    ])) as unknown as DexTwapOracle;
  }

  const answer = async (blockTag?: number) => (await oracle.latestRoundData({ blockTag }))[1];

  beforeAll(async () => {
    await enableAutomine();
    const signers = await namedSigners();
    bob = signers.bob;
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
    const dex = await deployDex("DEX", 30n);
    router = dex.router;
    pair = await addLiquidity(dex, signers.lp, weth, usdc, 1_000n * WETH, 2_000_000n * USDC);
    await fund(weth, bob.address, 1_000n * WETH);
    await (await weth.connect(bob).approve(await router.getAddress(), 1_000n * WETH)).wait();
    oracle = await deployOracle(3);
    revert = await takeSnapshot();
  });

  beforeEach(async () => revert());

  it("answers as a Chainlink USD feed: the pool's price while it holds still", async () => {
    expect(await oracle.decimals()).toBe(8n);
    expect(await oracle.description()).toBe("WETH / USD (TWAP)");
    expect(await oracle.windowBlocks()).toBe(3n);
    expect(await answer()).toBe(2_000n * 10n ** 8n);
    await keep();
    await keep();
    const [roundId, price, startedAt, updatedAt, answeredInRound] = await oracle.latestRoundData();
    expect([roundId, price, answeredInRound]).toEqual([3n, 2_000n * 10n ** 8n, 3n]);
    expect(updatedAt - startedAt).toBe(2n * BLOCK_SECONDS);
  });

  it("weighs a price that held one block 1/N, then forgets it after N blocks", async () => {
    for (let i = 0; i < 3; i++) await keep();
    const before = await priceQ112(pair, weth);
    await nextBlock(sale(50n * WETH), update);
    const dip = await priceQ112(pair, weth);
    // the block of the sale still reads the old price: the dip has held for 0 seconds
    expect(await answer()).toBe(usdOf(before));
    await keep();
    expect(await answer()).toBe(usdOf((2n * before + dip) / 3n));
    await keep();
    expect(await answer()).toBe(usdOf((before + 2n * dip) / 3n));
    await keep();
    expect(await answer()).toBe(usdOf(dip));
  });

  it("answers in a block exactly what averageAt said of it the block before, whatever trades in it", async () => {
    for (let i = 0; i < 3; i++) await keep();
    await nextBlock(sale(40n * WETH), update);
    const sold = (await hre.ethers.provider.getBlock("latest"))!;
    const ahead = await oracle.averageAt(sold.number + 1, sold.timestamp + Number(BLOCK_SECONDS));
    // a second, larger sale in the next block, before the keeper or after it, does not move that block's answer
    await nextBlock(sale(60n * WETH), update, sale(40n * WETH));
    const next = await hre.ethers.provider.getBlockNumber();
    expect(await answer(next)).toBe(ahead);
    expect(await answer(next)).toBeLessThan(await answer(sold.number));
  });

  it("records one observation a block, however often it is called", async () => {
    await nextBlock(update, update);
    expect(await oracle.observationCount()).toBe(2n);
  });

  it("starts a window the keeper missed at the newest observation before it", async () => {
    await keep();
    const before = await priceQ112(pair, weth);
    // the keeper misses the sale's block and the three after it
    await nextBlock(sale(50n * WETH));
    const dip = await priceQ112(pair, weth);
    for (let i = 0; i < 3; i++) await nextBlock();
    // 3 blocks back there is no observation: the window reaches back to the one before the sale,
    // 1 block at the price before and 3 at the dip
    expect(await answer()).toBe(usdOf((before + 3n * dip) / 4n));
  });

  it("refuses a window of zero blocks, a token not in the pair, an empty pair, the past, past rounds", async () => {
    const factory = await hre.ethers.getContractFactory("DexTwapOracle");
    const [pairAddress, wethAddress] = [await pair.getAddress(), await weth.getAddress()];
    await expectRevert(
      hre.ethers.deployContract("DexTwapOracle", [pairAddress, wethAddress, 0, "x"]),
      factory.interface,
      "InvalidWindow",
      [0n],
    );
    const dai = await deployToken("DAI", 18);
    const daiAddress = await dai.getAddress();
    await expectRevert(
      hre.ethers.deployContract("DexTwapOracle", [pairAddress, daiAddress, 3, "x"]),
      factory.interface,
      "TokenNotInPair",
      [pairAddress, daiAddress],
    );
    const empty = await deployDex("EMPTY", 30n);
    await (await empty.factory.createPair(wethAddress, daiAddress)).wait();
    const emptyPair = await empty.factory.getPair(wethAddress, daiAddress);
    await expectRevert(
      hre.ethers.deployContract("DexTwapOracle", [emptyPair, wethAddress, 3, "x"]),
      factory.interface,
      "PairWithoutReserves",
      [emptyPair],
    );
    const latest = (await hre.ethers.provider.getBlock("latest"))!;
    await expectRevert(
      oracle.averageAt(latest.number - 1, latest.timestamp),
      oracle.interface,
      "AverageInThePast",
    );
    await expectRevert(oracle.getRoundData(7), oracle.interface, "RoundNotFound", [7n]);
    expect((await oracle.getRoundData(await oracle.observationCount()))[1]).toBe(await answer());
  });
});
