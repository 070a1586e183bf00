/**
 * The liquidator selling what it seizes at once (the cascade's liquidator), decided from plain
 * snapshots: the sale quoted with the pool's formula, the liquidation sent only if the sale repays the
 * debt and the gas, its next sale in the block quoted on what its first leaves, and its settings.
 */
import { describe, expect, it } from "vitest";
import { BiddingError } from "../../server/bots/kit/bidding";
import { decide } from "../../server/bots/liquidator/decide";
import { healthOfHoldings } from "../../server/bots/liquidator/plan";
import { afterSale } from "../../server/bots/liquidator/sale";
import {
  SALE_GAS,
  SALE_SLIPPAGE_BPS,
  TIP,
  TWAP_LIQUIDATION_CALL_GAS,
  validateLiquidator,
} from "../../server/bots/liquidator/settings";
import type { Asset, DexPool, LiquidationSnapshot, Position } from "../../server/bots/liquidator/types";
import { amountOutMinFor, getAmountOut } from "../../server/math/amm";
import { gasCostInToken } from "../../server/math/liquidation";
import { BASE_FEE, units } from "../helpers/snapshots";

const usd = (dollars: bigint) => dollars * 10n ** 8n;
const asset = (symbol: string, decimals: bigint, price: bigint, threshold: bigint, bonus: bigint): Asset => ({
  address: `0x${symbol}`,
  symbol,
  decimals,
  price,
  liquidationThresholdBps: threshold,
  liquidationBonusBps: bonus,
});

/** borrower 2 of the cascade, priced as the next block reads WETH: 40 WETH against 62,264 USDC. */
function position(wethPrice: bigint): Position {
  const holdings = [
    { asset: asset("WETH", 18n, wethPrice, 8_250n, 10_500n), collateral: units(40n, "WETH"), debt: 0n },
    { asset: asset("USDC", 6n, usd(1n), 8_000n, 10_450n), collateral: 0n, debt: 62_264_150_943n },
  ];
  return {
    user: "0xborrower2",
    label: "borrower 2",
    healthFactor: healthOfHoldings(holdings),
    holdings,
    ahead: true,
  };
}

/** DEX A's WETH/USDC at `wethPrice` dollars, 1,000 WETH deep. */
function dexA(wethPrice: bigint): DexPool {
  return {
    name: "DEX A WETH/USDC",
    router: "0xrouterA",
    token0: "0xWETH",
    token1: "0xUSDC",
    reserve0: units(1_000n, "WETH"),
    reserve1: units(1_000n * wethPrice, "USDC"),
    feeBps: 30n,
  };
}

function snapshot(oraclePrice: bigint, dexPrice: bigint): LiquidationSnapshot {
  const p = position(usd(oraclePrice));
  return {
    position: p,
    poolHoldings: new Map([["0xWETH", units(200n, "WETH")]]),
    balances: new Map([["0xUSDC", units(500_000n, "USDC")]]),
    flashLiquidity: new Map(),
    dexPools: [dexA(dexPrice)],
    ethPrice: usd(oraclePrice),
    update: undefined,
    block: 33,
    nextBaseFee: BASE_FEE,
  };
}

describe("liquidator that sells what it seizes", () => {
  it("sells the seized WETH on the DEX pool and counts what the sale brings, less the debt and the gas", () => {
    const s = snapshot(1_872n, 1_872n);
    const choice = decide(s, { flash: false, bundled: false, sell: true });
    if (choice.kind !== "liquidate" || choice.funding.kind !== "sell") throw new Error("expected a sale");
    const { plan, funding } = choice;
    const soldFor = getAmountOut(
      plan.collateralAmount,
      units(1_000n, "WETH"),
      units(1_872_000n, "USDC"),
      30n,
    );
    expect(funding.soldFor).toBe(soldFor);
    expect(funding.profit).toBe(soldFor - plan.debtToCover);
    expect(funding.minOut).toBe(amountOutMinFor(soldFor, SALE_SLIPPAGE_BPS));
    const gasWei = (TWAP_LIQUIDATION_CALL_GAS + SALE_GAS) * (BASE_FEE + TIP);
    expect(funding.gasInDebt).toBe(gasCostInToken(gasWei, usd(1_872n), usd(1n), 6n));
    expect(choice.inputs.market).toBe("DEX A WETH/USDC");
  });

  it("declines when the oracle values the collateral above what the DEX pays for it", () => {
    // the oracle still averages in $1,900 while DEX A pays $1,780: the 5% bonus does not cover the gap
    const choice = decide(snapshot(1_872n, 1_780n), { flash: false, bundled: false, sell: true });
    expect(choice.kind).toBe("refuse");
    if (choice.kind !== "refuse") return;
    expect(choice.reason).toBe("unprofitable");
    expect(choice.explanation).toContain("more than the pool pays for it");
  });

  it("quotes its next sale of the block on the pool its first sale leaves", () => {
    const pool = dexA(1_872n);
    const sold = units(17n, "WETH");
    const after = afterSale(pool, "0xWETH", sold);
    const out = getAmountOut(sold, pool.reserve0, pool.reserve1, 30n);
    expect(after).toMatchObject({ reserve0: pool.reserve0 + sold, reserve1: pool.reserve1 - out });
  });

  it("takes a pool of its own on the public path with its own capital only", () => {
    expect(() => validateLiquidator({ flash: false, sellOn: "DEX A WETH/USDC" })).toThrow(BiddingError);
    expect(() => validateLiquidator({ flash: true, lendingPool: "cascade lending pool" })).toThrow(
      "lendingPool takes the public path",
    );
    expect(() =>
      validateLiquidator({ flash: false, lendingPool: "cascade lending pool", sellOn: "DEX A WETH/USDC" }),
    ).not.toThrow();
  });
});
