/**
 * The cascade's stage, set up inside the run (the world stays as it is): a lending pool whose WETH
 * price is DEX A's WETH/USDC time-weighted average (a DexTwapOracle, recorded by the admin's keeper
 * every block) or, for comparison, the world's Chainlink-style WETH/USD feed; and borrowers at
 * different health factors. Their names live in the registry for the run only.
 */

import { getCreateAddress, MaxUint256, type TransactionRequest } from "ethers";
import {
  type DexTwapOracle,
  DexTwapOracle__factory,
  type LendingPool,
  LendingPool__factory,
  WETH__factory,
} from "../../typechain-types";
import type { Engine } from "../engine/engine";
import { GWEI } from "../format";
import { percentMul } from "../math/lending";
import { poolPriceUsd } from "../math/price";
import { hardhatAccount } from "../world/actors";
import { LENDING_ASSETS, type TokenSymbol, toBaseUnits, USD_DECIMALS } from "../world/config";
import { readReserves } from "../world/market";
import type { PoolHandle, World } from "../world/types";
import { WHALE_POOL } from "./actions";
import { poolNamed } from "./text";

/** The run's lending pool and its oracle, by their names in the registry (the liquidator finds them so). */
export const CASCADE_POOL = "cascade lending pool";
export const TWAP_ORACLE = "WETH/USD TWAP oracle";
/** The pool the oracle averages, bob trades on and the liquidator sells on. */
export const CASCADE_DEX_POOL = WHALE_POOL;
/** The borrowers are Hardhat accounts #15–#19: no actor's, and not among the wallets `npm start` offers. */
const FIRST_BORROWER_ACCOUNT = 15;

/**
 * Each borrower's WETH collateral and the health factor it borrows to (at the starting $2,000): the
 * first is the closest to 1 and the largest, so that its liquidation's sale can reach the next one.
 * 1.035 is as close as the 80% loan-to-value allows (82.5% threshold / 80% = 1.03125).
 */
export const BORROWERS = [
  { collateral: 80n, healthFactorBps: 10_350n },
  { collateral: 40n, healthFactorBps: 10_600n },
  { collateral: 40n, healthFactorBps: 10_800n },
  { collateral: 40n, healthFactorBps: 11_200n },
  { collateral: 40n, healthFactorBps: 11_600n },
] as const;

/** USDC the admin mints into the pool for it to lend. */
const POOL_USDC = 2_000_000n;
/** Gas limits given with every setup transaction (several depend on contracts deployed in the same block). */
const GAS = {
  deployOracle: 2_000_000n,
  deployPool: 5_000_000n,
  call: 300_000n,
  borrow: 500_000n,
};

export type OracleKind = "twap" | "feed";

export interface Borrower {
  name: string;
  address: string;
  collateral: bigint;
  healthFactorBps: bigint;
}

export interface CascadeStage {
  pool: LendingPool;
  /** The TWAP oracle, when the pool reads one (undefined with the feed). */
  oracle: DexTwapOracle | undefined;
  /** The address the pool reads WETH's price from: the TWAP oracle or the world's WETH/USD feed. */
  wethFeed: string;
  dexPool: PoolHandle;
  borrowers: Borrower[];
}

/** The first `count` borrowers: "borrower 1" … with their accounts and positions. */
function borrowersOf(count: number): Borrower[] {
  return BORROWERS.slice(0, count).map((spec, i) => ({
    name: `borrower ${i + 1}`,
    address: hardhatAccount(FIRST_BORROWER_ACCOUNT + i).address,
    ...spec,
  }));
}

/** `from` sends `tx` with the scenario's 1 gwei tip. */
function send(engine: Engine, from: string, tx: TransactionRequest): Promise<string> {
  return engine.send(from, { maxPriorityFeePerGas: GWEI, ...tx });
}

/**
 * Sends (does not mine) what sets the stage up: the admin deploys the oracle (with "twap") and the
 * pool, lists WETH and USDC with the world's risk parameters and mints the pool's USDC; the liquidator
 * approves the pool and DEX A's router, bob the router; each borrower wraps its ETH and approves the pool.
 */
export async function deployStage(
  engine: Engine,
  options: { oracle: OracleKind; window: number; borrowers: number },
): Promise<CascadeStage> {
  const { world } = engine;
  const admin = world.actors.admin.address;
  const dexPool = poolNamed(world, CASCADE_DEX_POOL);
  let nonce = await world.chain.provider.getTransactionCount(admin, "pending");
  let oracle: DexTwapOracle | undefined;
  if (options.oracle === "twap") {
    const deploy = await new DexTwapOracle__factory().getDeployTransaction(
      dexPool.address,
      world.tokens.WETH.address,
      options.window,
      `WETH / USD (${dexPool.name}, ${options.window}-block TWAP)`,
    );
    await send(engine, admin, { data: deploy.data, gasLimit: GAS.deployOracle });
    oracle = DexTwapOracle__factory.connect(
      getCreateAddress({ from: admin, nonce: nonce++ }),
      world.chain.provider,
    );
    world.registry.addForRun(TWAP_ORACLE, await oracle.getAddress(), "twap-oracle");
  }
  const deployPool = await new LendingPool__factory().getDeployTransaction(admin);
  await send(engine, admin, { data: deployPool.data, gasLimit: GAS.deployPool });
  const pool = LendingPool__factory.connect(getCreateAddress({ from: admin, nonce }), world.chain.provider);
  const poolAddress = await pool.getAddress();
  world.registry.addForRun(CASCADE_POOL, poolAddress, "lending");
  const wethFeed = oracle ? await oracle.getAddress() : await world.feeds.WETH.getAddress();
  await listAssets(engine, pool, wethFeed);
  const usdc = world.tokens.USDC;
  await send(engine, admin, {
    to: usdc.address,
    data: usdc.contract.interface.encodeFunctionData("mint", [
      poolAddress,
      toBaseUnits(POOL_USDC, usdc.decimals),
    ]),
    gasLimit: GAS.call,
  });
  const router = await world.dexes[dexPool.dex].router.getAddress();
  await approveAll(engine, world.actors.liquidator.address, [
    ["USDC", poolAddress],
    ["WETH", router],
  ]);
  await approveAll(engine, world.actors.bob.address, [
    ["WETH", router],
    ["USDC", router],
  ]);
  const borrowers = borrowersOf(options.borrowers);
  for (const borrower of borrowers) {
    world.registry.addForRun(borrower.name, borrower.address, "actor");
    const collateral = toBaseUnits(borrower.collateral, world.tokens.WETH.decimals);
    const weth = world.tokens.WETH;
    await send(engine, borrower.address, {
      to: weth.address,
      data: WETH__factory.createInterface().encodeFunctionData("deposit"),
      value: collateral,
      gasLimit: GAS.call,
    });
    await approveAll(engine, borrower.address, [["WETH", poolAddress]]);
  }
  return { pool, oracle, wethFeed, dexPool, borrowers };
}

