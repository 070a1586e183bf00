import { id } from "ethers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getAmountOut } from "../server/math/amm";
import type { AmmPair, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  addressesOf,
  deployDex,
  deployToken,
  fund,
  hopReserves,
  isqrt,
  latestTimestamp,
  namedSigners,
  pairOf,
  type Signer,
  setNextBlockTimestamp,
} from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

/** Uniswap V2's Mint and Burn topics as seen on mainnet. */
const UNISWAP_V2_TOPICS = {
  Mint: "0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f",
  Burn: "0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496",
};

describe("AmmPair liquidity", () => {
  let weth: TestToken;
  let usdc: TestToken;
  let pair: AmmPair;
  let lp: Signer;
  let bob: Signer;
  let revert: () => Promise<void>;

  beforeAll(async () => {
    await enableAutomine();
    ({ lp, bob } = await namedSigners());
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
    const { factory } = await deployDex("UniLike", 30n);
    await factory.createPair(...(await addressesOf(weth, usdc)));
    pair = await pairOf(factory, weth, usdc);
    revert = await takeSnapshot();
  });

  beforeEach(async () => {
    await revert();
  });

  /** The pair's (token0, token1) order of a WETH amount and a USDC amount. */
  async function sorted(wethAmount: bigint, usdcAmount: bigint): Promise<[bigint, bigint]> {
    return (await pair.token0()) === (await weth.getAddress())
      ? [wethAmount, usdcAmount]
      : [usdcAmount, wethAmount];
  }

  /** Sends both amounts to the pair and mints LP tokens to `to`. */
  async function deposit(wethAmount: bigint, usdcAmount: bigint, to = lp.address) {
    const pairAddress = await pair.getAddress();
    await fund(weth, pairAddress, wethAmount);
    await fund(usdc, pairAddress, usdcAmount);
    return (await pair.mint(to)).wait();
  }

  /** Sends `liquidity` of the LP's shares back to the pair and burns them for `to`. */
  async function withdraw(liquidity: bigint, to = lp.address) {
    await pair.connect(lp).transfer(await pair.getAddress(), liquidity);
    return (await pair.connect(lp).burn(to)).wait();
  }

  /** reserve0 · reserve1 and the LP supply: what one share is worth, squared, is k / supply². */
  async function kAndSupply(): Promise<[bigint, bigint]> {
    const [reserve0, reserve1] = await pair.getReserves();
    return [reserve0 * reserve1, await pair.totalSupply()];
  }

  it("mints sqrt(amount0 · amount1) − MINIMUM_LIQUIDITY for the first deposit, and locks the minimum", async () => {
    const [amount0, amount1] = await sorted(100n * WETH, 300_000n * USDC);
    const minimum = await pair.MINIMUM_LIQUIDITY();
    const receipt = await deposit(100n * WETH, 300_000n * USDC);

    expect(await pair.balanceOf(lp.address)).toBe(isqrt(amount0 * amount1) - minimum);
    expect(await pair.balanceOf(await pair.LOCKED_LIQUIDITY_HOLDER())).toBe(minimum);
    expect(await pair.totalSupply()).toBe(isqrt(amount0 * amount1));
    expect([...(await pair.getReserves())].slice(0, 2)).toEqual([amount0, amount1]);

    const mintLog = receipt!.logs.find((log) => log.topics[0] === id("Mint(address,uint256,uint256)"))!;
    expect(mintLog.topics[0]).toBe(UNISWAP_V2_TOPICS.Mint);
    const { admin } = await namedSigners();
    expect([...pair.interface.parseLog(mintLog)!.args]).toEqual([admin.address, amount0, amount1]);
  });

  it("refuses a first deposit worth no more than MINIMUM_LIQUIDITY", async () => {
    const minimum = await pair.MINIMUM_LIQUIDITY();
    await expectRevert(deposit(minimum, minimum), pair.interface, "InsufficientLiquidityMinted");
  });

  it("mints later deposits for the smaller proportion: the surplus goes to the pool", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    const supply = await pair.totalSupply();
    const before = await pair.balanceOf(bob.address);
    // 10% more WETH but only 5% more USDC: shares are minted for 5%.
    await deposit(10n * WETH, 15_000n * USDC, bob.address);
    expect((await pair.balanceOf(bob.address)) - before).toBe((15_000n * USDC * supply) / (300_000n * USDC));
    expect([...(await pair.getReserves())].slice(0, 2)).toEqual(await sorted(110n * WETH, 315_000n * USDC));
  });

  it("burns shares for the same share of each balance and emits Uniswap V2's Burn", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    const liquidity = (await pair.balanceOf(lp.address)) / 3n;
    const supply = await pair.totalSupply();
    const [reserve0, reserve1] = await pair.getReserves();
    const receipt = await withdraw(liquidity, bob.address);

    const [amount0, amount1] = [(liquidity * reserve0) / supply, (liquidity * reserve1) / supply];
    const [wethOut, usdcOut] =
      (await pair.token0()) === (await weth.getAddress()) ? [amount0, amount1] : [amount1, amount0];
    expect(await weth.balanceOf(bob.address)).toBe(wethOut);
    expect(await usdc.balanceOf(bob.address)).toBe(usdcOut);
    expect(await pair.totalSupply()).toBe(supply - liquidity);

    const burnLog = receipt!.logs.find((log) => log.topics[0] === UNISWAP_V2_TOPICS.Burn)!;
    expect(burnLog.topics[0]).toBe(id("Burn(address,uint256,uint256,address)"));
    expect([...pair.interface.parseLog(burnLog)!.args]).toEqual([lp.address, amount0, amount1, bob.address]);
  });

  it("refuses to burn nothing", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    await expectRevert(pair.burn(bob.address), pair.interface, "InsufficientLiquidityBurned");
  });

  it("never lets k per LP share go down across mints, burns and swaps", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    const pairAddress = await pair.getAddress();
    const swapIn = async (tokenIn: TestToken, amountIn: bigint) => {
      const hop = await hopReserves(pair, tokenIn);
      const amountOut = getAmountOut(amountIn, hop.reserveIn, hop.reserveOut, hop.feeBps);
      await fund(tokenIn, pairAddress, amountIn);
      const inIsToken0 = (await pair.token0()) === (await tokenIn.getAddress());
      await pair.swap(inIsToken0 ? 0n : amountOut, inIsToken0 ? amountOut : 0n, bob.address, "0x");
    };
    const steps = [
      () => swapIn(weth, 7n * WETH),
      () => deposit(3n * WETH, 7_777n * USDC),
      () => swapIn(usdc, 123_456n * USDC),
      () => withdraw(10n ** 12n + 12_345n),
      () => deposit(10n ** 15n, 1n * USDC, bob.address),
      () => swapIn(usdc, 1n),
      () => withdraw(10n ** 15n),
    ];
    for (const step of steps) {
      const [kBefore, supplyBefore] = await kAndSupply();
      await step();
      const [kAfter, supplyAfter] = await kAndSupply();
      // k / supply² must not decrease; cross-multiplied to stay in integers.
      expect(kAfter * supplyBefore * supplyBefore).toBeGreaterThanOrEqual(
        kBefore * supplyAfter * supplyAfter,
      );
    }
  });

  it("skim sends out what exceeds the reserves; sync takes it into them", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    const reserves = [...(await pair.getReserves())].slice(0, 2);
    await fund(usdc, await pair.getAddress(), 5n * USDC);
    await pair.skim(bob.address);
    expect(await usdc.balanceOf(bob.address)).toBe(5n * USDC);
    expect([...(await pair.getReserves())].slice(0, 2)).toEqual(reserves);

    await fund(weth, await pair.getAddress(), WETH);
    const receipt = await (await pair.sync()).wait();
    const expected = await sorted(101n * WETH, 300_000n * USDC);
    expect([...(await pair.getReserves())].slice(0, 2)).toEqual(expected);
    expect([...pair.interface.parseLog(receipt!.logs[0]!)!.args]).toEqual(expected);
  });

  it("accumulates each price (UQ112x112) times the seconds it held", async () => {
    await deposit(100n * WETH, 300_000n * USDC);
    const [reserve0, reserve1, updatedAt] = await pair.getReserves();
    expect(BigInt(updatedAt)).toBe(await latestTimestamp());
    const elapsed = 600n;
    await setNextBlockTimestamp(BigInt(updatedAt) + elapsed);
    await pair.sync();
    const q112 = 2n ** 112n;
    expect(await pair.price0CumulativeLast()).toBe(((reserve1 * q112) / reserve0) * elapsed);
    expect(await pair.price1CumulativeLast()).toBe(((reserve0 * q112) / reserve1) * elapsed);
  });

  it("refuses balances that do not fit in 112 bits", async () => {
    await fund(weth, await pair.getAddress(), 2n ** 112n);
    await expectRevert(pair.sync(), pair.interface, "Overflow");
  });
});
