import { describe, expect, it } from "vitest";
import { getAmountOut } from "../../server/math/amm";
import { twoPoolClosedForm } from "../../server/math/arbitrage";
import {
  amountInToRaisePrice,
  breakEvenDropBps,
  bridgeFee,
  type CrossChainRoute,
  crossChainClosedForm,
  crossChainOutcome,
  optimalCrossChainTrade,
} from "../../server/math/crossChain";
import { createRandom } from "../../server/math/random";

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

/** USDC → WETH on a 1,000 WETH / 2,000,000 USDC pool; WETH → USDC on a pool where WETH is `tiltBps` dearer. */
function route(tiltBps: bigint, feeBps = 10n): CrossChainRoute {
  return {
    buy: { reserveIn: 2_000_000n * E6, reserveOut: 1_000n * E18, feeBps: 30n },
    feeBps,
    sell: {
      reserveIn: 500n * E18,
      reserveOut: (1_000_000n * E6 * (10_000n + tiltBps)) / 10_000n,
      feeBps: 30n,
    },
  };
}

describe("cross-chain arbitrage math", () => {
  it("takes the bridge's fee as MockBridge does: rounded down", () => {
    expect(bridgeFee(1_000n, 10n)).toBe(1n);
    expect(bridgeFee(999n, 10n)).toBe(0n);
    expect(bridgeFee(10n * E18, 30n)).toBe(3n * 10n ** 16n);
  });

  it("rounds each leg as its contract does", () => {
    const r = route(500n);
    const o = crossChainOutcome(10_000n * E6, r);
    expect(o.bought).toBe(getAmountOut(10_000n * E6, r.buy.reserveIn, r.buy.reserveOut, 30n));
    expect(o.fee).toBe(bridgeFee(o.bought, 10n));
    expect(o.released).toBe(o.bought - o.fee);
    expect(o.amountOut).toBe(getAmountOut(o.released, r.sell.reserveIn, r.sell.reserveOut, 30n));
    expect(o.profit).toBe(o.amountOut - o.amountIn);
  });

  it("is the two-pool closed form when the bridge takes nothing", () => {
    const r = route(400n, 0n);
    expect(crossChainClosedForm(r)).toBe(twoPoolClosedForm(r.buy, r.sell));
  });

  it("sizes the trade at the top of the profit curve", () => {
    const random = createRandom("cross-chain");
    for (let i = 0; i < 50; i++) {
      const r = route(random.bigint(100n, 2_000n), random.bigint(0n, 50n));
      const best = optimalCrossChainTrade(r, 10n ** 30n);
      if (!best) continue;
      for (const step of [best.amountIn / 100n, best.amountIn / 1_000n]) {
        expect(crossChainOutcome(best.amountIn + step, r).profit).toBeLessThanOrEqual(best.profit);
        expect(crossChainOutcome(best.amountIn - step, r).profit).toBeLessThanOrEqual(best.profit);
      }
    }
  });

  it("trades nothing when the gap does not beat both pools' fees and the bridge's", () => {
    expect(optimalCrossChainTrade(route(60n, 10n), 10n ** 30n)).toBeNull(); // 0.6% < 0.3% + 0.3% + 0.1%
    expect(optimalCrossChainTrade(route(500n), 0n)).toBeNull(); // no capital
  });

  it("keeps to the trader's capital", () => {
    const best = optimalCrossChainTrade(route(500n), 1_000n * E6)!;
    expect(best.amountIn).toBe(1_000n * E6);
    expect(best.profit).toBeGreaterThan(0n);
  });

  it("says how far the sale may fall before the trade loses", () => {
    const o = crossChainOutcome(10_000n * E6, route(500n));
    const drop = breakEvenDropBps(o, 20n * E6);
    expect(drop).toBe(((o.profit - 20n * E6) * 10_000n) / o.amountOut);
    // A sale that fetches `drop` less than today's still covers cost and gas; one a basis point more does not.
    const proceeds = (bps: bigint) => (o.amountOut * (10_000n - bps)) / 10_000n;
    expect(proceeds(drop) - o.amountIn - 20n * E6).toBeGreaterThanOrEqual(0n);
    expect(proceeds(drop + 1n) - o.amountIn - 20n * E6).toBeLessThan(0n);
  });

  it("finds the input that raises a pool's price by a factor, the fee aside", () => {
    const [usdc, weth] = [2_000_000n * E6, 1_000n * E18];
    const usdcIn = amountInToRaisePrice(usdc, 10_400n, 10_000n);
    // Without a fee, k stays: the new price is (usdc + in)² / k, 4% above usdc² / k.
    const priceBps = ((usdc + usdcIn) * (usdc + usdcIn) * 10_000n) / (usdc * usdc);
    expect(priceBps).toBe(10_399n); // rounded down: just under 4%
    const wethOut = getAmountOut(usdcIn, usdc, weth, 30n);
    const after = ((usdc + usdcIn) * E18) / (weth - wethOut);
    expect(after).toBeGreaterThan((2_000n * E6 * 10_390n) / 10_000n); // the fee stays in the pool: a bit less than 4%
    expect(() => amountInToRaisePrice(usdc, 9_000n, 10_000n)).toThrow(RangeError);
  });
});
