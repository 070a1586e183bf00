/**
 * What the cascade's lending pool looks like after each block, as the next block will read it: each
 * borrower's position and health factor at the oracle's next price (a TWAP's next answer is known a
 * block ahead; a feed's is its latest), published as `position:updated` and `oracle:updated`. The
 * health factor is the pool's formula (server/math/lending.ts) over what is read from the chain.
 */
import type { BlockWatcher } from "../engine/engine";
import type { EventDraft, PositionUpdated, TokenAmount } from "../events";
import { calculateUserAccountData, MAX_UINT256 } from "../math/lending";
import { USD_DECIMALS } from "../world/config";
import { type BlockTime, nextBlockPrices } from "../world/lendingMarket";
import { tokenByAddress } from "../world/market";
import type { World } from "../world/types";
import { type CascadeStage, dexPriceUsd } from "./cascadeStage";

/** A borrower's position as the next block will read it. */
interface PositionAhead {
  collateral: TokenAmount[];
  debt: TokenAmount[];
  /** 1e18-scaled; MAX_UINT256 without debt. */
  healthFactor: bigint;
  collateralUsd: bigint;
  debtUsd: bigint;
}

/** A listed asset of the pool, with the price the next block reads and the parameters the health factor uses. */
interface PricedAsset {
  address: string;
  price: bigint;
  decimals: bigint;
  ltvBps: bigint;
  liquidationThresholdBps: bigint;
}

/** The pool's listed assets at `prices` (by address), their risk parameters read once. */
async function pricedAssets(
  stage: CascadeStage,
  prices: ReadonlyMap<string, bigint>,
): Promise<PricedAsset[]> {
  return Promise.all(
    [...prices].map(async ([address, price]) => {
      const { decimals, ltvBps, liquidationThresholdBps } = await stage.pool.getAssetConfig(address);
      return { address, price, decimals, ltvBps, liquidationThresholdBps };
    }),
  );
}

/** `user`'s position in the stage's pool with its `assets` priced as the next block reads them. */
async function positionAhead(
  world: World,
  stage: CascadeStage,
  user: string,
  assets: readonly PricedAsset[],
): Promise<PositionAhead> {
  const held = await Promise.all(
    assets.map(async (asset) => {
      const [collateral, debt] = await Promise.all([
        stage.pool.collateralOf(user, asset.address),
        stage.pool.debtOf(user, asset.address),
      ]);
      return { ...asset, collateral, debt };
    }),
  );
  const amounts = (pick: (a: (typeof held)[number]) => bigint): TokenAmount[] =>
    held
      .filter((a) => pick(a) > 0n)
      .map((a) => {
        const token = tokenByAddress(world, a.address)!;
        return { amount: pick(a).toString(), symbol: token.symbol, decimals: token.decimals };
      });
  const data = calculateUserAccountData(held);
  return {
    collateral: amounts((a) => a.collateral),
    debt: amounts((a) => a.debt),
    healthFactor: data.healthFactor,
    collateralUsd: data.totalCollateralBase,
    debtUsd: data.totalDebtBase,
  };
}

/** Each borrower's position at `prices` (by asset address). */
async function positionsAt(world: World, stage: CascadeStage, prices: ReadonlyMap<string, bigint>) {
  const assets = await pricedAssets(stage, prices);
  return Promise.all(
    stage.borrowers.map(async (borrower) => ({
      borrower,
      ...(await positionAhead(world, stage, borrower.address, assets)),
    })),
  );
}

/** The WETH price and each borrower's position as the block after `block` will read them. */
export async function stateAhead(world: World, stage: CascadeStage, block: BlockTime) {
  const prices = await nextBlockPrices(world, stage.pool, block);
  return {
    wethPrice: prices.get(world.tokens.WETH.address)!,
    positions: await positionsAt(world, stage, prices),
  };
}

/**
 * Each borrower's position at DEX A's price now, the price a TWAP settles at if nothing trades:
 * `window` blocks on, the average is that price (one USDC counted as one dollar, as the oracle does).
 */
export async function stateAtDexPrice(world: World, stage: CascadeStage, block: BlockTime) {
  const prices = await nextBlockPrices(world, stage.pool, block);
  const dexPrice = await dexPriceUsd(world, stage.dexPool, block.number);
  prices.set(world.tokens.WETH.address, dexPrice);
  return { dexPrice, positions: await positionsAt(world, stage, prices) };
}

/**
 * After every block: the TWAP oracle's next price when it moved, and each borrower's position when it
 * changed (its collateral, debt or health factor), as the next block will read them.
 */
export function cascadeWatcher(world: World, stage: CascadeStage): BlockWatcher {
  let lastPrice: bigint | undefined;
  const lastPositions = new Map<string, string>();
  return async (block) => {
    const { wethPrice, positions } = await stateAhead(world, stage, block);
    const drafts: EventDraft[] = [];
    if (stage.oracle && wethPrice !== lastPrice) {
      lastPrice = wethPrice;
      drafts.push({
        type: "oracle:updated",
        block: block.number,
        symbol: "WETH",
        price: wethPrice.toString(),
        decimals: USD_DECIMALS,
      });
    }
    for (const { borrower, ...position } of positions) {
      const draft: EventDraft<PositionUpdated> = {
        type: "position:updated",
        block: block.number,
        user: { address: borrower.address, label: borrower.name },
        collateral: position.collateral,
        debt: position.debt,
        healthFactor: position.healthFactor === MAX_UINT256 ? "max" : position.healthFactor.toString(),
        collateralUsd: position.collateralUsd.toString(),
        debtUsd: position.debtUsd.toString(),
      };
      const key = JSON.stringify({ ...draft, block: 0 });
      if (lastPositions.get(borrower.address) === key) continue;
      lastPositions.set(borrower.address, key);
      drafts.push(draft);
    }
    return drafts;
  };
}
