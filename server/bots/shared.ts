/**
 * What both MEV bots need: an index of the world's public contracts (routers, pools, tokens) built
 * once, gas costs turned into a token at a pool's price, fee fields and amounts for events.
 * Everything here is what any searcher knows: public addresses and state read from the chain.
 */
import { dataSlice } from "ethers";
import { AmmPair__factory, AmmRouter__factory, TestToken__factory } from "../../typechain-types";
import type { PendingTx } from "../engine/bot";
import type { TokenAmount } from "../events";
import { formatToken, GWEI } from "../format";
import { quote } from "../math/amm";
import type { TokenSymbol } from "../world/config";
import type { DexHandle, PoolHandle, TokenHandle, World } from "../world/types";

export { GWEI };
/** Gas of a plain ETH transfer: a bundle's payment to the builder. */
export const PAYMENT_GAS = 21_000n;
/** The token gas is paid in, wrapped: gas costs are converted from ETH at a WETH pool's price. */
export const GAS_TOKEN: TokenSymbol = "WETH";

/** The world's public contracts by address, built once per world (lookups are then synchronous). */
export interface WorldIndex {
  /** Router address (lower case) → its DEX. */
  routers: ReadonlyMap<string, DexHandle>;
  /** Token address (lower case) → token. */
  tokens: ReadonlyMap<string, TokenHandle>;
  /** `dex:tokenA:tokenB` (either order) → pool. */
  pools: ReadonlyMap<string, PoolHandle>;
  /** Token → the pools pairing it with WETH, where its price in WETH (and so in gas) is read. */
  wethPools: ReadonlyMap<TokenSymbol, readonly PoolHandle[]>;
}

const indexes = new WeakMap<World, Promise<WorldIndex>>();

/** The world's routers, tokens and pools by address, cached for the life of the world. */
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
  const tokens = new Map(Object.values(world.tokens).map((t) => [t.address.toLowerCase(), t]));
  const pools = new Map<string, PoolHandle>();
  const wethPools = new Map<TokenSymbol, PoolHandle[]>();
  for (const pool of world.pools) {
    pools.set(`${pool.dex}:${pool.token0}:${pool.token1}`, pool);
    pools.set(`${pool.dex}:${pool.token1}:${pool.token0}`, pool);
    const other =
      pool.token0 === GAS_TOKEN ? pool.token1 : pool.token1 === GAS_TOKEN ? pool.token0 : undefined;
    if (other) wethPools.set(other, [...(wethPools.get(other) ?? []), pool]);
  }
  return { routers, tokens, pools, wethPools };
}

/** Reserves of a pool, in the order of its token0 and token1. */
export interface PoolReserves {
  reserve0: bigint;
  reserve1: bigint;
}

/** A pool's reserves of `tokenIn` and of the other token. */
export function orient(pool: PoolHandle, reserves: PoolReserves, tokenIn: TokenSymbol) {
  return tokenIn === pool.token0
    ? { reserveIn: reserves.reserve0, reserveOut: reserves.reserve1 }
    : { reserveIn: reserves.reserve1, reserveOut: reserves.reserve0 };
}

const GET_RESERVES = AmmPair__factory.createInterface().encodeFunctionData("getReserves");
const erc20 = TestToken__factory.createInterface();

/** A raw `eth_call` at the latest block (a third of the time of a contract object's call). */
function ethCall(world: World, to: string, data: string): Promise<string> {
  return world.chain.rpc<string>("eth_call", [{ to, data }, "latest"]);
}

/** Reads a pool's reserves with one call. */
export async function readReserves(world: World, pool: PoolHandle): Promise<PoolReserves> {
  const result = await ethCall(world, pool.address, GET_RESERVES);
  // getReserves returns (uint112, uint112, uint32), each in a 32-byte word.
  return { reserve0: BigInt(dataSlice(result, 0, 32)), reserve1: BigInt(dataSlice(result, 32, 64)) };
}

/** Reads `owner`'s balance of a world token with one call. */
export async function readBalance(world: World, symbol: TokenSymbol, owner: string): Promise<bigint> {
  return BigInt(
    await ethCall(world, world.tokens[symbol].address, erc20.encodeFunctionData("balanceOf", [owner])),
  );
}

/**
 * Converts an amount of WETH (a gas cost in wei, a budget) into `symbol` at the marginal price of
 * `pool`, a WETH/`symbol` pool: `quote(amount, reserveWETH, reserveToken)`, rounded down.
 */
