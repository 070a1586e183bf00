import { describe, expect, it } from "vitest";
import { decide } from "../../server/bots/jit/decide";
import { ADD_LIQUIDITY_GAS, JIT_BID_BPS, REMOVE_LIQUIDITY_GAS } from "../../server/bots/jit/settings";
import type { JitSnapshot } from "../../server/bots/jit/types";
import { PAYMENT_GAS } from "../../server/bots/kit/fees";
import { formatBps, formatToken } from "../../server/format";
import { BPS, quote } from "../../server/math/amm";
import { sqrt } from "../../server/math/bigint";
import { type JitParameters, planJit } from "../../server/math/jit";
import { BASE_FEE, TOKEN_INFOS, units } from "../helpers/snapshots";

const RESERVE_WETH = units(1_000n, "WETH");
const RESERVE_USDC = units(2_000_000n, "USDC");
const GAS_WEI = (ADD_LIQUIDITY_GAS + REMOVE_LIQUIDITY_GAS + PAYMENT_GAS) * BASE_FEE;

/** bob sells `amountIn` of a token into DEX A's WETH/USDC pool; the provider holds 1,000 WETH and 2,000,000 USDC. */
function snapshot(tokenIn: "WETH" | "USDC", amountIn: bigint): JitSnapshot {
  const weth = tokenIn === "WETH";
  return {
    swap: { hash: "0xtrade", trader: "bob", amountIn },
    pool: {
      name: "DEX A WETH/USDC",
      feeBps: 30n,
      tokenIn,
      tokenOut: weth ? "USDC" : "WETH",
      reserveIn: weth ? RESERVE_WETH : RESERVE_USDC,
      reserveOut: weth ? RESERVE_USDC : RESERVE_WETH,
      totalSupply: sqrt(RESERVE_WETH * RESERVE_USDC),
      wethPrice: { reserveWeth: RESERVE_WETH, reserveToken: RESERVE_USDC },
    },
    balanceIn: weth ? units(1_000n, "WETH") : units(2_000_000n, "USDC"),
    balanceOut: weth ? units(2_000_000n, "USDC") : units(1_000n, "WETH"),
    tokens: TOKEN_INFOS,
    nextBaseFee: BASE_FEE,
  };
}

function paramsOf(s: JitSnapshot, depositInDesired: bigint, depositOutDesired: bigint): JitParameters {
  const { pool, swap } = s;
  return {
    reserveIn: pool.reserveIn,
    reserveOut: pool.reserveOut,
    totalSupply: pool.totalSupply,
    feeBps: 30n,
    victimAmountIn: swap.amountIn,
    depositInDesired,
    depositOutDesired,
  };
}

const weth = (amount: bigint) => formatToken(amount, TOKEN_INFOS.WETH, 6);

describe("JIT provider decide (pure, from a snapshot)", () => {
  it("deposits what planJit sizes for bob's 50 WETH, its WETH capped by the capital setting, and bids half of what is left", () => {
    const s = snapshot("WETH", units(50n, "WETH"));
    const capital = units(400n, "WETH");
    const choice = decide(s, { capital });
    if (choice.kind !== "jit") throw new Error(`expected liquidity, got ${choice.reason}`);
    const params = paramsOf(s, capital, units(2_000_000n, "USDC"));
    expect(choice.situation.params).toEqual(params);
    expect(choice.situation.gasCost).toBe(GAS_WEI);
    const expected = planJit(params, GAS_WEI, JIT_BID_BPS);
    expect(choice.decision).toEqual(expected);
    if (expected.kind !== "jit") return;
    expect(choice.decision.outcome.depositIn).toBe(capital); // the WETH side binds
    expect(choice.bidWei).toBe(expected.bid); // WETH in: the bid is already in wei
    expect(expected.bid).toBe(((expected.outcome.feeShare - GAS_WEI) * JIT_BID_BPS) / BPS);
  });

  it("refuses a swap whose fee share does not pay the gas, naming both", () => {
    const s = snapshot("WETH", units(1n, "WETH"));
    const choice = decide(s, { capital: units(1_000n, "WETH") });
    if (choice.kind !== "refuse") throw new Error("expected a refusal");
    expect(choice.reason).toBe("fee-share-below-gas");
    const expected = planJit(
      paramsOf(s, units(1_000n, "WETH"), units(2_000_000n, "USDC")),
      GAS_WEI,
      JIT_BID_BPS,
    );
    const o = expected.outcome!;
    expect(choice.explanation).toBe(
      `bob's ${weth(units(1n, "WETH"))} pays 0.30% in fees; the provider's ${formatBps((o.liquidity * BPS) / o.supply)} of it is ${weth(o.feeShare)}, not more than the ${weth(GAS_WEI)} its three transactions cost in gas.`,
    );
    expect(choice.formulas.map((f) => f.name)).toContain("fee share");
  });

  it("prices the gas in USDC at the pool's own price when bob sells USDC", () => {
    const s = snapshot("USDC", units(100_000n, "USDC"));
    const choice = decide(s, { capital: units(1_000n, "WETH") });
    const situation = choice.kind === "jit" ? choice.situation : undefined;
    expect(situation?.gasCost).toBe(quote(GAS_WEI, RESERVE_WETH, RESERVE_USDC));
    if (choice.kind === "jit")
      expect(choice.bidWei).toBe(quote(choice.decision.bid, RESERVE_USDC, RESERVE_WETH));
  });

  it("with no tokens it mints nothing and says so", () => {
    const s = { ...snapshot("WETH", units(50n, "WETH")), balanceIn: 0n, balanceOut: 0n };
    const choice = decide(s, { capital: units(1_000n, "WETH") });
    expect(choice).toMatchObject({ kind: "refuse", reason: "no-liquidity-minted" });
  });
});
