/**
 * The flash-loan monitor: the inspector labels every transaction that takes an ERC-3156 loan or a
 * Uniswap V2 flash swap, from its logs alone, with the lender, amount and fee; each figure is checked
 * against the chain (the lender's fees collected, the pair's reserves).
 */
import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { inspectFlashLoans, labelBlock } from "../server/inspector/inspector";
import { BPS, getAmountIn } from "../server/math/amm";
import { WAD } from "../server/math/lending";
import { toBaseUnits } from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import type { World } from "../server/world/types";
import {
  type FlashBorrowerMock,
  FlashBorrowerMock__factory,
  type FlashSwapBorrowerMock,
  FlashSwapBorrowerMock__factory,
} from "../typechain-types";
import { mineBlock, poolNamed, sendSwap, tipped } from "./helpers/blocks";
import { takeSnapshot } from "./helpers/chain";

describe("inspector: flash loans", () => {
  const chain = hardhatChain(hre);
  Builder.attach(chain);
  let world: World;
  let lender: FlashBorrowerMock;
  let swapper: FlashSwapBorrowerMock;
  let restore: () => Promise<void>;
  const pool = () => poolNamed(world, "DEX A WETH/USDC");
  /** The pair's reserves of WETH and USDC, read now. */
  async function reserves(): Promise<{ weth: bigint; usdc: bigint }> {
    const [reserve0, reserve1] = await pool().pair.getReserves();
    return pool().token0 === "WETH" ? { weth: reserve0, usdc: reserve1 } : { weth: reserve1, usdc: reserve0 };
  }

  beforeAll(async () => {
    world = await deployWorld(chain);
    const { alice } = world.actors;
    const poolAddress = await world.lendingPool.getAddress();
    lender = await chain.deployed(new FlashBorrowerMock__factory(alice.signer).deploy(poolAddress));
    swapper = await chain.deployed(new FlashSwapBorrowerMock__factory(alice.signer).deploy());
    // Pocket money for the fees: each borrower repays from the loan plus this.
    await chain.minedBatch([
      () =>
        world.tokens.USDC.contract.connect(alice.signer).transfer(lender.getAddress(), 1_000n * 10n ** 6n),
      () =>
        world.tokens.WETH.contract.connect(alice.signer).transfer(swapper.getAddress(), toBaseUnits(5n, 18)),
      () =>
        world.tokens.USDC.contract.connect(alice.signer).transfer(swapper.getAddress(), 100_000n * 10n ** 6n),
    ]);
    restore = await takeSnapshot();
  });

  beforeEach(async () => {
    await restore();
  });

  /** Borrows `amount` WETH from DEX A's WETH/USDC pair and repays `repay` of `repayToken` from the callback. */
  async function flashSwapWeth(amount: bigint, repayToken: "WETH" | "USDC", repay: bigint) {
    const wethIsToken0 = pool().token0 === "WETH";
    return swapper
      .connect(world.actors.alice.signer)
      .borrow(
        pool().address,
        wethIsToken0 ? amount : 0n,
        wethIsToken0 ? 0n : amount,
        world.tokens[repayToken].address,
        repay,
        false,
        tipped(2n),
      );
  }

  it("labels an ERC-3156 loan with the lending pool, the amount and the fee the pool collected", async () => {
    const usdc = world.tokens.USDC.address;
    const amount = 1_234_567_891n; // odd, so that the fee's rounding shows
    const feesBefore = await world.lendingPool.flashLoanFeesCollected(usdc);
    const tx = await world.lendingPool
      .connect(world.actors.alice.signer)
      .flashLoan(lender.getAddress(), usdc, amount, "0x", tipped(2n));
    const block = await mineBlock(chain);

    const fee = (await world.lendingPool.flashLoanFeesCollected(usdc)) - feesBefore;
    expect(fee).toBe(await world.lendingPool.flashFee(usdc, amount));
    const [loan, ...rest] = await inspectFlashLoans(block, world);
    expect(rest).toEqual([]);
    expect(loan).toMatchObject({
      type: "flashloan:taken",
      block: block.number,
      tx: tx.hash,
      source: "erc3156",
      lender: { address: await world.lendingPool.getAddress(), label: "lending pool" },
      borrower: { address: await lender.getAddress() },
      sender: { address: world.actors.alice.address, label: "alice" },
      amount: { amount: amount.toString(), symbol: "USDC", decimals: 6 },
      fee: { amount: fee.toString(), symbol: "USDC", decimals: 6 },
      repaid: { amount: (amount + fee).toString(), symbol: "USDC" },
    });
    expect(loan!.explanation).toContain(
      "borrowed 1,234.567891 USDC from lending pool (an ERC-3156 flash loan)",
    );
    expect(loan!.explanation).toContain("a fee of 1.111111 USDC");
  });

  it("labels a flash swap repaid in the same token: the fee is what the pair's reserve gained", async () => {
    const borrowed = toBaseUnits(10n, 18);
    const repay = (borrowed * BPS + BPS - pool().feeBps - 1n) / (BPS - pool().feeBps); // the least K allows
    const before = await reserves();
    const tx = await flashSwapWeth(borrowed, "WETH", repay);
    const block = await mineBlock(chain);

    const gained = (await reserves()).weth - before.weth;
    expect(gained).toBe(repay - borrowed);
    expect(await inspectFlashLoans(block, world)).toEqual([
      expect.objectContaining({
        tx: tx.hash,
        source: "flash-swap",
        lender: { address: pool().address, label: "DEX A WETH/USDC" },
        borrower: { address: await swapper.getAddress(), label: expect.any(String) },
        amount: { amount: borrowed.toString(), symbol: "WETH", decimals: 18 },
        fee: { amount: gained.toString(), symbol: "WETH", decimals: 18 },
        repaid: { amount: repay.toString(), symbol: "WETH", decimals: 18 },
      }),
    ]);
  });

  it("labels a flash swap repaid in the other token: the fee is the pair's swap fee on the repayment", async () => {
    const borrowed = toBaseUnits(2n, 18);
    const before = await reserves();
    const repay = getAmountIn(borrowed, before.usdc, before.weth, pool().feeBps);
    const tx = await flashSwapWeth(borrowed, "USDC", repay);
    const block = await mineBlock(chain);

    const after = await reserves();
    expect(after.usdc - before.usdc).toBe(repay);
    expect(before.weth - after.weth).toBe(borrowed);
    const fee = (repay * (await pool().pair.swapFeeBps())) / BPS;
    const [loan] = await inspectFlashLoans(block, world);
    expect(loan).toMatchObject({
      tx: tx.hash,
      source: "flash-swap",
      amount: { amount: borrowed.toString(), symbol: "WETH" },
      fee: { amount: fee.toString(), symbol: "USDC", decimals: 6 },
      repaid: { amount: repay.toString(), symbol: "USDC", decimals: 6 },
    });
    expect(loan!.explanation).toContain("0.30% swap fee");
  });

  it("labels the flash liquidator's loan beside the liquidation, with the fee its event reports", async () => {
    const { borrower, liquidator, admin } = world.actors;
    const lendingPool = world.lendingPool;
    const collateral = toBaseUnits(20n, 18);
    await chain.minedBatch([
      () => world.tokens.WETH.contract.connect(borrower.signer).approve(lendingPool.getAddress(), collateral),
    ]);
    await chain.mined(
      lendingPool.connect(borrower.signer).supply(world.tokens.WETH.address, collateral, borrower.address),
    );
    const { availableBorrowsBase } = await lendingPool.getUserAccountData(borrower.address);
    await chain.mined(
      lendingPool
        .connect(borrower.signer)
        .borrow(world.tokens.USDC.address, (availableBorrowsBase * 99n) / 100n / 100n),
    );
    const [, wethPrice] = await world.feeds.WETH.latestRoundData();
    await chain.mined(world.feeds.WETH.connect(admin.signer).updateAnswer((wethPrice * 90n) / 100n));
    expect((await lendingPool.getUserAccountData(borrower.address)).healthFactor).toBeLessThan(WAD);
    const debt = await lendingPool.debtOf(borrower.address, world.tokens.USDC.address);

    const tx = await world.flashLiquidator
      .connect(liquidator.signer)
      .liquidate(
        world.tokens.WETH.address,
        world.tokens.USDC.address,
        borrower.address,
        debt / 2n,
        await world.dexes.dexA.router.getAddress(),
        0n,
        tipped(2n),
      );
    const block = await mineBlock(chain);

    const receipt = block.receipts.find((r) => r.hash === tx.hash)!;
    const reported = receipt.logs
      .map((log) => world.flashLiquidator.interface.parseLog(log))
      .find((parsed) => parsed?.name === "FlashLiquidated")!;
    const events = await labelBlock(block, world);
    expect(events.map((e) => e.type)).toEqual(["mev:classified", "flashloan:taken"]);
    expect(events[1]).toMatchObject({
      tx: tx.hash,
      source: "erc3156",
      lender: { label: "lending pool" },
      borrower: { address: await world.flashLiquidator.getAddress(), label: "flash liquidator" },
      sender: { label: "liquidator" },
      amount: { amount: (debt / 2n).toString(), symbol: "USDC" },
      fee: { amount: (reported.args.flashFee as bigint).toString(), symbol: "USDC" },
    });
  });

  it("labels no loan in a plain swap, a multi-hop swap, an arbitrage or a reverted flash loan", async () => {
    const { alice, bob, arbitrageur } = world.actors;
    await chain.minedBatch(
      (["dexA", "dexB"] as const).map(
        (dex) => () =>
          world.tokens.WETH.contract
            .connect(alice.signer)
            .approve(world.dexes[dex].router.getAddress(), 2n ** 255n),
      ),
    );
    await sendSwap(world, {
      from: alice.signer,
      dex: "dexA",
      tokenIn: "WETH",
      tokenOut: "USDC",
      amountIn: toBaseUnits(30n, 18),
      tipGwei: 4n,
    });
    // WETH is now cheaper on DEX A: sell 1 WETH on DEX B, buy it back on DEX A (the executor's pairs chain).
    const hops = [
      { pair: poolNamed(world, "DEX B WETH/USDC").address, tokenOut: world.tokens.USDC.address },
      { pair: pool().address, tokenOut: world.tokens.WETH.address },
    ];
    await world.arbitrageExecutor
      .connect(arbitrageur.signer)
      .execute(world.tokens.WETH.address, toBaseUnits(1n, 18), hops, 0n, tipped(3n));
    const path = ["WETH", "USDC", "DAI"].map((s) => world.tokens[s as "WETH"].address);
    await world.dexes.dexB.router
      .connect(alice.signer)
      .swapExactTokensForTokens(toBaseUnits(1n, 18), 0n, path, alice.address, 2n ** 40n, tipped(2n));
    // A loan the borrower cannot repay (the pair mock has no onFlashLoan) reverts: no logs, no label.
    await world.lendingPool
      .connect(bob.signer)
      .flashLoan(swapper.getAddress(), world.tokens.USDC.address, 1_000n, "0x", tipped(1n));
    const block = await mineBlock(chain);
    expect(block.receipts.map((r) => r.status)).toEqual([1, 1, 1, 0]);
    expect(await inspectFlashLoans(block, world)).toEqual([]);
    expect((await labelBlock(block, world)).map((e) => e.type)).toContain("mev:classified");
  });
});
