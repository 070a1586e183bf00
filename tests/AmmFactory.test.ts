import { getCreate2Address, id, keccak256, solidityPacked } from "ethers";
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import type { AmmFactory, TestToken } from "../typechain-types";
import { enableAutomine, expectRevert } from "./helpers/chain";
import { addressesOf, deployDex, deployToken, pairOf } from "./helpers/dex";

/** Uniswap V2's PairCreated topic as seen on mainnet. */
const UNISWAP_V2_PAIR_CREATED_TOPIC = "0x0d3648bd0f6ba80134a33ba9275ac585d9d315f0ad8355cddefde31afa28d0e9";

describe("AmmFactory", () => {
  let factory: AmmFactory;
  let weth: TestToken;
  let usdc: TestToken;

  beforeAll(async () => {
    await enableAutomine();
    ({ factory } = await deployDex("UniLike", 30n));
    weth = await deployToken("WETH", 18);
    usdc = await deployToken("USDC", 6);
  });

  it("has a name and a fee, capped at MAX_FEE_BPS", async () => {
    expect(await factory.name()).toBe("UniLike");
    expect(await factory.swapFeeBps()).toBe(30n);
    const maxFeeBps = await factory.MAX_FEE_BPS();
    await expectRevert(
      hre.ethers.deployContract("AmmFactory", ["Greedy", maxFeeBps + 1n]),
      factory.interface,
      "FeeTooHigh",
      [maxFeeBps + 1n, maxFeeBps],
    );
  });

  it("creates a pair at its CREATE2 address, sorted, and emits Uniswap V2's PairCreated", async () => {
    const [wethAddress, usdcAddress] = await addressesOf(weth, usdc);
    const [token0, token1] =
      wethAddress.toLowerCase() < usdcAddress.toLowerCase()
        ? [wethAddress, usdcAddress]
        : [usdcAddress, wethAddress];
    const { bytecode } = await hre.artifacts.readArtifact("AmmPair");
    const expected = getCreate2Address(
      await factory.getAddress(),
      keccak256(solidityPacked(["address", "address"], [token0, token1])),
      keccak256(bytecode),
    );

    const receipt = await (await factory.createPair(wethAddress, usdcAddress)).wait();
    const log = receipt!.logs[0]!;
    expect(log.topics[0]).toBe(id("PairCreated(address,address,address,uint256)"));
    expect(log.topics[0]).toBe(UNISWAP_V2_PAIR_CREATED_TOPIC);
    expect([...factory.interface.parseLog(log)!.args]).toEqual([token0, token1, expected, 1n]);

    expect(await factory.getPair(wethAddress, usdcAddress)).toBe(expected);
    expect(await factory.getPair(usdcAddress, wethAddress)).toBe(expected);
    expect(await factory.allPairs(0n)).toBe(expected);
    expect(await factory.allPairsLength()).toBe(1n);
  });

  it("initializes the pair with its tokens, the factory's fee and an LP token named after the DEX", async () => {
    const pair = await pairOf(factory, weth, usdc);
    const token0 = await pair.token0();
    const token1 = await pair.token1();
    expect(BigInt(token0)).toBeLessThan(BigInt(token1));
    expect(await pair.factory()).toBe(await factory.getAddress());
    expect(await pair.swapFeeBps()).toBe(30n);
    expect(await pair.name()).toBe("UniLike LP");
    expect(await pair.decimals()).toBe(18n);
    await expectRevert(pair.initialize(token0, token1), pair.interface, "Forbidden");
  });

  it("refuses a second pair, identical tokens and the zero address", async () => {
    const [wethAddress, usdcAddress] = await addressesOf(weth, usdc);
    await expectRevert(factory.createPair(usdcAddress, wethAddress), factory.interface, "PairExists");
    await expectRevert(factory.createPair(wethAddress, wethAddress), factory.interface, "IdenticalAddresses");
    await expectRevert(
      factory.createPair(wethAddress, hre.ethers.ZeroAddress),
      factory.interface,
      "ZeroAddress",
    );
  });
});
