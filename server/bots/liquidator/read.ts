/**
 * What the liquidator reads: who borrows (the pool's `Borrow` logs, as any liquidator learns it),
 * each borrower's health and position, pending oracle updates, and around a position below 1 what
 * deciding needs: what the pool and the bot hold, what it can flash-lend, the DEX pools, ETH's price.
 */
import type { LendingPool } from "../../../typechain-types";
import type { BotContext, PendingTx } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { readAllReserves, readReserves, tokenByAddress } from "../../world/market";
import type { World } from "../../world/types";
import { healthOfHoldings } from "./plan";
import type { Asset, DexPool, Holding, LiquidationSnapshot, OracleUpdate, Position } from "./types";

/** Who borrowed, in the order the logs showed them, and the next block whose logs it has not read. */
export interface BorrowerLog {
  borrowers: Set<string>;
  nextLogBlock: number;
}

/** Adds the borrowers of every `Borrow` log of `pool` since the last look (the first look reads from block 0). */
export async function discoverBorrowers(
  log: BorrowerLog,
  ctx: BotContext,
  pool: LendingPool = ctx.world.lendingPool,
): Promise<void> {
  if (ctx.blockNumber < log.nextLogBlock) return;
  const logs = await pool.queryFilter(pool.filters.Borrow(), log.nextLogBlock, ctx.blockNumber);
  for (const entry of logs) log.borrowers.add(entry.args.onBehalfOf);
  log.nextLogBlock = ctx.blockNumber + 1;
}

/** Forgets its transactions that were mined (or reverted), and bundles past their block: their users may be looked at again. */
export async function forgetMined(
  pending: Map<string, { hash: string; targetBlock?: number }>,
  ctx: BotContext,
): Promise<void> {
  for (const [user, { hash, targetBlock }] of [...pending]) {
    const past = targetBlock !== undefined && ctx.blockNumber >= targetBlock;
    if (past || (await ctx.chain.provider.getTransactionReceipt(hash))) pending.delete(user);
  }
}

/** A user's health factor as the pool computes it (1e18-scaled). */
export async function healthFactorOf(ctx: BotContext, user: string): Promise<bigint> {
  return (await ctx.world.lendingPool.getUserAccountData(user)).healthFactor;
}

/** A user's holdings in every listed asset, with the prices and risk parameters the pool uses. */
export async function readPosition(world: World, user: string, healthFactor: bigint): Promise<Position> {
  const holdings = await readHoldings(world.lendingPool, user, await readAssets(world, world.lendingPool));
  return { user, label: world.registry.label(user), healthFactor, holdings };
}

/**
 * A user's position in `pool`, its `assets` priced as the next block reads them (`readAssets` with the
 * next block's prices), its health factor computed as the pool will compute it then.
 */
export async function readPositionAhead(
  world: World,
  pool: LendingPool,
  user: string,
  assets: readonly Asset[],
): Promise<Position> {
  const holdings = await readHoldings(pool, user, assets);
  const healthFactor = healthOfHoldings(holdings);
  return { user, label: world.registry.label(user), healthFactor, holdings, ahead: true };
}

/** Every listed asset of `pool` with its risk parameters, priced at `prices` or at the pool's prices now. */
export async function readAssets(
  world: World,
  pool: LendingPool,
  prices?: ReadonlyMap<string, bigint>,
): Promise<Asset[]> {
  const addresses = await pool.listedAssets();
  return Promise.all(
    addresses.map(async (address) => {
      const [config, price] = await Promise.all([
        pool.getAssetConfig(address),
        prices?.get(address) ?? pool.getAssetPrice(address),
      ]);
      return {
        address,
        symbol: world.registry.label(address),
        decimals: config.decimals,
        price,
        liquidationThresholdBps: config.liquidationThresholdBps,
        liquidationBonusBps: config.liquidationBonusBps,
      };
    }),
  );
}

/** What a user has supplied and owes in each of `assets` of `pool`. */
function readHoldings(pool: LendingPool, user: string, assets: readonly Asset[]): Promise<Holding[]> {
  return Promise.all(
    assets.map(async (asset) => {
      const [collateral, debt] = await Promise.all([
        pool.collateralOf(user, asset.address),
        pool.debtOf(user, asset.address),
      ]);
      return { asset, collateral, debt };
    }),
  );
}

