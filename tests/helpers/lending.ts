import type { ContractTransactionResponse, Interface, LogDescription } from "ethers";
import hre from "hardhat";
import { expect } from "vitest";
import type { LendingPool, PriceFeed, TestToken } from "../../typechain-types";

type Signer = Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

/** A listed test asset: its token, its feed and the risk parameters it was listed with. */
export interface TestAsset {
  symbol: string;
  token: TestToken;
  address: string;
  feed: PriceFeed;
  decimals: bigint;
  ltvBps: bigint;
  liquidationThresholdBps: bigint;
  liquidationBonusBps: bigint;
}

/** Realistic tokens, prices (USD, 8 decimals) and Aave-like risk parameters. */
const ASSETS = [
  {
    symbol: "WETH",
    name: "Wrapped Ether",
    decimals: 18n,
    price: 2_000n,
    ltv: 8000n,
    lt: 8250n,
    bonus: 10500n,
  },
  { symbol: "USDC", name: "USD Coin", decimals: 6n, price: 1n, ltv: 7700n, lt: 8000n, bonus: 10450n },
  { symbol: "WBTC", name: "Wrapped BTC", decimals: 8n, price: 60_000n, ltv: 7300n, lt: 7800n, bonus: 10500n },
  { symbol: "DAI", name: "Dai Stablecoin", decimals: 18n, price: 1n, ltv: 7500n, lt: 8000n, bonus: 10500n },
] as const;

export type AssetSymbol = (typeof ASSETS)[number]["symbol"];

export interface LendingWorld {
  admin: Signer;
  pool: LendingPool;
  poolAddress: string;
  assets: Record<AssetSymbol, TestAsset>;
}

/** `amount` whole tokens in base units of a token with `decimals`. */
export function units(amount: bigint, decimals: bigint): bigint {
  return amount * 10n ** decimals;
}

/** A USD price with the feeds' 8 decimals. */
export function usd(dollars: bigint): bigint {
  return dollars * 10n ** 8n;
}

/** Deploys the four tokens, their feeds and a pool that lists them all. */
export async function deployLendingWorld(): Promise<LendingWorld> {
  const [admin] = await hre.ethers.getSigners();
  const pool = (await hre.ethers.deployContract("LendingPool", [admin!.address])) as unknown as LendingPool;
  const assets = {} as Record<AssetSymbol, TestAsset>;
  for (const spec of ASSETS) {
    const token = (await hre.ethers.deployContract("TestToken", [
      spec.name,
      spec.symbol,
      spec.decimals,
      admin!.address,
    ])) as unknown as TestToken;
    const feed = (await hre.ethers.deployContract("PriceFeed", [
      8,
      `${spec.symbol} / USD`,
      usd(spec.price),
      admin!.address,
    ])) as unknown as PriceFeed;
    const address = await token.getAddress();
    await pool.listAsset(address, await feed.getAddress(), spec.ltv, spec.lt, spec.bonus);
    assets[spec.symbol] = {
      symbol: spec.symbol,
      token,
      address,
      feed,
      decimals: spec.decimals,
      ltvBps: spec.ltv,
      liquidationThresholdBps: spec.lt,
      liquidationBonusBps: spec.bonus,
    };
  }
  return { admin: admin!, pool, poolAddress: await pool.getAddress(), assets };
}

/** Mints `amount` of `asset` to `account` and approves the pool for all of it. */
export async function fund(
  world: LendingWorld,
  asset: TestAsset,
  account: Signer,
  amount: bigint,
): Promise<void> {
  await asset.token.mint(account.address, amount);
  await asset.token.connect(account).approve(world.poolAddress, hre.ethers.MaxUint256);
}

/** Funds `account` with `amount` of `asset` and supplies it to the pool. */
export async function supply(
  world: LendingWorld,
  asset: TestAsset,
  account: Signer,
  amount: bigint,
): Promise<void> {
  await fund(world, asset, account, amount);
  await world.pool.connect(account).supply(asset.address, amount, account.address);
}

/** Waits for `tx` and returns its only event named `name` emitted by a contract of `iface`. */
export async function eventOf(
  tx: Promise<ContractTransactionResponse>,
  iface: Interface,
  name: string,
): Promise<LogDescription> {
  const receipt = await (await tx).wait();
  const events = receipt!.logs
    .map((log) => {
      try {
        return iface.parseLog(log);
      } catch {
        return null;
      }
    })
    .filter((event): event is LogDescription => event?.name === name);
  expect(events, `expected exactly one ${name} event`).toHaveLength(1);
  return events[0]!;
}
