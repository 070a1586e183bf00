import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BPS } from "../server/math/amm";
import type { AmmPair, FlashSwapBorrowerMock, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import { addLiquidity, deployDex, deployToken, fund, namedSigners } from "./helpers/dex";

const WETH = 10n ** 18n;
const USDC = 10n ** 6n;

/** ceil(a / b) for positive bigints. */
function divUp(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

describe.each([
  ["UniLike", 30n],
  ["SushiLike", 25n],
])("AmmPair flash swaps on %s (%i bps)", (name, feeBps) => {
  let weth: TestToken;
  let pair: AmmPair;
  let borrower: FlashSwapBorrowerMock;
  let borrowerAddress: string;
  let wethIsToken0: boolean;
  let revert: () => Promise<void>;

  beforeAll(async () => {
    await enableAutomine();
    const { lp } = await namedSigners();
    weth = await deployToken("WETH", 18);
    const usdc = await deployToken("USDC", 6);
    pair = await addLiquidity(await deployDex(name, feeBps), lp, weth, usdc, 100n * WETH, 300_000n * USDC);
    borrower = (await hre.ethers.deployContract("FlashSwapBorrowerMock")) as unknown as FlashSwapBorrowerMock;
    borrowerAddress = await borrower.getAddress();
    wethIsToken0 = (await pair.token0()) === (await weth.getAddress());
    // Pocket money for the fee: the borrower repays principal + fee from the flash-swapped WETH plus this.
    await fund(weth, borrowerAddress, WETH);
    revert = await takeSnapshot();
  });

  beforeEach(async () => {
    await revert();
  });

  /** Borrows `amount` WETH and repays `repay` WETH from the callback. */
  function borrowWeth(amount: bigint, repay: bigint, reenter = false) {
    const [amount0Out, amount1Out] = wethIsToken0 ? [amount, 0n] : [0n, amount];
    return borrower.borrow(pair.getAddress(), amount0Out, amount1Out, weth.getAddress(), repay, reenter);
  }

  /**
   * Repaying in the borrowed token, K holds iff repay·(10000 − fee) ≥ borrowed·10000:
   * the smallest repayment is borrowed·10000 / (10000 − fee), rounded up.
   */
  const borrowed = 10n * WETH;
  const minimumRepayment = divUp(borrowed * BPS, BPS - feeBps);

  it("lends the tokens first and calls uniswapV2Call with the swap's sender and amounts", async () => {
    await borrowWeth(borrowed, minimumRepayment);
    expect(await borrower.lastSender()).toBe(borrowerAddress);
    expect([await borrower.lastAmount0(), await borrower.lastAmount1()]).toEqual(
      wethIsToken0 ? [borrowed, 0n] : [0n, borrowed],
    );
  });

  it("succeeds when the callee repays with the fee, which stays in the pool", async () => {
    const [reserve0Before, reserve1Before] = await pair.getReserves();
    await borrowWeth(borrowed, minimumRepayment);
    expect(await weth.balanceOf(borrowerAddress)).toBe(WETH + borrowed - minimumRepayment);
    const [reserve0, reserve1] = await pair.getReserves();
    const fee = minimumRepayment - borrowed;
    expect([reserve0, reserve1]).toEqual(
      wethIsToken0 ? [reserve0Before + fee, reserve1Before] : [reserve0Before, reserve1Before + fee],
    );
  });

  it("reverts K() when the callee repays one wei less than the fee requires, or only the principal", async () => {
    await expectRevert(borrowWeth(borrowed, minimumRepayment - 1n), pair.interface, "K");
    await expectRevert(borrowWeth(borrowed, borrowed), pair.interface, "K");
  });

  it("reverts InsufficientInputAmount() when the callee repays nothing", async () => {
    await expectRevert(borrowWeth(borrowed, 0n), pair.interface, "InsufficientInputAmount");
  });

  it("reverts Locked() when the callee calls back into the pair", async () => {
    await expectRevert(borrowWeth(borrowed, minimumRepayment, true), pair.interface, "Locked");
  });
});
