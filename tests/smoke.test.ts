import hre from "hardhat";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("runs hardhat in-process", async () => {
    await hre.network.provider.send("evm_setAutomine", [true]);
    const f = await hre.ethers.getContractFactory("Hello");
    const c = await f.deploy();
    expect(await c.hi()).toBe(1n);
    expect((await hre.ethers.provider.getNetwork()).chainId).toBe(31337n);
  });
});
