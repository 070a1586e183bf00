import { describe, expect, it } from "vitest";
import { quote } from "../../server/math/amm";
import {
  basketValueUsd,
  poolPriceUsd,
  priceGapBps,
  tokenToWeth,
  usdToWei,
  valueInUsd,
  wethToToken,
} from "../../server/math/price";

describe("prices and valuations", () => {
  it("values an amount at a USD price with 8 decimals, rounding toward zero", () => {
    expect(valueInUsd(10n ** 18n, 18, 200_000_000_000n)).toBe(200_000_000_000n); // 1 WETH at $2,000
    expect(valueInUsd(1_500_000n, 6, 100_000_000n)).toBe(150_000_000n); // 1.5 USDC at $1
    expect(valueInUsd(-(10n ** 18n), 18, 200_000_000_000n)).toBe(-200_000_000_000n);
  });

  it("turns a USD value into wei at the ETH price, or a share of it", () => {
    expect(usdToWei(200_000_000n, 200_000_000_000n)).toBe(10n ** 15n);
    expect(usdToWei(200_000_000n, 200_000_000_000n, 5_000n)).toBe(5n * 10n ** 14n);
  });

  it("converts WETH to a token and back at a pool's marginal price", () => {
    const [reserveWeth, reserveUsdc] = [1_000n * 10n ** 18n, 2_000_000n * 10n ** 6n];
    expect(wethToToken(10n ** 18n, reserveWeth, reserveUsdc)).toBe(
      quote(10n ** 18n, reserveWeth, reserveUsdc),
    );
    expect(tokenToWeth(2_000n * 10n ** 6n, reserveUsdc, reserveWeth)).toBe(10n ** 18n);
  });

  it("measures the gap between one pair's prices in basis points of the cheapest", () => {
    expect(priceGapBps([2_000n, 2_100n])).toBe(500n);
    expect(priceGapBps([2_100n, 2_000n, 2_050n])).toBe(500n);
    expect(priceGapBps([2_000n])).toBeNull();
    expect(priceGapBps([0n, 5n])).toBeNull();
  });

  it("prices a token in USD at a pool's marginal price against a dollar stablecoin", () => {
    expect(poolPriceUsd(1_000n * 10n ** 18n, 18, 2_000_000n * 10n ** 6n, 6, 8)).toBe(200_000_000_000n); // $2,000
    expect(poolPriceUsd(1_009_860n * 10n ** 15n, 18, 1_980_651_700_000n, 6, 8)).toBe(196_131_315_231n); // rounded down
    expect(poolPriceUsd(10n ** 8n, 8, 60_000n * 10n ** 6n, 6, 8)).toBe(6_000_000_000_000n); // 1 WBTC, 8 decimals
  });

  it("values a basket of signed changes, each at its own price", () => {
    const basket = [
      { amount: -(10n ** 16n) / 2n, decimals: 18, priceUsd: 200_000_000_000n }, // −0.005 ETH at $2,000
      { amount: -10n * 10n ** 18n, decimals: 18, priceUsd: 200_000_000_000n }, // −10 WETH
      { amount: 19_348_297_473n, decimals: 6, priceUsd: 100_000_000n }, // +19,348.297473 USDC
    ];
    expect(basketValueUsd(basket)).toBe(-1_000_000_000n - 2_000_000_000_000n + 1_934_829_747_300n);
    expect(basketValueUsd([])).toBe(0n);
  });
});
