/**
 * The second chain for `GET /api/world` (its `chains` entry) and the start-up banner: its id, port,
 * latest block, contracts, tokens, pool and traders, read from the chain. Amounts are decimal strings
 * of base units. Read at most once a second, so that open readers never keep the chain busy.
 */
import type { Block } from "ethers";
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

/** Reads the second chain now, at its latest block (`latest`, when the caller has just read it). */
export async function describeSideChain(side: SideChain, latest?: Block): Promise<SideChainState> {
  const { chain, registry, tokens, pool, actors, ref } = side.world;
  const block = latest ?? (await chain.latestBlock());
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
    // The last cross-chain run's bridge too, while its code is on this chain.
    contracts: registry.allEntries().filter((e) => e.kind !== "actor" && e.kind !== "pool"),
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

/** A reading of the second chain, and the hash of the block it was read at. */
interface SideChainRead {
  state: SideChainState;
  hash: string | null;
}

/**
 * The second chain as last read, looked at again when asked and at least REFRESH_MS have passed:
 * read again only if its latest block is another (its state changes only with its blocks). Reading
 * it all is ~15 ms of CPU, and `GET /api/world` asks every second.
 */
export class PublishedSideChain {
  private last: { at: number; read: Promise<SideChainRead> } | null = null;

  constructor(private readonly side: SideChain) {}

  async state(): Promise<SideChainState> {
    if (!this.last || Date.now() - this.last.at >= REFRESH_MS) {
      const read = this.readSince(this.last?.read);
      this.last = { at: Date.now(), read };
      read.catch(() => {
        this.last = null; // the next reader tries again
      });
    }
    return (await this.last.read).state;
  }

  /** The chain read at its latest block, or `previous` if that block is the one `previous` was read at. */
  private async readSince(previous: Promise<SideChainRead> | undefined): Promise<SideChainRead> {
    const latest = await this.side.world.chain.latestBlock();
    const kept = await previous?.catch(() => undefined);
    if (kept && kept.hash !== null && kept.hash === latest.hash) return kept;
    return { state: await describeSideChain(this.side, latest), hash: latest.hash };
  }
}

/**
 * One chain of `GET /api/world`'s `chains`: the main chain is what the fields beside `chains`
 * describe; the second chain is described here whole.
 */
export type ChainEntry =
  | { chainId: string; name: string; rpcPort: number; blockNumber: number; described: "above" }
  | (SideChainState & { rpcPort: number; described: "here" });
