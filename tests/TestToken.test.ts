import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import type { Faucet, TestToken, WETH } from "../typechain-types";
import { enableAutomine, expectRevert } from "./helpers/chain";

describe("tokens and faucet", () => {
  let usdc: TestToken;
  let weth: WETH;
  let faucet: Faucet;
  let admin: string;
  let learner: Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

  beforeAll(async () => {
    await enableAutomine();
    const [adminSigner, learnerSigner] = await hre.ethers.getSigners();
    admin = adminSigner!.address;
    learner = learnerSigner!;
    usdc = (await hre.ethers.deployContract("TestToken", [
      "USD Coin",
      "USDC",
      6,
      admin,
    ])) as unknown as TestToken;
    weth = (await hre.ethers.deployContract("WETH", [admin])) as unknown as WETH;
    faucet = (await hre.ethers.deployContract("Faucet", [admin, 3600])) as unknown as Faucet;
    await usdc.setMinter(await faucet.getAddress(), true);
    await faucet.listToken(await usdc.getAddress(), 1_000n * 10n ** 6n);
  });

  it("keeps the real token's decimals", async () => {
    expect(await usdc.decimals()).toBe(6n);
    expect(await weth.decimals()).toBe(18n);
  });

  it("lets only the owner and minters mint", async () => {
    await expectRevert(usdc.connect(learner).mint(learner.address, 1n), usdc.interface, "NotMinter", [
      learner.address,
    ]);
    await usdc.mint(learner.address, 5n);
    expect(await usdc.balanceOf(learner.address)).toBe(5n);
  });

  it("wraps and unwraps ether one to one", async () => {
    await weth.connect(learner).deposit({ value: 10n ** 18n });
    expect(await weth.balanceOf(learner.address)).toBe(10n ** 18n);
    await weth.connect(learner).withdraw(4n * 10n ** 17n);
    expect(await weth.balanceOf(learner.address)).toBe(6n * 10n ** 17n);
  });

  it("drips once per cooldown", async () => {
    const before = await usdc.balanceOf(learner.address);
    await faucet.drip(learner.address);
    expect((await usdc.balanceOf(learner.address)) - before).toBe(1_000n * 10n ** 6n);
    await expectRevert(faucet.drip(learner.address), faucet.interface, "CooldownActive");
  });
});
