import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256 } from "ethers";
import hre from "hardhat";
import type { HopReserves } from "../../server/math/amm";
import { orient } from "../../server/world/market";
import type { AmmFactory, AmmPair, AmmRouter, TestToken } from "../../typechain-types";

export type Signer = HardhatEthersSigner;

/** A deadline that never expires, for calls whose deadline is not what the test is about. */
export const NO_DEADLINE = MaxUint256;

/** Deploys a `TestToken` owned (and so mintable) by the first Hardhat account. */
export async function deployToken(symbol: string, decimals: number): Promise<TestToken> {
  const [admin] = await hre.ethers.getSigners();
  return (await hre.ethers.deployContract("TestToken", [
    symbol,
    symbol,
    decimals,
    admin!.address,
  ])) as unknown as TestToken;
}

/** A DEX: its factory and the router over it. */
export interface Dex {
  factory: AmmFactory;
  router: AmmRouter;
}

/** Deploys a factory named `name` with a swap fee of `feeBps`, and its router. */
export async function deployDex(name: string, feeBps: bigint): Promise<Dex> {
  const factory = (await hre.ethers.deployContract("AmmFactory", [name, feeBps])) as unknown as AmmFactory;
  const router = (await hre.ethers.deployContract("AmmRouter", [
    await factory.getAddress(),
  ])) as unknown as AmmRouter;
  return { factory, router };
}

/** The pair contract of two tokens on a factory (which must exist). */
export async function pairOf(factory: AmmFactory, tokenA: TestToken, tokenB: TestToken): Promise<AmmPair> {
  const address = await factory.getPair(await tokenA.getAddress(), await tokenB.getAddress());
  if (address === hre.ethers.ZeroAddress) throw new Error("no such pair");
  return (await hre.ethers.getContractAt("AmmPair", address)) as unknown as AmmPair;
}

/** Mints `amount` of `token` to `to` (the deployer owns every test token). */
export async function fund(token: TestToken, to: string, amount: bigint): Promise<void> {
  await (await token.mint(to, amount)).wait();
}

/** Funds `lp` and deposits exactly `amountA` and `amountB` through the router; returns the pair. */
export async function addLiquidity(
  dex: Dex,
  lp: Signer,
  tokenA: TestToken,
  tokenB: TestToken,
  amountA: bigint,
  amountB: bigint,
): Promise<AmmPair> {
  const router = await dex.router.getAddress();
  for (const [token, amount] of [
    [tokenA, amountA],
    [tokenB, amountB],
  ] as const) {
    await fund(token, lp.address, amount);
    await (await token.connect(lp).approve(router, amount)).wait();
  }
  await dex.router
    .connect(lp)
    .addLiquidity(
      await tokenA.getAddress(),
      await tokenB.getAddress(),
      amountA,
      amountB,
      0n,
      0n,
      lp.address,
      NO_DEADLINE,
    );
  return pairOf(dex.factory, tokenA, tokenB);
}

/** A pair's reserves and fee, oriented for a swap that pays in `tokenIn` (the shape server/math/amm.ts takes). */
export async function hopReserves(pair: AmmPair, tokenIn: TestToken): Promise<HopReserves> {
  const [reserve0, reserve1] = await pair.getReserves();
  const feeBps = await pair.swapFeeBps();
  return {
    ...orient({ token0: await pair.token0() }, { reserve0, reserve1 }, await tokenIn.getAddress()),
    feeBps,
  };
}

/** Addresses of contracts, in order (for router paths); a tuple in, a tuple of the same length out. */
export async function addressesOf<T extends readonly { getAddress(): Promise<string> }[]>(
  ...contracts: T
): Promise<{ [K in keyof T]: string }> {
  return (await Promise.all(contracts.map((contract) => contract.getAddress()))) as {
    [K in keyof T]: string;
  };
}

/** Floor of the square root of a non-negative bigint (Newton's method). */
export function isqrt(value: bigint): bigint {
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

/** Sets the timestamp of the next block, so that a test knows `block.timestamp` exactly. */
export async function setNextBlockTimestamp(timestamp: bigint): Promise<void> {
  await hre.network.provider.send("evm_setNextBlockTimestamp", [`0x${timestamp.toString(16)}`]);
}

/** The timestamp of the latest block. */
export async function latestTimestamp(): Promise<bigint> {
  const block = await hre.ethers.provider.getBlock("latest");
  return BigInt(block!.timestamp);
}

/** The test accounts by role: the deployer (owner of every token), a liquidity provider, two traders, a searcher. */
export async function namedSigners(): Promise<Record<"admin" | "lp" | "alice" | "bob" | "searcher", Signer>> {
  const [admin, lp, alice, bob, searcher] = await hre.ethers.getSigners();
  return { admin: admin!, lp: lp!, alice: alice!, bob: bob!, searcher: searcher! };
}
