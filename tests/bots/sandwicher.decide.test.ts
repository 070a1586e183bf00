import { describe, expect, it } from "vitest";
import { PAYMENT_GAS } from "../../server/bots/kit/fees";
import { decide, sealedTerms } from "../../server/bots/sandwicher/decide";
import {
  BACKRUN_GAS,
  BACKRUN_TIP_BELOW_VICTIM,
  FRONTRUN_GAS,
  FRONTRUN_TIP_ABOVE_VICTIM,
} from "../../server/bots/sandwicher/settings";
import type { SandwichSnapshot } from "../../server/bots/sandwicher/types";
import { formatToken } from "../../server/format";
import { amountOutMinFor, BPS, getAmountOut, quote } from "../../server/math/amm";
import {
  largestFrontrun,
  planSandwich,
  type SandwichParameters,
  victimOutputAfterFrontrun,
} from "../../server/math/sandwich";
import { BASE_FEE, TIP, TOKEN_INFOS, units } from "../helpers/snapshots";

const RESERVE_WETH = units(1_000n, "WETH");
const RESERVE_USDC = units(2_000_000n, "USDC");
const VICTIM_IN = units(10n, "WETH");

/** alice sells 10 WETH for USDC on a 1,000 WETH / 2,000,000 USDC pool, with a slippage tolerance in bps. */
function snapshot(slippageBps: bigint, balance = units(1_000n, "WETH")): SandwichSnapshot {
  const quoted = getAmountOut(VICTIM_IN, RESERVE_WETH, RESERVE_USDC, 30n);
  return {
    swap: {
      hash: "0xvictim",
      victim: "alice",
      router: "DEX A router",
      dex: "DEX A",
      tip: TIP,
      amountIn: VICTIM_IN,
      amountOutMin: amountOutMinFor(quoted, slippageBps),
      path: ["WETH", "USDC"],
    },
    pool: {
      name: "DEX A WETH/USDC",
      feeBps: 30n,
      tokenIn: "WETH",
      tokenOut: "USDC",
      reserveIn: RESERVE_WETH,
      reserveOut: RESERVE_USDC,
    },
    balance,
    wethPrice: undefined,
    tokens: TOKEN_INFOS,
    nextBaseFee: BASE_FEE,
  };
}

/** The parameters planSandwich takes, worked out by hand from the same numbers. */
function paramsOf(s: SandwichSnapshot, capital: bigint): SandwichParameters {
  const gas =
    FRONTRUN_GAS * (BASE_FEE + TIP + FRONTRUN_TIP_ABOVE_VICTIM) +
    BACKRUN_GAS * (BASE_FEE + TIP - BACKRUN_TIP_BELOW_VICTIM);
  return {
    victimAmountIn: VICTIM_IN,
    amountOutMin: s.swap.amountOutMin,
    reserveIn: RESERVE_WETH,
    reserveOut: RESERVE_USDC,
    feeBps: 30n,
    attackerCapital: capital < s.balance ? capital : s.balance,
    gasCost: gas,
  };
}

const show = (amount: bigint, symbol: "WETH" | "USDC") => formatToken(amount, TOKEN_INFOS[symbol], 6);

