/**
 * MockBridge: a lock keeps the fee and says what crosses; only the relayer relays, once; a release pays
 * the recipient exactly the amount relayed (locked − fee), not before the delay, and never twice.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import type { MockBridge, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert } from "./helpers/chain";

const DELAY = 5n;
const FEE_BPS = 30n;
const E18 = 10n ** 18n;

describe("MockBridge", () => {
  let source: MockBridge;
  let destination: MockBridge;
  let weth: TestToken;
  let relayer: string;
  let user: Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];
  let stranger: Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

  beforeAll(async () => {
    await enableAutomine();
    const [admin, userSigner, strangerSigner] = await hre.ethers.getSigners();
    relayer = admin!.address;
    user = userSigner!;
    stranger = strangerSigner!;
    weth = (await hre.ethers.deployContract("TestToken", [
      "Wrapped Ether",
      "WETH",
      18,
      relayer,
    ])) as unknown as TestToken;
    // Both sides on one chain: what matters here is each side's rules, not which chain it is on.
    source = (await hre.ethers.deployContract("MockBridge", [
      relayer,
      DELAY,
      FEE_BPS,
    ])) as unknown as MockBridge;
    destination = (await hre.ethers.deployContract("MockBridge", [
      relayer,
      DELAY,
      FEE_BPS,
    ])) as unknown as MockBridge;
    await weth.mint(user.address, 100n * E18);
    await weth.mint(await destination.getAddress(), 1_000n * E18);
    await weth.connect(user).approve(await source.getAddress(), 2n ** 255n);
  });

  async function lock(amount: bigint) {
    const tx = await source.connect(user).lock(await weth.getAddress(), amount, 31338n, user.address);
    const receipt = (await tx.wait())!;
    const locked = receipt.logs
      .map((log) => source.interface.parseLog(log))
      .find((l) => l?.name === "Locked")!;
    return locked.args;
  }

  it("refuses a fee above 10% at deployment", async () => {
    const factory = await hre.ethers.getContractFactory("MockBridge");
    await expectRevert(factory.deploy(relayer, DELAY, 1_001n), source.interface, "FeeTooHigh", [
      1_001n,
      1_000n,
    ]);
  });

  it("locks the whole amount, keeps the fee, and says what crosses", async () => {
    const before = await weth.balanceOf(user.address);
    const locked = await lock(10n * E18);
    const fee = (10n * E18 * FEE_BPS) / 10_000n;
    expect(locked.amount).toBe(10n * E18);
    expect(locked.fee).toBe(fee);
    expect(await source.bridgeFee(10n * E18, FEE_BPS)).toBe(fee);
    expect(before - (await weth.balanceOf(user.address))).toBe(10n * E18);
    expect(await weth.balanceOf(await source.getAddress())).toBe(10n * E18);
    expect(locked.destinationChainId).toBe(31338n);
    expect(await source.lockCount()).toBe(1n);
  });

  it("refuses to lock nothing", async () => {
    await expectRevert(
      source.connect(user).lock(await weth.getAddress(), 0n, 31338n, user.address),
      source.interface,
      "ZeroAmount",
    );
  });

  it("releases exactly locked − fee to the recipient, not before the delay, and never twice", async () => {
    const locked = await lock(4n * E18);
    const { transferId } = locked;
    const crossing = (locked.amount as bigint) - (locked.fee as bigint);
    await expectRevert(
      destination.connect(stranger).relay(transferId, await weth.getAddress(), user.address, crossing),
      destination.interface,
      "NotRelayer",
      [stranger.address],
    );
    await expectRevert(destination.release(transferId), destination.interface, "UnknownTransfer", [
      transferId,
    ]);

    await destination.relay(transferId, await weth.getAddress(), user.address, crossing);
    const relayedAt = BigInt(await hre.ethers.provider.getBlockNumber());
    const releasableAt = relayedAt + DELAY;
    expect((await destination.transfers(transferId)).releasableAtBlock).toBe(releasableAt);
    await expectRevert(
      destination.relay(transferId, await weth.getAddress(), user.address, crossing),
      destination.interface,
      "AlreadyRelayed",
      [transferId],
    );

    // Automine: each call lands in the next block, reverted or not. Every block before releasableAt refuses.
    let refusals = 0;
    for (let next = BigInt(await hre.ethers.provider.getBlockNumber()) + 1n; next < releasableAt; next++) {
      await expectRevert(
        destination.connect(stranger).release(transferId),
        destination.interface,
        "TooEarly",
        [transferId, releasableAt, next],
      );
      refusals += 1;
    }
    expect(refusals).toBeGreaterThan(0);
    const before = await weth.balanceOf(user.address);
    await destination.connect(stranger).release(transferId);
    expect(BigInt(await hre.ethers.provider.getBlockNumber())).toBe(releasableAt);
    expect((await weth.balanceOf(user.address)) - before).toBe(4n * E18 - locked.fee);
    expect((await destination.transfers(transferId)).released).toBe(true);
    await expectRevert(destination.release(transferId), destination.interface, "AlreadyReleased", [
      transferId,
    ]);
    expect(await weth.balanceOf(user.address)).toBe(before + crossing);
  });
});
