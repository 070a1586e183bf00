/**
 * Reads the world's state from the chain into plain data: what `npm start` prints and what the
 * API will serve. Amounts are decimal strings of base units, with the token's decimals beside them.
 */

import { priceInQuoteUnits } from "../format";
import { ACTOR_NAMES } from "./actors";
import type { TokenSymbol } from "./config";
import type { EntryKind } from "./registry";
import type { World } from "./types";

export interface TokenState {
  symbol: TokenSymbol;
  name: string;
  decimals: number;
  address: string;
  /** Oracle price in USD base units (8 decimals). */
  oraclePriceUsd: string;
}

export interface PoolState {
  name: string;
  dex: string;
  address: string;
  feeBps: number;
  token0: TokenSymbol;
  token1: TokenSymbol;
  reserve0: string;
  reserve1: string;
  /** The pool's price reads "1 base = price quote"; base and quote follow the world's pool list. */
  base: TokenSymbol;
  quote: TokenSymbol;
  /** Quote-token base units per whole base token, from the reserves. */
  price: string;
}

export interface ActorState {
  name: string;
  role: string;
  address: string;
  /** Ether balance in wei. */
  eth: string;
  balances: Record<TokenSymbol, string>;
}

export interface WorldState {
  chainId: string;
  blockNumber: number;
  timestamp: number;
  contracts: { name: string; kind: EntryKind; address: string }[];
  tokens: TokenState[];
  pools: PoolState[];
  actors: ActorState[];
}

export async function describeWorld(world: World): Promise<WorldState> {
  const { chain, registry } = world;
  const [network, block] = await Promise.all([chain.provider.getNetwork(), chain.latestBlock()]);
  const blockTag = block.number;
  const tokenList = Object.values(world.tokens);

  const tokens = await Promise.all(
    tokenList.map(async (token): Promise<TokenState> => {
      const [, answer] = await world.feeds[token.symbol].latestRoundData({ blockTag });
      return {
        symbol: token.symbol,
        name: token.name,
        decimals: token.decimals,
        address: token.address,
        oraclePriceUsd: answer.toString(),
      };
    }),
  );

  const pools = await Promise.all(
    world.pools.map(async (pool): Promise<PoolState> => {
      const [reserve0, reserve1] = await pool.pair.getReserves({ blockTag });
      const { base, quote } = pool;
      const baseReserve = base === pool.token0 ? reserve0 : reserve1;
      const quoteReserve = base === pool.token0 ? reserve1 : reserve0;
      return {
        name: pool.name,
        dex: world.dexes[pool.dex].name,
        address: pool.address,
        feeBps: Number(pool.feeBps),
        token0: pool.token0,
        token1: pool.token1,
        reserve0: reserve0.toString(),
        reserve1: reserve1.toString(),
        base,
        quote,
        price: priceInQuoteUnits(baseReserve, world.tokens[base].decimals, quoteReserve).toString(),
      };
    }),
  );

  const actors = await Promise.all(
    ACTOR_NAMES.map(async (name): Promise<ActorState> => {
      const actor = world.actors[name];
      const [eth, ...balances] = await Promise.all([
        chain.provider.getBalance(actor.address, blockTag),
        ...tokenList.map((token) => token.contract.balanceOf(actor.address, { blockTag })),
      ]);
      return {
        name,
        role: actor.role,
        address: actor.address,
        eth: eth.toString(),
        balances: Object.fromEntries(tokenList.map((t, i) => [t.symbol, balances[i]!.toString()])) as Record<
          TokenSymbol,
          string
        >,
      };
    }),
  );

  return {
    chainId: network.chainId.toString(),
    blockNumber: block.number,
    timestamp: block.timestamp,
    contracts: registry.entries().filter((e) => e.kind !== "actor" && e.kind !== "pool"),
    tokens,
    pools,
    actors,
  };
}
