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
export interface PositionAhead {
  collateral: TokenAmount[];
  debt: TokenAmount[];
  /** 1e18-scaled; MAX_UINT256 without debt. */
  healthFactor: bigint;
  collateralUsd: bigint;
  debtUsd: bigint;
}

/** `user`'s position in the stage's pool at `prices` (by asset address), read at the latest block. */
export async function positionAhead(
  world: World,
  stage: CascadeStage,
  user: string,
  prices: ReadonlyMap<string, bigint>,
): Promise<PositionAhead> {
  const { pool } = stage;
  const assets = await Promise.all(
    [...prices].map(async ([address, price]) => {
      const [config, supplied, owed] = await Promise.all([
        pool.getAssetConfig(address),
        pool.collateralOf(user, address),
        pool.debtOf(user, address),
      ]);
      const { liquidationThresholdBps, ltvBps, decimals } = config;
      return { address, collateral: supplied, debt: owed, price, decimals, ltvBps, liquidationThresholdBps };
    }),
  );
  const amounts = (pick: (a: (typeof assets)[number]) => bigint): TokenAmount[] =>
    assets
      .filter((a) => pick(a) > 0n)
      .map((a) => {
        const token = tokenByAddress(world, a.address)!;
        return { amount: pick(a).toString(), symbol: token.symbol, decimals: token.decimals };
      });
  const collateral = amounts((a) => a.collateral);
  const debt = amounts((a) => a.debt);
  const data = calculateUserAccountData(assets);
  return {
    collateral,
    debt,
    healthFactor: data.healthFactor,
    collateralUsd: data.totalCollateralBase,
    debtUsd: data.totalDebtBase,
  };
}

/** The WETH price and each borrower's position as the block after `block` will read them. */
export async function stateAhead(world: World, stage: CascadeStage, block: BlockTime) {
  const prices = await nextBlockPrices(world, stage.pool, block);
  const positions = await Promise.all(
    stage.borrowers.map(async (b) => ({
      borrower: b,
      ...(await positionAhead(world, stage, b.address, prices)),
    })),
  );
  return { wethPrice: prices.get(world.tokens.WETH.address)!, positions };
}

/**
 * Each borrower's position at DEX A's price now, the price a TWAP settles at if nothing trades:
 * `window` blocks on, the average is that price (one USDC counted as one dollar, as the oracle does).
 */
export async function stateAtDexPrice(world: World, stage: CascadeStage, block: BlockTime) {
  const prices = await nextBlockPrices(world, stage.pool, block);
  const dexPrice = await dexPriceUsd(world, stage.dexPool, block.number);
  prices.set(world.tokens.WETH.address, dexPrice);
  const positions = await Promise.all(
    stage.borrowers.map(async (b) => ({
      borrower: b,
      ...(await positionAhead(world, stage, b.address, prices)),
    })),
  );
  return { dexPrice, positions };
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
