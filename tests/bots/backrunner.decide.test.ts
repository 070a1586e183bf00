import { describe, expect, it } from "vitest";
import { decide } from "../../server/bots/backrunner/decide";
import { BACKRUN_BID_BPS } from "../../server/bots/backrunner/settings";
import type { BackrunSnapshot } from "../../server/bots/backrunner/types";
import { executeGas } from "../../server/bots/kit/executor";
import { PAYMENT_GAS } from "../../server/bots/kit/fees";
import { BPS, getAmountOut } from "../../server/math/amm";
import { rankArbitrages } from "../../server/math/graph";
import { graphPools } from "../../server/world/market";
import { BASE_FEE, poolInfo, TOKEN_INFOS, units } from "../helpers/snapshots";

// Two WETH/USDC pools at the same price, WETH being token0 of both.
const POOLS = [
  poolInfo("DEX A WETH/USDC", "0xA", "dexA", "WETH", "USDC"),
  poolInfo("DEX B WETH/USDC", "0xB", "dexB", "WETH", "USDC"),
];
const RESERVES = [
  { reserve0: units(1_000n, "WETH"), reserve1: units(2_000_000n, "USDC") },
  { reserve0: units(500n, "WETH"), reserve1: units(1_000_000n, "USDC") },
];
const CAPITAL = units(200n, "WETH");

/** bob's pending swap of `amountIn` WETH for USDC on DEX A. */
function snapshot(amountIn: bigint): BackrunSnapshot {
  return {
    target: { hash: "0xbob", trader: "bob", amountIn, path: ["WETH", "USDC"], route: [0] },
    pools: POOLS,
    reserves: RESERVES,
    capital: CAPITAL,
    tokens: TOKEN_INFOS,
    nextBaseFee: BASE_FEE,
  };
}

describe("back-runner decide (pure, from a snapshot)", () => {
  it("plays bob's 100 WETH on DEX A, then bundles the best cycle on the prices it leaves and bids half its profit after gas", () => {
    const amountIn = units(100n, "WETH");
    const choice = decide(snapshot(amountIn), { maxHops: 3 });
    if (choice.kind !== "backrun") throw new Error(`expected a back-run, got ${choice.reason}`);
    // bob's swap by hand: DEX A gets +100 WETH and −out USDC.
    const out = getAmountOut(amountIn, RESERVES[0]!.reserve0, RESERVES[0]!.reserve1, 30n);
    expect(choice.situation.amounts).toEqual([amountIn, out]);
    const after = [
      { reserve0: RESERVES[0]!.reserve0 + amountIn, reserve1: RESERVES[0]!.reserve1 - out },
      RESERVES[1]!,
    ];
    const [best] = rankArbitrages(graphPools(POOLS, after), {
      maxHops: 3,
      startTokens: ["WETH"],
      maxAmountIn: () => CAPITAL,
    });
    expect(choice.best).toEqual(best);
    // WETH is cheap on A now: sell WETH on B, buy it back on A.
    expect(choice.best.cycle.map((hop) => hop.pool.id)).toEqual(["0xB", "0xA"]);
    const gas = (executeGas(2) + PAYMENT_GAS) * BASE_FEE;
    expect(choice.situation.gasCost).toBe(gas);
    expect(choice.bid).toBe(((best!.profit - gas) * BACKRUN_BID_BPS) / BPS);
  });

  it("refuses a swap too small to open a cycle that beats two fees", () => {
    const choice = decide(snapshot(units(1n, "WETH")), { maxHops: 3 });
    expect(choice).toMatchObject({ kind: "refuse", reason: "no-cycle", formulas: [] });
    if (choice.kind === "refuse")
      expect(choice.explanation).toBe(
        "after bob's swap no cycle of up to 3 pools starting from WETH gains anything: nothing to back-run.",
      );
  });
});