export function wethTo(
  symbol: TokenSymbol,
  amount: bigint,
  pool?: PoolHandle,
  reserves?: PoolReserves,
): bigint {
  if (symbol === GAS_TOKEN || amount === 0n) return amount;
  if (!pool || !reserves) throw new Error(`no WETH/${symbol} pool to price ${symbol} in`);
  const { reserveIn: reserveWeth, reserveOut: reserveToken } = orient(pool, reserves, GAS_TOKEN);
  return quote(amount, reserveWeth, reserveToken);
}

/** Converts an amount of `symbol` into WETH at the marginal price of a WETH/`symbol` pool (inverse of {@link wethTo}). */
export function toWeth(
  symbol: TokenSymbol,
  amount: bigint,
  pool?: PoolHandle,
  reserves?: PoolReserves,
): bigint {
  if (symbol === GAS_TOKEN) return amount;
  if (!pool || !reserves) throw new Error(`no WETH/${symbol} pool to price ${symbol} in`);
  const { reserveIn: reserveToken, reserveOut: reserveWeth } = orient(pool, reserves, symbol);
  const sign = amount < 0n ? -1n : 1n;
  return amount === 0n ? 0n : sign * quote(sign * amount, reserveToken, reserveWeth);
}

/** EIP-1559 fee fields as a wallet sets them: the tip, and room for the base fee to double. */
export function feeFields(nextBaseFee: bigint, tip: bigint) {
  return { maxPriorityFeePerGas: tip, maxFeePerGas: 2n * nextBaseFee + tip };
}

/** Gas cost in wei of `units` gas at the next block's base fee plus `tip`. */
export function gasCostWei(units: bigint, nextBaseFee: bigint, tip: bigint): bigint {
  return units * (nextBaseFee + tip);
}

/** An amount of ETH (wei) as events carry it: bids and payments to the builder. */
export function ethAmount(wei: bigint): TokenAmount {
  return { amount: wei.toString(), symbol: "ETH", decimals: 18 };
}

/** An amount of a world token, for events. */
export function tokenAmount(world: World, symbol: TokenSymbol, amount: bigint): TokenAmount {
  return { amount: amount.toString(), symbol, decimals: world.tokens[symbol].decimals };
}

/** "1.2345 WETH": an amount for sentences. */
export function show(world: World, symbol: TokenSymbol, amount: bigint, digits = 6): string {
  return formatToken(amount, world.tokens[symbol], digits);
}

/**
 * The latest block's timestamp, cached by block number: deadlines are set from it without a round
 * trip when the bot has already seen the block.
 */
export class BlockClock {
  private known: { number: number; timestamp: number } | undefined;

  remember(number: number, timestamp: number): void {
    this.known = { number, timestamp };
  }

  async timestampOf(world: World, number: number): Promise<number> {
    if (this.known?.number !== number) {
      const block = await world.chain.provider.getBlock(number);
      if (!block) throw new Error(`block ${number} not found`);
      this.remember(number, block.timestamp);
    }
    return this.known!.timestamp;
  }
}

const routerInterface = AmmRouter__factory.createInterface();

/** A pending `swapExactTokensForTokens` sent to one of the world's routers. */
export interface RouterSwap {
  tx: PendingTx;
  dex: DexHandle;
  amountIn: bigint;
  amountOutMin: bigint;
  /** Symbols of the path; undefined where a token is not one of the world's. */
  path: (TokenSymbol | undefined)[];
}

/** The victim's call, if it is a `swapExactTokensForTokens` sent to one of the world's routers. */
export function routerSwap(index: WorldIndex, tx: PendingTx): RouterSwap | undefined {
  const dex = tx.to ? index.routers.get(tx.to.toLowerCase()) : undefined;
  if (!dex) return undefined;
  let call: ReturnType<typeof routerInterface.parseTransaction>;
  try {
    call = routerInterface.parseTransaction({ data: tx.data });
  } catch {
    return undefined; // calldata that does not decode: the router would revert it anyway
  }
  if (call?.name !== "swapExactTokensForTokens") return undefined;
  const path = (call.args.path as string[]).map(
    (address) => index.tokens.get(address.toLowerCase())?.symbol as TokenSymbol | undefined,
  );
  return { tx, dex, amountIn: call.args.amountIn, amountOutMin: call.args.amountOutMin, path };
}
