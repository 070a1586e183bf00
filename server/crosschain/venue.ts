/**
 * One chain as cross-chain code sees it, whichever it is: its WETH/USDC pool and router, its bridge,
 * names for its addresses, and how the sandbox's accounts send there. The main chain's transactions go
 * through the engine (so they reach its mempool feed and its builder); the side chain's to its node.
 */
import { dataSlice, type Interface, type TransactionRequest, toQuantity } from "ethers";
import { AmmPair__factory, AmmRouter__factory, TestToken__factory } from "../../typechain-types";
import type { Chain } from "../chain/chain";
import { bridgeInterface } from "../engine/bridgeCalls";
import type { ChainRef, Labelled, TokenAmount } from "../events";
import type { PoolReserves } from "../world/market";
import type { Registry } from "../world/registry";
import type { SideToken } from "./config";

export interface VenueToken {
  symbol: SideToken;
  decimals: number;
  address: string;
}

export interface VenuePool {
  name: string;
  address: string;
  token0: SideToken;
  token1: SideToken;
  feeBps: bigint;
}

export interface Venue {
  ref: ChainRef;
  chain: Chain;
  registry: Registry;
  tokens: Record<SideToken, VenueToken>;
  dexName: string;
  router: string;
  pool: VenuePool;
  bridge: string;
  /** Sends a transaction from one of the sandbox's accounts; returns its hash (mined with the chain's next block). */
  send(from: string, tx: TransactionRequest): Promise<string>;
}

const GET_RESERVES = AmmPair__factory.createInterface().encodeFunctionData("getReserves");
const erc20 = TestToken__factory.createInterface();
const router = AmmRouter__factory.createInterface();

/** Deadlines ten minutes after the latest block, as a wallet sets them. */
const DEADLINE_SECONDS = 600;

/** An eth_call at the end of block `blockTag` (the latest by default). */
function call(venue: Venue, to: string, data: string, blockTag?: number): Promise<string> {
  return venue.chain.rpc<string>("eth_call", [
    { to, data },
    blockTag === undefined ? "latest" : toQuantity(blockTag),
  ]);
}

/** The pool's reserves at the end of block `blockTag` (the latest by default), in the order of its token0 and token1. */
export async function readPool(venue: Venue, blockTag?: number): Promise<PoolReserves> {
  const result = await call(venue, venue.pool.address, GET_RESERVES, blockTag);
  return { reserve0: BigInt(dataSlice(result, 0, 32)), reserve1: BigInt(dataSlice(result, 32, 64)) };
}

/** `owner`'s balance of one of the venue's tokens, at the end of block `blockTag` (the latest by default). */
export async function readTokenBalance(
  venue: Venue,
  symbol: SideToken,
  owner: string,
  blockTag?: number,
): Promise<bigint> {
  const data = erc20.encodeFunctionData("balanceOf", [owner]);
  return BigInt(await call(venue, venue.tokens[symbol].address, data, blockTag));
}

/** A view function of the venue's bridge (`feeBps`, `delayBlocks`, `transfers` …), decoded. */
export async function readBridge(venue: Venue, fn: string, args: readonly unknown[] = []) {
  const iface: Interface = bridgeInterface;
  const result = await call(venue, venue.bridge, iface.encodeFunctionData(fn, args));
  return iface.decodeFunctionResult(fn, result);
}

/** The venue's token at `address` (any case), if it is WETH or USDC there. */
export function tokenAt(venue: Venue, address: string): VenueToken | undefined {
  return Object.values(venue.tokens).find((token) => token.address.toLowerCase() === address.toLowerCase());
}

/** An address with the name the venue's registry gives it. */
export function labelled(venue: Venue, address: string): Labelled {
  return { address, label: venue.registry.label(address) };
}

/** An amount of one of the venue's tokens, as events carry it. */
export function venueAmount(token: VenueToken, amount: bigint): TokenAmount {
  return { amount: amount.toString(), symbol: token.symbol, decimals: token.decimals };
}

/**
 * The router call (to and calldata) that swaps exactly `amountIn` of `path[0]` for at least
 * `amountOutMin` of `path[1]` on `venue`'s pool, for `trader`, with a wallet's deadline.
 */
export async function swapCall(
  venue: Venue,
  trader: string,
  path: readonly [SideToken, SideToken],
  amountIn: bigint,
  amountOutMin: bigint,
): Promise<{ to: string; data: string }> {
  const deadline = (await venue.chain.latestBlock()).timestamp + DEADLINE_SECONDS;
  const addresses = path.map((symbol) => venue.tokens[symbol].address);
  const data = router.encodeFunctionData("swapExactTokensForTokens", [
    amountIn,
    amountOutMin,
    addresses,
    trader,
    deadline,
  ]);
  return { to: venue.router, data };
}
