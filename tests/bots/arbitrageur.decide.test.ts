import { describe, expect, it } from "vitest";
import {
  answerRival,
  decide,
  publicLimits,
  refuseOutbid,
  sealedTerms,
} from "../../server/bots/arbitrageur/decide";
import { ARBITRAGE_TIP } from "../../server/bots/arbitrageur/settings";
import type { ArbitragePlan, ArbitrageSnapshot, PublicAuction } from "../../server/bots/arbitrageur/types";
import { nextPublicTip } from "../../server/bots/kit/bidding";
import { executeGas } from "../../server/bots/kit/executor";
import { PAYMENT_GAS } from "../../server/bots/kit/fees";
import { formatToken } from "../../server/format";
import { quote } from "../../server/math/amm";
import { bidOf } from "../../server/math/bandit";
import { rankArbitrages } from "../../server/math/graph";
import type { TokenSymbol } from "../../server/world/config";
import { graphPools, type PoolReserves } from "../../server/world/market";
import { BASE_FEE, poolInfo, TOKEN_INFOS, units } from "../helpers/snapshots";

const POOLS = [
  poolInfo("DEX A WETH/USDC", "0xA", "dexA", "WETH", "USDC"),
  poolInfo("DEX B WETH/USDC", "0xB", "dexB", "WETH", "USDC"),
];
const CAPITAL = new Map<TokenSymbol, bigint>([
  ["WETH", units(200n, "WETH")],
  ["USDC", units(400_000n, "USDC")],
  ["DAI", 0n],
  ["WBTC", 0n],
]);
const SETTINGS = { name: "arbitrageur", maxHops: 2, tip: ARBITRAGE_TIP };

/** DEX A's price after bob dumped WETH on it (1,100 WETH), DEX B's untouched; or a gap of `usdcOnB` USDC on B. */
function snapshot(reserves: PoolReserves[]): ArbitrageSnapshot {
  return { pools: POOLS, reserves, capital: CAPITAL, tokens: TOKEN_INFOS, block: 30, nextBaseFee: BASE_FEE };
}
const AFTER_DUMP = [
  { reserve0: units(1_100n, "WETH"), reserve1: 1_818_677_821_224n },
  { reserve0: units(500n, "WETH"), reserve1: units(1_000_000n, "USDC") },
];
const GAS_WEI = executeGas(2) * (BASE_FEE + ARBITRAGE_TIP);

/**
 * The best cycle worked out by hand: every cycle from WETH and USDC, its gas in its start token (USDC
 * at the price of DEX A, the pool with more WETH), ranked by net profit in WETH.
 */
function bestByHand(reserves: PoolReserves[]) {
  const ranked = rankArbitrages(graphPools(POOLS, reserves), {
    maxHops: 2,
    startTokens: ["WETH", "USDC"],
    maxAmountIn: (token) => CAPITAL.get(token as TokenSymbol),
  });
  const [reserveWeth, reserveUsdc] = [reserves[0]!.reserve0, reserves[0]!.reserve1];
  const candidates = ranked.map((opportunity) => {
    const usdc = opportunity.startToken === "USDC";
    const gasCost = usdc ? quote(GAS_WEI, reserveWeth, reserveUsdc) : GAS_WEI;
    const net = opportunity.profit - gasCost;
    const netInWeth = !usdc
      ? net
      : net < 0n
        ? -quote(-net, reserveUsdc, reserveWeth)
        : quote(net, reserveUsdc, reserveWeth);
    return { opportunity, gasCost, netInWeth };
  });
  return candidates.reduce((best, c) => (c.netInWeth > best.netInWeth ? c : best));
}

function planOf(s: ArbitrageSnapshot): ArbitragePlan {
  const choice = decide(s, SETTINGS, new Map());
  if (choice?.kind !== "arbitrage") throw new Error(`expected a plan, got ${choice?.reason ?? "nothing"}`);
  return choice;
}