describe("sandwicher decide (pure, from a snapshot)", () => {
  const capital = units(1_000n, "WETH");

  it("frontruns with the bisection's largest frontrun, to the unit of USDC: alice is left exactly her amountOutMin", () => {
    const s = snapshot(200n);
    const choice = decide(s, { capital, path: "public" });
    if (choice.kind !== "sandwich") throw new Error(`expected a sandwich, got ${choice.reason}`);
    const params = paramsOf(s, capital);
    expect(choice.situation.params).toEqual(params);
    const largest = largestFrontrun(params);
    expect(largest.limitedBy).toBe("slippage");
    const f = choice.decision.outcome.frontrun.amountIn;
    // The cheapest input that buys what the largest frontrun buys: same USDC, so alice gets exactly her minimum.
    expect(f).toBeLessThanOrEqual(largest.amountIn);
    expect(getAmountOut(f, RESERVE_WETH, RESERVE_USDC, 30n)).toBe(
      getAmountOut(largest.amountIn, RESERVE_WETH, RESERVE_USDC, 30n),
    );
    expect(victimOutputAfterFrontrun(f, params)).toBe(s.swap.amountOutMin);
    expect(choice.decision.outcome).toEqual((planSandwich(params) as typeof choice.decision).outcome);
    expect(choice.decision.outcome.netProfit).toBeGreaterThan(0n);
    // The tips that order the block around alice's 2 gwei.
    expect(choice.situation.frontTip).toBe(TIP + FRONTRUN_TIP_ABOVE_VICTIM);
    expect(choice.situation.backTip).toBe(TIP - BACKRUN_TIP_BELOW_VICTIM);
  });

  it("with 0.1% slippage it refuses, naming alice's minimum and the frontrun it leaves room for", () => {
    const s = snapshot(10n);
    const choice = decide(s, { capital, path: "public" });
    if (choice.kind !== "refuse") throw new Error("expected a refusal");
    const params = paramsOf(s, capital);
    const expected = planSandwich(params);
    if (expected.kind !== "skip") throw new Error("the math sandwiches");
    expect(choice.reason).toBe(expected.reason);
    expect(choice.reason).toBe("unprofitable-after-gas");
    const room = largestFrontrun(params).amountIn;
    expect(choice.explanation).toBe(
      `alice's amountOutMin of ${show(s.swap.amountOutMin, "USDC")} leaves room for a frontrun of only ${show(room, "WETH")}, ` +
        `which would earn ${show(expected.best!.grossProfit, "WETH")}, less than the ${show(params.gasCost!, "WETH")} the two transactions cost in gas.`,
    );
    expect(choice.inputs["amountOutMin (USDC)"]).toBe(s.swap.amountOutMin.toString());
    expect(choice.formulas[0]!.result).toBe(`${room} (one wei more and the victim's swap would revert)`);
  });

  it("puts in at most what it holds: its capital is the smaller of the setting and its balance", () => {
    const balance = units(5n, "WETH");
    const s = snapshot(200n, balance);
    const choice = decide(s, { capital, path: "public" });
    if (choice.kind !== "sandwich") throw new Error(`expected a sandwich, got ${choice.reason}`);
    expect(choice.situation.params.attackerCapital).toBe(balance);
    expect(choice.decision).toEqual(planSandwich(paramsOf(s, capital)));
    expect(choice.decision.maxFrontrun).toEqual({ amountIn: balance, limitedBy: "capital" });
  });

  it("with no capital it refuses for lack of capital, whatever the slippage", () => {
    const choice = decide(snapshot(200n), { capital: 0n, path: "public" });
    expect(choice.kind).toBe("refuse");
    if (choice.kind !== "refuse") return;
    expect(choice.reason).toBe("capital-too-small");
    expect(choice.explanation).toBe(
      `the searcher has no capital for a frontrun: it may use at most ${show(0n, "WETH")} (it holds ${show(units(1_000n, "WETH"), "WETH")}), so it cannot buy ahead of alice.`,
    );
  });

  it("refuses a swap through two pools without reading a pool", () => {
    const s = { ...snapshot(200n), pool: undefined };
    s.swap = { ...s.swap, path: ["WETH", "USDC", "DAI"] };
    const choice = decide(s, { capital, path: "public" });
    expect(choice).toMatchObject({ kind: "refuse", reason: "multi-hop-path", formulas: [] });
    if (choice.kind === "refuse")
      expect(choice.explanation).toBe(
        "alice swaps along WETH → USDC → DAI (2 pools); this searcher only sandwiches swaps through a single pool.",
      );
  });

  it("in a bundle: no tips, the payment's gas counts, and the backrun's minimum covers frontrun, gas and bid", () => {
    const s = snapshot(200n);
    const choice = decide(s, { capital, path: "bundle" });
    if (choice.kind !== "sandwich") throw new Error("expected a sandwich");
    const { situation, decision } = choice;
    expect([situation.frontTip, situation.backTip]).toEqual([0n, 0n]);
    expect(situation.gasWei).toBe((FRONTRUN_GAS + BACKRUN_GAS + PAYMENT_GAS) * BASE_FEE);
    const terms = sealedTerms(situation, decision.outcome, 3_000, null);
    const bid = (decision.outcome.netProfit * 3_000n) / BPS;
    expect(terms).toEqual({
      bps: 3_000,
      arm: null,
      bid,
      bidWei: bid,
      backMin: decision.outcome.frontrun.amountIn + decision.outcome.gasCost + bid,
    });
  });

  it("prices gas and capital in its input token at the WETH pool's price when it sells USDC", () => {
    const base = snapshot(200n);
    const amountIn = units(20_000n, "USDC");
    const quoted = getAmountOut(amountIn, RESERVE_USDC, RESERVE_WETH, 30n);
    const s: SandwichSnapshot = {
      ...base,
      swap: { ...base.swap, amountIn, amountOutMin: amountOutMinFor(quoted, 200n), path: ["USDC", "WETH"] },
      pool: {
        ...base.pool!,
        tokenIn: "USDC",
        tokenOut: "WETH",
        reserveIn: RESERVE_USDC,
        reserveOut: RESERVE_WETH,
      },
      balance: units(2_000_000n, "USDC"),
      wethPrice: { reserveWeth: RESERVE_WETH, reserveToken: RESERVE_USDC },
    };
    const choice = decide(s, { capital: units(10n, "WETH"), path: "public" });
    const { params, gasWei } = choice.kind === "sandwich" ? choice.situation : (undefined as never);
    expect(params.attackerCapital).toBe(quote(units(10n, "WETH"), RESERVE_WETH, RESERVE_USDC));
    expect(params.gasCost).toBe(quote(gasWei, RESERVE_WETH, RESERVE_USDC));
  });
});
