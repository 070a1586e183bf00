import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flashFee } from "../server/math/lending";
import type { FlashBorrowerMock } from "../typechain-types";
import { enableAutomine, expectRevert, takeSnapshot } from "./helpers/chain";
import {
  deployLendingWorld,
  eventOf,
  fund,
  type LendingWorld,
  supply,
  type TestAsset,
  units,
  usd,
} from "./helpers/lending";

type Signer = Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

const Behavior = { Repay: 0, SkipApproval: 1, WrongReturnValue: 2 } as const;

describe("LendingPool: ERC-3156 flash loans", () => {
  let world: LendingWorld;
  let usdc: TestAsset;
  let weth: TestAsset;
  let borrower: Signer;
  let initiator: Signer;
  let receiver: FlashBorrowerMock;
  let receiverAddress: string;
  let revertToStart: () => Promise<void>;

  const liquidity = units(1_000_000n, 6n);
  // an odd amount, so that the fee's rounding shows: 1,234.567891 USDC
  const amount = 1_234_567_891n;

  beforeAll(async () => {
    await enableAutomine();
    world = await deployLendingWorld();
    ({ USDC: usdc, WETH: weth } = world.assets);
    const [, lp, borrowerSigner, initiatorSigner] = await hre.ethers.getSigners();
    borrower = borrowerSigner!;
    initiator = initiatorSigner!;
    await supply(world, usdc, lp!, liquidity);
    receiver = (await hre.ethers.deployContract("FlashBorrowerMock", [
      world.poolAddress,
    ])) as unknown as FlashBorrowerMock;
    receiverAddress = await receiver.getAddress();
    revertToStart = await takeSnapshot();
  });

  beforeEach(async () => {
    await revertToStart();
  });

  it("lends up to the pool's available liquidity, and nothing of unlisted tokens", async () => {
    expect(await world.pool.maxFlashLoan(usdc.address)).toBe(liquidity);
    // borrowing lowers the available liquidity, and so the flash-loan maximum
    await supply(world, weth, borrower, units(1n, weth.decimals));
    await world.pool.connect(borrower).borrow(usdc.address, units(1_000n, usdc.decimals));
    expect(await world.pool.maxFlashLoan(usdc.address)).toBe(liquidity - units(1_000n, usdc.decimals));
    expect(await world.pool.maxFlashLoan(receiverAddress)).toBe(0n);
  });

  it("charges 0.09% rounded down, and refuses to quote unsupported tokens", async () => {
    const expectedFee = (amount * 9n) / 10_000n; // 1,111,111.1019 base units, rounded down
    expect(expectedFee).toBe(1_111_111n);
    expect(await world.pool.flashFee(usdc.address, amount)).toBe(expectedFee);
    expect(flashFee(amount)).toBe(expectedFee);
    expect(await world.pool.flashFee(usdc.address, 1_111n)).toBe(0n); // below 1 unit of fee: free
    await expectRevert(
      world.pool.flashFee(receiverAddress, amount),
      world.pool.interface,
      "UnsupportedFlashLoanToken",
      [receiverAddress],
    );
  });

  it("lends, calls back, and takes back the loan plus exactly the fee", async () => {
    const fee = flashFee(amount);
    await fund(world, usdc, borrower, fee);
    await usdc.token.connect(borrower).transfer(receiverAddress, fee);
    const poolBefore = await usdc.token.balanceOf(world.poolAddress);

    const event = await eventOf(
      world.pool.connect(initiator).flashLoan(receiverAddress, usdc.address, amount, "0x"),
      world.pool.interface,
      "FlashLoan",
    );

    expect(event.args.toArray()).toEqual([receiverAddress, initiator.address, usdc.address, amount, fee]);
    expect((await usdc.token.balanceOf(world.poolAddress)) - poolBefore).toBe(fee);
    expect(await usdc.token.balanceOf(receiverAddress)).toBe(0n);
    expect(await world.pool.flashLoanFeesCollected(usdc.address)).toBe(fee);
    // what the borrower saw during the loan
    expect(await receiver.lastInitiator()).toBe(initiator.address);
    expect([await receiver.lastAmount(), await receiver.lastFee()]).toEqual([amount, fee]);
    expect(await receiver.balanceDuringLoan()).toBe(amount + fee);
  });

  it("reverts FlashLoanNotRepaid when the receiver does not approve the repayment", async () => {
    await receiver.setBehavior(Behavior.SkipApproval);
    await fund(world, usdc, borrower, flashFee(amount));
    await usdc.token.connect(borrower).transfer(receiverAddress, flashFee(amount));
    await expectRevert(
      world.pool.flashLoan(receiverAddress, usdc.address, amount, "0x"),
      world.pool.interface,
      "FlashLoanNotRepaid",
      [usdc.address, amount + flashFee(amount)],
    );
  });

  it("reverts FlashLoanNotRepaid when the receiver cannot pay the fee", async () => {
    await expectRevert(
      world.pool.flashLoan(receiverAddress, usdc.address, amount, "0x"),
      world.pool.interface,
      "FlashLoanNotRepaid",
      [usdc.address, amount + flashFee(amount)],
    );
  });

  it("reverts FlashLoanCallbackFailed when onFlashLoan does not return the magic value", async () => {
    await receiver.setBehavior(Behavior.WrongReturnValue);
    await expectRevert(
      world.pool.flashLoan(receiverAddress, usdc.address, amount, "0x"),
      world.pool.interface,
      "FlashLoanCallbackFailed",
    );
  });

  it("refuses unsupported tokens, amounts beyond the liquidity, and nested flash loans", async () => {
    const { pool } = world;
    await expectRevert(
      pool.flashLoan(receiverAddress, receiverAddress, 1n, "0x"),
      pool.interface,
      "UnsupportedFlashLoanToken",
      [receiverAddress],
    );
    await expectRevert(
      pool.flashLoan(receiverAddress, usdc.address, liquidity + 1n, "0x"),
      pool.interface,
      "InsufficientLiquidity",
      [usdc.address, liquidity, liquidity + 1n],
    );
    const nested = pool.interface.encodeFunctionData("flashLoan", [receiverAddress, usdc.address, 1n, "0x"]);
    const data = hre.ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "bytes"],
      [world.poolAddress, nested],
    );
    await expectRevert(
      pool.flashLoan(receiverAddress, usdc.address, amount, data),
      pool.interface,
      "ReentrantCall",
    );
  });

  it("funds a liquidation from inside the callback: the locks do not block it", async () => {
    // an unhealthy position: 1 WETH backing 1,600 USDC, then ETH falls to $1,800 (HF ≈ 0.93)
    const debt = units(1_600n, usdc.decimals);
    await supply(world, weth, borrower, units(1n, weth.decimals));
    await world.pool.connect(borrower).borrow(usdc.address, debt);
    await weth.feed.updateAnswer(usd(1_800n));

    // the receiver borrows the debt asset and liquidates the whole debt with it; it must then repay
    // the loan plus the fee, so it needs the debt covered plus the fee of its own (no DEX here to sell the WETH)
    const fee = flashFee(debt);
    await fund(world, usdc, initiator, debt + fee);
    await usdc.token.connect(initiator).transfer(receiverAddress, debt + fee);
    const liquidation = world.pool.interface.encodeFunctionData("liquidationCall", [
      weth.address,
      usdc.address,
      borrower.address,
      debt,
    ]);
    const data = hre.ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "bytes"],
      [world.poolAddress, liquidation],
    );
    const poolUsdcBefore = await usdc.token.balanceOf(world.poolAddress);

    const event = await eventOf(
      world.pool.connect(initiator).flashLoan(receiverAddress, usdc.address, debt, data),
      world.pool.interface,
      "LiquidationCall",
    );

    const seized =
      (((usd(1n) * debt * 10n ** 18n) / (usd(1_800n) * 10n ** 6n)) * weth.liquidationBonusBps) / 10_000n;
    expect(event.args.toArray()).toEqual([
      weth.address,
      usdc.address,
      borrower.address,
      debt,
      seized,
      receiverAddress,
      false,
    ]);
    expect(await weth.token.balanceOf(receiverAddress)).toBe(seized);
    expect(await world.pool.debtOf(borrower.address, usdc.address)).toBe(0n);
    expect((await usdc.token.balanceOf(world.poolAddress)) - poolUsdcBefore).toBe(debt + fee);
  });
});