describe("arbitrageur decide (pure, from a snapshot)", () => {
  it("ranks every cycle from the tokens it holds by net profit in WETH, the gas priced at the deepest WETH pool", () => {
    const plan = planOf(snapshot(AFTER_DUMP));
    const expected = bestByHand(AFTER_DUMP);
    expect(plan.best.opportunity).toEqual(expected.opportunity);
    expect(plan.best.gasWei).toBe(GAS_WEI);
    expect(plan.best.gasCost).toBe(expected.gasCost);
    expect(plan.best.netInWeth).toBe(expected.netInWeth);
    // WETH is cheap on A: buy it there, sell it on B.
    expect(plan.best.opportunity.cycle.map((hop) => hop.pool.id)).toEqual(
      plan.best.startToken === "USDC" ? ["0xA", "0xB"] : ["0xB", "0xA"],
    );
  });

  it("says nothing when no cycle pays anything, and refuses one that pays less than its gas, naming both", () => {
    const level = [
      { reserve0: units(1_000n, "WETH"), reserve1: units(2_000_000n, "USDC") },
      { reserve0: units(500n, "WETH"), reserve1: units(1_000_000n, "USDC") },
    ];
    expect(decide(snapshot(level), SETTINGS, new Map())).toBeUndefined();
    const narrow = [level[0]!, { reserve0: units(500n, "WETH"), reserve1: units(1_006_100n, "USDC") }];
    const choice = decide(snapshot(narrow), SETTINGS, new Map());
    if (choice?.kind !== "refuse") throw new Error("expected a refusal");
    expect(choice.reason).toBe("unprofitable-after-gas");
    const { opportunity, gasCost } = bestByHand(narrow);
    const show = (amount: bigint) =>
      formatToken(amount, TOKEN_INFOS[opportunity.startToken as TokenSymbol], 6);
    expect(opportunity.profit).toBeLessThan(gasCost);
    expect(choice.explanation).toContain(
      `${show(opportunity.profit)} of profit, less than the ${show(gasCost)}`,
    );
  });

  it("does not send again a trade that reverted while nothing has moved", () => {
    const s = snapshot(AFTER_DUMP);
    const plan = planOf(s);
    const choice = decide(s, SETTINGS, new Map([[plan.id, 31]]));
    expect(choice).toMatchObject({ kind: "refuse", reason: "reverted-before", id: plan.id });
    if (choice?.kind === "refuse") expect(choice.explanation).toContain("reverted in block #31");
  });

  it("bids a share of the value after its and the payment's base-fee gas; minProfit covers gas and payment", () => {
    const plan = planOf(snapshot(AFTER_DUMP));
    const { best } = plan;
    const value = best.profitInWeth - (best.gasUnits + PAYMENT_GAS) * BASE_FEE;
    const terms = sealedTerms(plan, 7_000, 2);
    if (terms.kind !== "sealed") throw new Error("expected a bid");
    expect(terms.value).toBe(value);
    expect(terms.bid).toBe(bidOf(value, 7_000));
    const payment = terms.bid + PAYMENT_GAS * BASE_FEE;
    const inStart =
      best.startToken === "WETH" ? payment : quote(payment, AFTER_DUMP[0]!.reserve0, AFTER_DUMP[0]!.reserve1);
    expect(terms.minProfit).toBe(best.gasCost + inStart);
    expect(sealedTerms(plan, 0, null)).toMatchObject({ kind: "refuse", reason: "no-room-to-bid" });
  });

  it("in a gas auction: ignores lower tips, raises above a rival within its limit, stops beyond it", () => {
    const plan = planOf(snapshot(AFTER_DUMP));
    const { value, maxTip } = publicLimits(plan, 5_000);
    expect(value).toBe(plan.best.profitInWeth - plan.best.gasUnits * BASE_FEE);
    const auction: PublicAuction = {
      plan,
      nonce: 0,
      tip: ARBITRAGE_TIP,
      maxFee: 0n,
      value,
      maxTip,
      round: 1,
      pools: new Set(["0xa", "0xb"]),
      stopped: false,
    };
    expect(answerRival(auction, ARBITRAGE_TIP - 1n, 2_500, BASE_FEE)).toEqual({ kind: "ignore" });
    const raised = answerRival(auction, ARBITRAGE_TIP, 2_500, BASE_FEE);
    const next = nextPublicTip(ARBITRAGE_TIP, ARBITRAGE_TIP, 2_500, maxTip);
    expect(raised).toMatchObject({ kind: "raise", tip: next.kind === "raise" ? next.tip : -1n });
    const stop = answerRival(auction, maxTip, 2_500, BASE_FEE);
    if (stop.kind !== "stop") throw new Error("expected it to stop");
    expect(stop.needed).toBe(maxTip + 1n);
    const refusal = refuseOutbid(auction, stop, "arbitrageur", 5_000);
    expect(refusal.reason).toBe("outbid");
    expect(refusal.inputs["most it pays (bps of value)"]).toBe("5000");
  });
});
