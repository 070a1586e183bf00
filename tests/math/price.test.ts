import { describe, expect, it } from "vitest";
import { quote } from "../../server/math/amm";
import { priceGapBps, tokenToWeth, usdToWei, valueInUsd, wethToToken } from "../../server/math/price";

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
});
