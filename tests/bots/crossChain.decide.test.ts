import { describe, expect, it } from "vitest";
import { decide, directionOf } from "../../server/bots/crossChain/decide";
import { CROSS_CHAIN_TIP, LOCK_GAS, SWAP_GAS } from "../../server/bots/crossChain/settings";
import type { ChainView, CrossChainSnapshot } from "../../server/bots/crossChain/types";
import { bridgeFee, crossChainOutcome } from "../../server/math/crossChain";
import { BASE_FEE, TOKEN_INFOS, units } from "../helpers/snapshots";

/** A chain whose WETH/USDC pool (WETH token0) holds `weth` and `usdc` whole tokens; the bot holds `capital` USDC there. */
function chain(id: number, weth: bigint, usdc: bigint, capital: bigint, feeBps = 10n): ChainView {
  return {
    chain: { id, name: id === 31337 ? "main chain" : "side chain" },
    pool: { name: id === 31337 ? "DEX A WETH/USDC" : "Side DEX WETH/USDC", token0: "WETH", feeBps: 30n },
    reserves: { reserve0: units(weth, "WETH"), reserve1: units(usdc, "USDC") },
    capital: units(capital, "USDC"),
    bridgeFeeBps: feeBps,
    delayBlocks: 5,
  };
}

function snapshot(main: ChainView, side: ChainView): CrossChainSnapshot {
  return { chains: [main, side], tokens: TOKEN_INFOS, block: 31, nextBaseFee: BASE_FEE };
}

describe("cross-chain arbitrageur decide (pure, from a snapshot)", () => {
  it("buys where WETH is cheap, bridges and sells where it is dear, sized by the closed form, after gas on both chains", () => {
    // WETH at 2,000 USDC on the main chain, 2,100 on the side chain.
    const s = snapshot(chain(31337, 1_000n, 2_000_000n, 1_000_000n), chain(31338, 500n, 1_050_000n, 0n));
    const choice = decide(s);
    if (choice?.kind !== "cross-chain") throw new Error(`expected a trade, got ${JSON.stringify(choice)}`);
    expect([choice.direction.from, choice.direction.to]).toEqual([0, 1]);
    const o = choice.outcome;
    expect(o).toEqual(crossChainOutcome(o.amountIn, choice.direction.route));
    expect(o.fee).toBe(bridgeFee(o.bought, 10n));
    const gasWei = (SWAP_GAS + LOCK_GAS + SWAP_GAS) * (BASE_FEE + CROSS_CHAIN_TIP);
    expect(choice.direction.gasWei).toBe(gasWei);
    expect(choice.net).toBe(o.profit - choice.direction.gasUsdc);
    expect(choice.net).toBeGreaterThan(0n);
    expect(choice.breakEvenDropBps).toBe(((o.profit - choice.direction.gasUsdc) * 10_000n) / o.amountOut);
  });

  it("goes the other way when WETH is cheap on the side chain and it holds USDC there", () => {
    const s = snapshot(chain(31337, 1_000n, 2_100_000n, 0n), chain(31338, 500n, 1_000_000n, 100_000n));
    const choice = decide(s);
    if (choice?.kind !== "cross-chain") throw new Error("expected a trade");
    expect([choice.direction.from, choice.direction.to]).toEqual([1, 0]);
  });

  it("cannot buy where it holds no USDC", () => {
    const s = snapshot(chain(31337, 1_000n, 2_100_000n, 0n), chain(31338, 500n, 1_000_000n, 0n));
    expect(decide(s)).toBeUndefined();
  });

  it("says nothing when the prices agree within the fees", () => {
    const s = snapshot(chain(31337, 1_000n, 2_000_000n, 1_000_000n), chain(31338, 500n, 1_005_000n, 0n));
    expect(directionOf(s, 0, 1).outcome).toBeNull();
    expect(decide(s)).toBeUndefined();
  });

  it("declines with the numbers when the trade gains less than its gas", () => {
    // 0.8% dearer: a few USDC above the fees, less than three transactions' gas.
    const s = snapshot(chain(31337, 1_000n, 2_000_000n, 1_000_000n), chain(31338, 500n, 1_008_000n, 0n));
    const choice = decide(s);
    if (choice?.kind !== "refuse") throw new Error("expected a refusal");
    expect(choice.reason).toBe("unprofitable-after-gas");
    expect(choice.explanation).toContain("not more than the");
    expect(choice.inputs["side chain bridge delay (blocks)"]).toBe("5");
    expect(choice.formulas[0]!.name).toContain("closed-form");
  });
});
