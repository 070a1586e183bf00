/**
 * The market as any searcher reads it: the world's routers, pools and tokens by address, each pool's
 * reserves (one call each), oriented for a trade or laid out as the graph server/math/graph.ts
 * searches, and the WETH prices narration quotes. Everything here is public: addresses and state.
 */
import { dataSlice, toQuantity } from "ethers";
import { AmmPair__factory, TestToken__factory } from "../../typechain-types";
import { readBatch } from "../chain/batchRead";
import { formatAmount, priceInQuoteUnits } from "../format";
import type { HopReserves } from "../math/amm";
import type { Pool } from "../math/graph";
import type { TokenSymbol } from "./config";
import type { DexHandle, PoolHandle, TokenHandle, World } from "./types";

/** The token gas is paid in, wrapped: gas costs and budgets are converted from ETH at a WETH pool's price. */
export const GAS_TOKEN: TokenSymbol = "WETH";

/** Reserves of a pool, in the order of its token0 and token1. */
export interface PoolReserves {
  reserve0: bigint;
  reserve1: bigint;
}

/** What is public and fixed about a pool: its name, DEX, address, tokens and fee. */
export type PoolInfo = Pick<PoolHandle, "name" | "dex" | "address" | "token0" | "token1" | "feeBps">;

/** A pool's reserves of `tokenIn` and of the other token. */
export function orient(
  pool: { token0: string },
  reserves: PoolReserves,
  tokenIn: string,
): { reserveIn: bigint; reserveOut: bigint } {
  return tokenIn === pool.token0
    ? { reserveIn: reserves.reserve0, reserveOut: reserves.reserve1 }
    : { reserveIn: reserves.reserve1, reserveOut: reserves.reserve0 };
}

/** The world token at `address` (any case), if it is one. */
export function tokenByAddress(world: World, address: string): TokenHandle | undefined {
  const key = address.toLowerCase();
  return Object.values(world.tokens).find((token) => token.address.toLowerCase() === key);
}

// ─── Reading the chain ──────────────────────────────────────────────────────────────────────────

const GET_RESERVES = AmmPair__factory.createInterface().encodeFunctionData("getReserves");
const erc20 = TestToken__factory.createInterface();

/** A raw `eth_call` (a third of the time of a contract object's call), at the latest block by default. */
function ethCall(world: World, to: string, data: string, blockTag?: number): Promise<string> {
  const block = blockTag === undefined ? "latest" : toQuantity(blockTag);
  return world.chain.rpc<string>("eth_call", [{ to, data }, block]);
}

/** Reads a pool's reserves with one call, at the end of block `blockTag` (the latest by default). */
export async function readReserves(world: World, pool: PoolHandle, blockTag?: number): Promise<PoolReserves> {
  return reservesOf(await ethCall(world, pool.address, GET_RESERVES, blockTag));
}

/** The reserves in what getReserves returned: (uint112, uint112, uint32), each in a 32-byte word. */
function reservesOf(result: string): PoolReserves {
  return { reserve0: BigInt(dataSlice(result, 0, 32)), reserve1: BigInt(dataSlice(result, 32, 64)) };
}

/** Reads every pool's reserves, in the order of `world.pools`, in one batch of reads (server/chain/batchRead.ts). */
export async function readAllReserves(world: World, blockTag?: number): Promise<PoolReserves[]> {
  const reads = world.pools.map((pool) => ({ target: pool.address, data: GET_RESERVES }));
  return (await readBatch(world.chain, reads, blockTag)).map(reservesOf);
}

/** Reads `owner`'s balance of a world token with one call. */
export async function readBalance(world: World, symbol: TokenSymbol, owner: string): Promise<bigint> {
  return BigInt(
    await ethCall(world, world.tokens[symbol].address, erc20.encodeFunctionData("balanceOf", [owner])),
  );
}

/**
 * A pool's reserves oriented for a trade that sells `tokenIn`, with its fee (what server/math/amm.ts
 * takes), read through the pair contract at the end of block `blockTag` (the latest by default).
 */
