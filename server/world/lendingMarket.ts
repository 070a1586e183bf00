/**
 * A lending pool as a reader finds it, the world's or one a run deployed (by its name in the
 * registry), and the prices its next block will read. A Chainlink-style feed answers the same until it
 * is updated; a DEX TWAP oracle (contracts/oracle/DexTwapOracle.sol) moves every block, and its next
 * answer is known one block ahead (`averageAt`): no transaction of the next block can change it.
 */
import { DexTwapOracle__factory, type LendingPool, LendingPool__factory } from "../../typechain-types";
import { BLOCK_TIME_SECONDS } from "../chain/chain";
import type { World } from "./types";

/** The lending pool named `name` in the registry (undefined while nothing bears that name); the world's without a name. */
export function lendingPoolNamed(world: World, name: string | undefined): LendingPool | undefined {
  if (name === undefined) return world.lendingPool;
  const entry = world.registry.named(name);
  return entry?.kind === "lending"
    ? LendingPool__factory.connect(entry.address, world.chain.provider)
    : undefined;
}

/** A block's number and timestamp. */
export interface BlockTime {
  number: number;
  timestamp: number;
}

/** The block after `latest`: its number and timestamp (the sandbox mines a block every 12 s). */
function nextBlockOf(latest: BlockTime): BlockTime {
  return { number: latest.number + 1, timestamp: latest.timestamp + BLOCK_TIME_SECONDS };
}

/**
 * The USD price (8 decimals) of each listed asset of `pool`, by address, as the block after `latest`
 * will read it: a TWAP oracle's average for that block, a feed's latest answer.
 */
export async function nextBlockPrices(
  world: World,
  pool: LendingPool,
  latest: BlockTime,
): Promise<Map<string, bigint>> {
  const next = nextBlockOf(latest);
  const assets = await pool.listedAssets();
  const prices = await Promise.all(
    assets.map(async (asset) => {
      const { priceFeed } = await pool.getAssetConfig(asset);
      if (world.registry.lookup(priceFeed)?.kind !== "twap-oracle") return pool.getAssetPrice(asset);
      const oracle = DexTwapOracle__factory.connect(priceFeed, world.chain.provider);
      return oracle.averageAt(next.number, next.timestamp);
    }),
  );
  return new Map(assets.map((asset, i) => [asset, prices[i]!]));
}
