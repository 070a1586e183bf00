import { id } from "ethers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getAmountOut } from "../server/math/amm";
import type { AmmPair, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  addLiquidity,
  deployDex,
  deployToken,
  fund,
  hopReserves,
  namedSigners,
  type Signer,
} from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

/** Topics of Uniswap V2's events as seen on mainnet (e.g. on Etherscan), to check the ABI is the same. */
const UNISWAP_V2_TOPICS = {
  Swap: "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822",
  Sync: "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1",
};

describe.each([
  ["UniLike", 30n],
  ["SushiLike", 25n],
])("AmmPair swaps on %s (%i bps)", (name, feeBps) => {
  let weth: TestToken;
  let usdc: TestToken;
  let pair: AmmPair;
  let alice: Signer;
  let revert: () => Promise<void>;

  beforeAll(async () => {
    await enableAutomine();
    const signers = await namedSigners();
    alice = signers.alice;
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
    const dex = await deployDex(name, feeBps);
    pair = await addLiquidity(dex, signers.lp, weth, usdc, 100n * WETH, 300_000n * USDC);
    revert = await takeSnapshot();
  });

  beforeEach(async () => {
    await revert();
  });

  /** The pair's swap amounts for paying `tokenIn` and receiving `amountOut` of the other token. */
  async function outAmounts(tokenIn: TestToken, amountOut: bigint): Promise<[bigint, bigint]> {
    const inIsToken0 = (await pair.token0()) === (await tokenIn.getAddress());
    return inIsToken0 ? [0n, amountOut] : [amountOut, 0n];
  }

  /** Sends `amountIn` of `tokenIn` to the pair, then asks it for `amountOut` of the other token. */
  async function swapDirect(tokenIn: TestToken, amountIn: bigint, amountOut: bigint, to = alice.address) {
    await fund(tokenIn, await pair.getAddress(), amountIn);
    const [amount0Out, amount1Out] = await outAmounts(tokenIn, amountOut);
    return pair.connect(alice).swap(amount0Out, amount1Out, to, "0x");
  }

  it("copied its fee from the factory", async () => {
    expect(await pair.swapFeeBps()).toBe(feeBps);
  });

  it("pays exactly getAmountOut, and reverts K() for one wei more", async () => {
    const amountIn = 3n * WETH;
    const hop = await hopReserves(pair, weth);
    const amountOut = getAmountOut(amountIn, hop.reserveIn, hop.reserveOut, hop.feeBps);
    await expectRevert(swapDirect(weth, amountIn, amountOut + 1n), pair.interface, "K");

    await revert();
    await swapDirect(weth, amountIn, amountOut);
    expect(await usdc.balanceOf(alice.address)).toBe(amountOut);
    const after = await hopReserves(pair, weth);
    expect([after.reserveIn, after.reserveOut]).toEqual([
      hop.reserveIn + amountIn,
      hop.reserveOut - amountOut,
    ]);
  });

  it("emits Sync then Swap with Uniswap V2's signatures and the swap's values", async () => {
    const amountIn = 1_000n * USDC;
    const hop = await hopReserves(pair, usdc);
    const amountOut = getAmountOut(amountIn, hop.reserveIn, hop.reserveOut, hop.feeBps);
    const receipt = await (await swapDirect(usdc, amountIn, amountOut)).wait();
    const logs = receipt!.logs.filter((log) => log.address === receipt!.to);
    const [sync, swap] = logs.map((log) => pair.interface.parseLog(log)!);

    expect(logs.map((log) => log.topics[0])).toEqual([
      id("Sync(uint112,uint112)"),
      id("Swap(address,uint256,uint256,uint256,uint256,address)"),
    ]);
    expect(logs.map((log) => log.topics[0])).toEqual([UNISWAP_V2_TOPICS.Sync, UNISWAP_V2_TOPICS.Swap]);

    const [reserve0, reserve1] = await pair.getReserves();
    expect(sync!.name).toBe("Sync");
    expect([...sync!.args]).toEqual([reserve0, reserve1]);
    const usdcIsToken0 = (await pair.token0()) === (await usdc.getAddress());
    const [amount0In, amount1In] = usdcIsToken0 ? [amountIn, 0n] : [0n, amountIn];
    const [amount0Out, amount1Out] = usdcIsToken0 ? [0n, amountOut] : [amountOut, 0n];
    expect(swap!.name).toBe("Swap");
    expect([...swap!.args]).toEqual([
      alice.address,
      amount0In,
      amount1In,
      amount0Out,
      amount1Out,
      alice.address,
    ]);
  });

  it("never lets reserve0 · reserve1 go down across a sequence of swaps", async () => {
    const trades: [TestToken, bigint][] = [
      [weth, WETH],
      [usdc, 50_000n * USDC],
      [weth, 10n ** 9n],
      [usdc, 1n],
      [weth, 250n * WETH],
      [usdc, 999_999n * USDC],
    ];
    for (const [tokenIn, amountIn] of trades) {
      const [before0, before1] = await pair.getReserves();
      const hop = await hopReserves(pair, tokenIn);
      const amountOut = getAmountOut(amountIn, hop.reserveIn, hop.reserveOut, hop.feeBps);
      expect(amountOut).toBeGreaterThan(0n);
      await swapDirect(tokenIn, amountIn, amountOut);
      const [after0, after1] = await pair.getReserves();
      expect(after0 * after1).toBeGreaterThanOrEqual(before0 * before1);
    }
  });

  it("rejects empty, too large, and unpaid swaps, and swaps to its own tokens", async () => {
    const [reserve0] = await pair.getReserves();
    await expectRevert(pair.swap(0n, 0n, alice.address, "0x"), pair.interface, "InsufficientOutputAmount");
    await expectRevert(pair.swap(reserve0, 0n, alice.address, "0x"), pair.interface, "InsufficientLiquidity");
    await expectRevert(pair.swap(1n, 0n, alice.address, "0x"), pair.interface, "InsufficientInputAmount");
    await expectRevert(pair.swap(1n, 0n, await pair.token0(), "0x"), pair.interface, "InvalidTo");
  });
});