export async function reservesFor(
  pool: PoolHandle,
  tokenIn: TokenSymbol,
  blockTag?: number,
): Promise<HopReserves> {
  const [reserve0, reserve1] =
    blockTag === undefined ? await pool.pair.getReserves() : await pool.pair.getReserves({ blockTag });
  return { ...orient(pool, { reserve0, reserve1 }, tokenIn), feeBps: pool.feeBps };
}

// ─── The graph of pools ─────────────────────────────────────────────────────────────────────────

/**
 * The pools as server/math/graph.ts takes them, with the reserves read (in the same order). A pool's
 * id is its address; a token's vertex is its symbol, or whatever `vertexOf` names it.
 */
export function graphPools(
  pools: readonly Pick<PoolHandle, "address" | "token0" | "token1" | "feeBps">[],
  reserves: readonly PoolReserves[],
  vertexOf: (symbol: TokenSymbol) => string = (symbol) => symbol,
): Pool[] {
  return pools.map((pool, i) => ({
    id: pool.address,
    token0: vertexOf(pool.token0),
    token1: vertexOf(pool.token1),
    reserve0: reserves[i]!.reserve0,
    reserve1: reserves[i]!.reserve1,
    feeBps: pool.feeBps,
  }));
}

// ─── The index of public contracts ──────────────────────────────────────────────────────────────

/** The world's public contracts by address, built once per world (lookups are then synchronous). */
export interface WorldIndex {
  /** Router address (lower case) → its DEX. */
  routers: ReadonlyMap<string, DexHandle>;
  /** `dex:tokenA:tokenB` (either order) → pool. */
  pools: ReadonlyMap<string, PoolHandle>;
  /** Token → the pools pairing it with WETH, where its price in WETH (and so in gas) is read. */
  wethPools: ReadonlyMap<TokenSymbol, readonly PoolHandle[]>;
}

const indexes = new WeakMap<World, Promise<WorldIndex>>();

/** The world's routers and pools, cached for the life of the world. */
export function worldIndex(world: World): Promise<WorldIndex> {
  let index = indexes.get(world);
  if (!index) {
    index = buildIndex(world);
    indexes.set(world, index);
  }
  return index;
}

async function buildIndex(world: World): Promise<WorldIndex> {
  const routers = new Map<string, DexHandle>();
  for (const dex of Object.values(world.dexes))
    routers.set((await dex.router.getAddress()).toLowerCase(), dex);
  const pools = new Map<string, PoolHandle>();
  const wethPools = new Map<TokenSymbol, PoolHandle[]>();
  for (const pool of world.pools) {
    pools.set(`${pool.dex}:${pool.token0}:${pool.token1}`, pool);
    pools.set(`${pool.dex}:${pool.token1}:${pool.token0}`, pool);
    const other =
      pool.token0 === GAS_TOKEN ? pool.token1 : pool.token1 === GAS_TOKEN ? pool.token0 : undefined;
    if (other) wethPools.set(other, [...(wethPools.get(other) ?? []), pool]);
  }
  return { routers, pools, wethPools };
}

/** The pool of `dex` pairing two tokens, if the world has one. */
export function poolOf(index: WorldIndex, dex: string, tokenA: TokenSymbol, tokenB: TokenSymbol) {
  return index.pools.get(`${dex}:${tokenA}:${tokenB}`);
}

// ─── For narration ──────────────────────────────────────────────────────────────────────────────

/** "DEX A WETH/USDC: 1 WETH = 1,803.27 USDC; DEX B WETH/USDC: …": the WETH price on both DEXes. */
export async function wethPrices(world: World): Promise<string> {
  const { WETH, USDC } = world.tokens;
  const parts: string[] = [];
  for (const name of ["DEX A WETH/USDC", "DEX B WETH/USDC"]) {
    const pool = world.pools.find((p) => p.name === name)!;
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
    const price = priceInQuoteUnits(reserveIn, WETH.decimals, reserveOut);
    parts.push(`${name}: 1 WETH = ${formatAmount(price, USDC.decimals, 2)} USDC`);
  }
  return parts.join("; ");
}
