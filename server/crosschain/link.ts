/**
 * A bridge between the sandbox's main chain and the side chain, opened by a run: the run deploys one
 * MockBridge on each chain (each funded with liquidity to pay releases out of), and from then on
 * mines both chains in step, the side chain's block first, with the relayer reading each block.
 *
 * The link belongs to the main world it was opened on (one run drives the chain at a time): the bots
 * of the run find it there, as a searcher would find a bridge's public addresses.
 */

import { getCreateAddress, type TransactionRequest } from "ethers";
import { MockBridge__factory, TestToken__factory } from "../../typechain-types";
import type { Chain } from "../chain/chain";
import { type MinedBlock, minedBlockOf } from "../engine/bot";
import type { Engine } from "../engine/engine";
import { GWEI } from "../format";
import { toBaseUnits } from "../world/config";
import type { World } from "../world/types";
import {
  BRIDGE_LIQUIDITY,
  MAIN_CHAIN,
  MAIN_POOL_NAME,
  RELAYER,
  SIDE_TOKENS,
  SIDE_TRADERS,
  type SideToken,
} from "./config";
import { Relayer } from "./relayer";
import { blockEvent } from "./reports";
import { type SideChain, sideChain } from "./sideChain";
import type { SideWorld } from "./sideWorld";
import type { Venue, VenueToken } from "./venue";

/** The bridge's terms, the same on both chains. */
export interface BridgeTerms {
  /** Blocks of the destination chain between a transfer's relay and its release. */
  delayBlocks: number;
  /** The share of each lock the bridge keeps, in basis points. */
  feeBps: bigint;
}

const links = new WeakMap<World, CrossChainLink>();

/** The link the current run opened on `world`, if it opened one. */
export function linkOf(world: World): CrossChainLink | undefined {
  return links.get(world);
}

export class CrossChainLink {
  private constructor(
    readonly main: Venue,
    readonly side: Venue,
    readonly sideWorld: SideWorld,
    readonly terms: BridgeTerms,
    readonly relayer: Relayer,
    private readonly engine: Engine,
  ) {}

  /**
   * Takes the side chain back to its clean world, sends both bridges' deployments and their liquidity
   * (mined by the next `tick`), and announces the link (`crosschain:opened`).
   */
  static async open(engine: Engine, terms: BridgeTerms): Promise<CrossChainLink> {
    const side = await sideChain();
    await side.reset();
    const { world } = engine;
    const relayerAddress = world.actors[RELAYER].address;
    const main = await mainVenue(engine, await nextContractAddress(world.chain, relayerAddress));
    const sideVenue = venueOf(side, await nextContractAddress(side.world.chain, relayerAddress));
    for (const venue of [main, sideVenue]) {
      // The run's own name: forgotten when the chain goes back to its clean world.
      venue.registry.addForRun("bridge", venue.bridge, "bridge");
      await deployBridge(venue, relayerAddress, terms);
    }
    const relayer = new Relayer([main, sideVenue], relayerAddress, (draft) => engine.emit(draft));
    const link = new CrossChainLink(main, sideVenue, side.world, terms, relayer, engine);
    links.set(world, link);
    engine.emit({
      type: "crosschain:opened",
      chains: [main, sideVenue].map((venue) => ({
        chain: venue.ref,
        pool: { address: venue.pool.address, label: venue.pool.name },
        bridge: { address: venue.bridge, label: "bridge" },
      })),
      delayBlocks: terms.delayBlocks,
      feeBps: Number(terms.feeBps),
      relayer: { address: relayerAddress, label: RELAYER },
    });
    return link;
  }

  /** The other chain's venue. */
  other(venue: Venue): Venue {
    return venue === this.main ? this.side : this.main;
  }

  /** Mines the next block of each chain, the side chain's first; the relayer reads each. Returns the main chain's. */
  async tick(): Promise<MinedBlock> {
    await this.mineSide();
    const mined = await this.engine.mine();
    await this.relayer.afterBlock(this.main, mined);
    return mined;
  }

  private async mineSide(): Promise<void> {
    const { chain } = this.side;
    const block = await chain.mine();
    const mined = await minedBlockOf(chain, block);
    const traders = SIDE_TRADERS.map((name) => this.sideWorld.actors[name]);
    this.engine.emit(await blockEvent(this.side, block, mined, traders));
    await this.relayer.afterBlock(this.side, mined);
  }
}

/** The address `from`'s next contract deployment gets (its nonce counts what it has pending). */
async function nextContractAddress(chain: Chain, from: string): Promise<string> {
  const nonce = Number(BigInt(await chain.rpc<string>("eth_getTransactionCount", [from, "pending"])));
  return getCreateAddress({ from, nonce });
}

/** Sends the bridge's deployment, then mints its liquidity in each token (the relayer owns the tokens). */
async function deployBridge(venue: Venue, deployer: string, terms: BridgeTerms): Promise<void> {
  const deploy = await new MockBridge__factory().getDeployTransaction(
    deployer,
    terms.delayBlocks,
    terms.feeBps,
  );
  await venue.send(deployer, { data: deploy.data, maxPriorityFeePerGas: GWEI });
  const token = TestToken__factory.createInterface();
  for (const symbol of SIDE_TOKENS) {
    const amount = toBaseUnits(BRIDGE_LIQUIDITY[symbol], venue.tokens[symbol].decimals);
    await venue.send(deployer, {
      to: venue.tokens[symbol].address,
      data: token.encodeFunctionData("mint", [venue.bridge, amount]),
      maxPriorityFeePerGas: GWEI,
    });
  }
}

function tokensOf(
  tokens: Record<SideToken, { decimals: number; address: string }>,
): Record<SideToken, VenueToken> {
  return Object.fromEntries(
    SIDE_TOKENS.map((symbol) => [
      symbol,
      { symbol, decimals: tokens[symbol].decimals, address: tokens[symbol].address },
    ]),
  ) as Record<SideToken, VenueToken>;
}

/** The main chain: its DEX A WETH/USDC pool, transactions sent through the engine (its mempool feed sees them). */
async function mainVenue(engine: Engine, bridge: string): Promise<Venue> {
  const { world } = engine;
  const pool = world.pools.find((p) => p.name === MAIN_POOL_NAME)!;
  const dex = world.dexes[pool.dex];
  return {
    ref: MAIN_CHAIN,
    chain: world.chain,
    registry: world.registry,
    tokens: tokensOf(world.tokens),
    dexName: dex.name,
    router: await dex.router.getAddress(),
    pool: { ...pool, token0: pool.token0 as SideToken, token1: pool.token1 as SideToken },
    bridge,
    send: (from, tx) => engine.send(from, tx),
  };
}

/** The side chain: its one pool, transactions sent to its node (its builder orders them). */
function venueOf(side: SideChain, bridge: string): Venue {
  const { world } = side;
  return {
    ref: world.ref,
    chain: world.chain,
    registry: world.registry,
    tokens: tokensOf(world.tokens),
    dexName: world.dexName,
    router: world.routerAddress,
    pool: world.pool,
    bridge,
    send: async (from: string, tx: TransactionRequest) =>
      (await (await world.chain.signer(from)).sendTransaction(tx)).hash,
  };
}
