/**
 * The second chain and the bridge, described once: its id and name, its small world (WETH and USDC, one
 * DEX with one pool, funded traders), and the accounts that act on both chains. The same Hardhat
 * accounts exist on both chains, as one wallet's address does on any EVM chain.
 */
import { CHAIN_ID } from "../chain/settings";
import type { ChainRef } from "../events";
import type { ActorName } from "../world/actors";
import type { TokenSymbol } from "../world/config";

/** The sandbox's own chain, as the cross-chain events name it. */
export const MAIN_CHAIN: ChainRef = { id: CHAIN_ID, name: "main chain" };

/** The second chain: another in-process Hardhat network with its own id and world. */
export const SIDE_CHAIN: ChainRef = { id: CHAIN_ID + 1, name: "side chain" };

/** The tokens the second chain has (its own contracts, with the main chain's symbols and decimals). */
export const SIDE_TOKENS = ["WETH", "USDC"] as const satisfies readonly TokenSymbol[];
export type SideToken = (typeof SIDE_TOKENS)[number];

/** The second chain's DEX: one factory and router, Uniswap V2's fee. */
export const SIDE_DEX = { name: "Side DEX", feeBps: 30n } as const;

/** Its WETH/USDC pool: total value at start in whole US dollars, half on each side at the oracle price. */
export const SIDE_POOL_LIQUIDITY_USD = 2_000_000n;

/** The pool the arbitrage watches on the main chain. */
export const MAIN_POOL_NAME = "DEX A WETH/USDC";

/** The accounts that exist on the second chain's world, in the registry's order. */
export const SIDE_ACTORS = [
  "admin",
  "lp",
  "alice",
  "bob",
  "arbitrageur",
  "builder",
] as const satisfies readonly ActorName[];
export type SideActor = (typeof SIDE_ACTORS)[number];

/** The second chain's traders: whose balances its blocks report. */
export const SIDE_TRADERS = ["alice", "bob", "arbitrageur"] as const satisfies readonly SideActor[];

/**
 * Starting token balances on the second chain, in whole tokens. The arbitrageur has none there: what it
 * holds on the side chain at the end came over the bridge or from its sale.
 */
export const SIDE_FUNDING: Partial<Record<SideActor, Record<SideToken, bigint>>> = {
  // Enough to move the price 5% a block, either way, through the longest delay.
  alice: { WETH: 1_000n, USDC: 2_000_000n },
  bob: { WETH: 200n, USDC: 1_000_000n },
};

/** The bridge's own liquidity on each chain, in whole tokens: what it pays releases out of. */
export const BRIDGE_LIQUIDITY: Record<SideToken, bigint> = { WETH: 1_000n, USDC: 2_000_000n };

/** The sandbox account that deploys both bridges and relays transfers between them. */
export const RELAYER: ActorName = "admin";
