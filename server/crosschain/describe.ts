/**
 * The second chain for `GET /api/world` (its `chains` entry) and the start-up banner: its id, port,
 * latest block, contracts, tokens, pool and traders, read from the chain. Amounts are decimal strings
 * of base units. Read at most once a second, so that open readers never keep the chain busy.
 */
import { priceInQuoteUnits } from "../format";
import type { EntryKind } from "../world/registry";
import { SIDE_ACTORS, SIDE_TOKENS, type SideToken } from "./config";
import type { SideChain } from "./sideChain";

/** The least time between two reads of the second chain. */
const REFRESH_MS = 1_000;

export interface SideChainState {
  chainId: string;
  name: string;
  blockNumber: number;
  timestamp: number;
  contracts: { name: string; kind: EntryKind; address: string }[];
  tokens: { symbol: SideToken; name: string; decimals: number; address: string }[];
  pools: {
    name: string;
    address: string;
    feeBps: number;
    token0: SideToken;
    token1: SideToken;
    reserve0: string;
    reserve1: string;
    base: "WETH";
    quote: "USDC";
    /** USDC base units per whole WETH, from the reserves. */
    price: string;
  }[];
  actors: { name: string; address: string; eth: string; balances: Record<SideToken, string> }[];
}

/** Reads the second chain now. */
export async function describeSideChain(side: SideChain): Promise<SideChainState> {
  const { chain, registry, tokens, pool, actors, ref } = side.world;
  const block = await chain.latestBlock();
  const blockTag = block.number;
  const [reserve0, reserve1] = await pool.pair.getReserves({ blockTag });
  const [weth, usdc] = pool.token0 === "WETH" ? [reserve0, reserve1] : [reserve1, reserve0];
  const holders = await Promise.all(
    SIDE_ACTORS.filter((name) => name !== "builder").map(async (name) => {
      const { address } = actors[name];
      const [eth, ...held] = await Promise.all([
        chain.provider.getBalance(address, blockTag),
        ...SIDE_TOKENS.map((symbol) => tokens[symbol].contract.balanceOf(address, { blockTag })),
      ]);
      const balances = Object.fromEntries(SIDE_TOKENS.map((s, i) => [s, held[i]!.toString()]));
      return { name, address, eth: eth!.toString(), balances: balances as Record<SideToken, string> };
    }),
  );
  return {
    chainId: String(ref.id),
    name: ref.name,
    blockNumber: block.number,
    timestamp: block.timestamp,
    contracts: registry.entries().filter((e) => e.kind !== "actor" && e.kind !== "pool"),
    tokens: SIDE_TOKENS.map((symbol) => {
      const { name, decimals, address } = tokens[symbol];
      return { symbol, name, decimals, address };
    }),
    pools: [
      {
        name: pool.name,
        address: pool.address,
        feeBps: Number(pool.feeBps),
        token0: pool.token0,
        token1: pool.token1,
        reserve0: reserve0.toString(),
        reserve1: reserve1.toString(),
        base: "WETH",
        quote: "USDC",
        price: priceInQuoteUnits(weth, tokens.WETH.decimals, usdc).toString(),
      },
    ],
    actors: holders,
  };
}

/**
 * The second chain as last read, looked at again when asked and at least REFRESH_MS have passed:
 * read again only if a block came since (its state changes only with its blocks; a reset goes back
 * to a block it had). Reading it all is ~15 ms of CPU, and `GET /api/world` asks every second.
 */
export class PublishedSideChain {
  private last: { at: number; state: Promise<SideChainState> } | null = null;

  constructor(private readonly side: SideChain) {}

  state(): Promise<SideChainState> {
    if (!this.last || Date.now() - this.last.at >= REFRESH_MS) {
      const state = this.readSince(this.last?.state);
      this.last = { at: Date.now(), state };
      state.catch(() => {
        this.last = null; // the next reader tries again
      });
    }
    return this.last.state;
  }

  /** The chain read now, or `previous` if its latest block is still the one `previous` was read at. */
  private async readSince(previous: Promise<SideChainState> | undefined): Promise<SideChainState> {
    if (previous) {
      const [kept, latest] = await Promise.all([previous, this.side.world.chain.latestBlock()]);
      if (latest.number === kept.blockNumber && latest.timestamp === kept.timestamp) return kept;
    }
    return describeSideChain(this.side);
  }
}

/**
 * One chain of `GET /api/world`'s `chains`: the main chain is what the fields beside `chains`
 * describe; the second chain is described here whole.
 */
export type ChainEntry =
  | { chainId: string; name: string; rpcPort: number; blockNumber: number; described: "above" }
  | (SideChainState & { rpcPort: number; described: "here" });