/** The oracle update a pending transaction makes (`updateAnswer` on a listed asset's feed), if it is one. */
export function oracleUpdateOf(world: World, tx: PendingTx): OracleUpdate | undefined {
  for (const [symbol, feed] of Object.entries(world.feeds)) {
    if (tx.to?.toLowerCase() !== String(feed.target).toLowerCase()) continue;
    const parsed = feed.interface.parseTransaction({ data: tx.data });
    if (parsed?.name !== "updateAnswer") return undefined;
    const token = world.tokens[symbol as TokenSymbol];
    return { asset: token.address, symbol, price: parsed.args[0] as bigint, hash: tx.hash };
  }
  return undefined;
}

function tokenContract(world: World, address: string) {
  const token = tokenByAddress(world, address);
  if (!token) throw new Error(`liquidator: ${address} is not a token of the world`);
  return token.contract;
}

/** Every DEX pool with its reserves and its router: where seized collateral could be sold. */
async function readDexPools(world: World): Promise<DexPool[]> {
  const reserves = await readAllReserves(world);
  return Promise.all(
    world.pools.map(async (pool, i) => ({
      name: pool.name,
      router: await world.dexes[pool.dex].router.getAddress(),
      token0: world.tokens[pool.token0].address,
      token1: world.tokens[pool.token1].address,
      ...reserves[i]!,
      feeBps: pool.feeBps,
    })),
  );
}

/** The DEX pool named `name`, read, with its router: where the bot sells what it seizes. */
export async function readDexPool(world: World, name: string): Promise<DexPool> {
  const pool = world.pools.find((p) => p.name === name);
  if (!pool) throw new Error(`liquidator: no DEX pool is named "${name}"`);
  return {
    name: pool.name,
    router: await world.dexes[pool.dex].router.getAddress(),
    token0: world.tokens[pool.token0].address,
    token1: world.tokens[pool.token1].address,
    ...(await readReserves(world, pool)),
    feeBps: pool.feeBps,
  };
}

/** Where it watches a lending pool of its own: the pool, and the DEX pool it sells on as its sales leave it. */
export interface Watch {
  pool: LendingPool;
  salePool: DexPool;
}

/**
 * Reads what deciding on `position` needs; with `flash`, what the pool can lend and the DEX pools too;
 * with `watch`, around that lending pool, with the DEX pool it sells on.
 */
export async function readSnapshot(
  ctx: BotContext,
  position: Position,
  flash: boolean,
  update: OracleUpdate | undefined,
  watch?: Watch,
): Promise<LiquidationSnapshot> {
  const { world } = ctx;
  const pool = watch?.pool ?? world.lendingPool;
  const lendingPool = await pool.getAddress();
  const me = world.actors.liquidator.address;
  const assets = position.holdings.map((h) => h.asset.address);
  const balancesOf = (owner: string) =>
    Promise.all(assets.map(async (a) => [a, await tokenContract(world, a).balanceOf(owner)] as const));
  const weth = world.tokens.WETH.address;
  // Priced ahead, ETH is worth what the next block reads; behind an oracle update, what the update sets.
  const aheadEthPrice = position.ahead
    ? position.holdings.find((h) => h.asset.address === weth)?.asset.price
    : undefined;
  const [poolHoldings, balances, flashLiquidity, dexPools, ethPrice] = await Promise.all([
    balancesOf(lendingPool),
    balancesOf(me),
    flash ? Promise.all(assets.map(async (a) => [a, await pool.maxFlashLoan(a)] as const)) : [],
    watch ? [watch.salePool] : flash ? readDexPools(world) : [],
    update?.asset === weth ? update.price : (aheadEthPrice ?? pool.getAssetPrice(weth)),
  ]);
  return {
    position,
    poolHoldings: new Map(poolHoldings),
    balances: new Map(balances),
    flashLiquidity: new Map(flashLiquidity),
    dexPools,
    ethPrice,
    update,
    block: ctx.blockNumber,
    nextBaseFee: ctx.nextBaseFee,
  };
}