/** Lists WETH (priced by `wethFeed`) and USDC (the world's feed) with the world's risk parameters. */
async function listAssets(engine: Engine, pool: LendingPool, wethFeed: string): Promise<void> {
  const { world } = engine;
  const feeds: Partial<Record<TokenSymbol, string>> = {
    WETH: wethFeed,
    USDC: await world.feeds.USDC.getAddress(),
  };
  for (const spec of LENDING_ASSETS) {
    const feed = feeds[spec.symbol];
    if (!feed) continue;
    await send(engine, world.actors.admin.address, {
      to: await pool.getAddress(),
      data: pool.interface.encodeFunctionData("listAsset", [
        world.tokens[spec.symbol].address,
        feed,
        spec.ltvBps,
        spec.liquidationThresholdBps,
        spec.liquidationBonusBps,
      ]),
      gasLimit: GAS.call,
    });
  }
}

async function approveAll(
  engine: Engine,
  owner: string,
  approvals: readonly (readonly [TokenSymbol, string])[],
): Promise<void> {
  for (const [symbol, spender] of approvals) {
    const token = engine.world.tokens[symbol];
    await send(engine, owner, {
      to: token.address,
      data: token.contract.interface.encodeFunctionData("approve", [spender, MaxUint256]),
      gasLimit: GAS.call,
    });
  }
}

/**
 * Sends each borrower's supply of its WETH and its borrow of USDC up to its health factor, in the
 * stage's own block: the pool then reads WETH at DEX A's price (a TWAP deployed in the same block
 * answers the price now) or at the feed's; debt = collateral × price × liquidation threshold / health
 * factor (rounded down, so never past the loan-to-value).
 */
export async function openPositions(engine: Engine, stage: CascadeStage): Promise<void> {
  const { world } = engine;
  const { pool, borrowers } = stage;
  const weth = world.tokens.WETH;
  const usdc = world.tokens.USDC;
  const wethPrice = stage.oracle
    ? await dexPriceUsd(world, stage.dexPool)
    : (await world.feeds.WETH.latestRoundData())[1];
  const [, usdcPrice] = await world.feeds.USDC.latestRoundData();
  const threshold = BigInt(LENDING_ASSETS.find((a) => a.symbol === "WETH")!.liquidationThresholdBps);
  const to = await pool.getAddress();
  for (const borrower of borrowers) {
    const collateral = toBaseUnits(borrower.collateral, weth.decimals);
    const collateralUsd = (collateral * wethPrice) / 10n ** BigInt(weth.decimals);
    const debtUsd = (percentMul(collateralUsd, threshold) * 10_000n) / borrower.healthFactorBps;
    const debt = (debtUsd * 10n ** BigInt(usdc.decimals)) / usdcPrice;
    await send(engine, borrower.address, {
      to,
      data: pool.interface.encodeFunctionData("supply", [weth.address, collateral, borrower.address]),
      gasLimit: GAS.call,
    });
    await send(engine, borrower.address, {
      to,
      data: pool.interface.encodeFunctionData("borrow", [usdc.address, debt]),
      gasLimit: GAS.borrow,
    });
  }
}

/** DEX A's WETH price after block `blockTag` (the latest by default), in USD with 8 decimals (a USDC counted as a dollar, as the oracle does). */
export async function dexPriceUsd(world: World, dexPool: PoolHandle, blockTag?: number): Promise<bigint> {
  const { reserve0, reserve1 } = await readReserves(world, dexPool, blockTag);
  const [weth, usdc] = dexPool.token0 === "WETH" ? [reserve0, reserve1] : [reserve1, reserve0];
  const { USDC, WETH } = world.tokens;
  return poolPriceUsd(weth, WETH.decimals, usdc, USDC.decimals, USD_DECIMALS);
}

/** The admin's keeper records this block's observation in the TWAP oracle (nothing with the feed). */
async function keep(engine: Engine, stage: CascadeStage): Promise<void> {
  if (!stage.oracle) return;
  await send(engine, engine.world.actors.admin.address, {
    to: await stage.oracle.getAddress(),
    data: stage.oracle.interface.encodeFunctionData("update"),
    gasLimit: GAS.call,
  });
}

/** Mines one block of the cascade, the keeper's observation in it. */
export async function mineWithKeeper(engine: Engine, stage: CascadeStage): Promise<number> {
  await keep(engine, stage);
  return (await engine.mine()).number;
}
