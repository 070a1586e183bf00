/**
 * A bad day: the arbitrageur runs with risk limits (server/bots/kit/risk.ts). Round after round bob
 * sells WETH on DEX A and a rival sees the same gap: it answers the arbitrageur's public transaction
 * with a higher tip, so its trade lands first, and the arbitrageur's, mined after it, finds the gap
 * closed and reverts, paying its gas for nothing. After three failures in a row the throttle pauses it
 * for two blocks; it comes back, fails again, its equity falls further below its peak than its
 * drawdown limit allows, and the drawdown stop halts it: the rival has the next gap to itself.
 */
import { ARBITRAGE_TIP } from "../bots/arbitrageur/settings";
import { DEFAULT_RISK_LIMITS, type RiskLimits } from "../bots/kit/risk";
import type { SandboxEvent } from "../events";
import { formatAmount, formatGwei } from "../format";
import { wethPrices } from "../world/market";
import { approve, GWEI, whaleSwap } from "./actions";
import { bidsIn, publicBidsText } from "./auctionText";
import { botsFor } from "./bots";
import type { ParamValues } from "./params";
import { dayTally, limitsText, riskDay } from "./riskText";
import { defineScenario, type StepDefinition } from "./scenario";
import { blockOrder, decisionsIn, inspectorVerdict, sentences, worldAmount } from "./text";

const ethDefault = (wei: bigint) => formatAmount(wei, 18, 18).replaceAll(",", "");
const LIMITS = DEFAULT_RISK_LIMITS;

const params = {
  whaleSize: {
    kind: "amount",
    symbol: "WETH",
    decimals: 18,
    description: "how much WETH bob trades each round",
    default: "25",
    min: "5",
    max: "100",
  },
  rivalBump: {
    kind: "number",
    unit: "%",
    description: "how far above the arbitrageur's tip the rival goes (a replacement needs ≥ 10%)",
    default: 25,
    min: 10,
    max: 100,
  },
  maxPosition: {
    kind: "amount",
    symbol: "ETH",
    decimals: 18,
    description: "the arbitrageur's position limit: the most one trade may put in, valued in ETH",
    default: ethDefault(LIMITS.maxPosition),
    min: "0.001",
    max: "10000",
  },
  maxDrawdown: {
    kind: "amount",
    symbol: "ETH",
    decimals: 18,
    description: "the arbitrageur's drawdown stop: how far its equity may fall below its peak",
    default: "0.015",
    min: "0.001",
    max: "100",
  },
  minSuccessRate: {
    kind: "number",
    unit: "%",
    description: "the least share of its last trades (the window) that must succeed",
    default: LIMITS.minSuccessRateBps / 100,
    min: 0,
    max: 100,
  },
  successWindow: {
    kind: "number",
    integer: true,
    description: "how many of its last trades the success rate counts (it applies once it made that many)",
    default: LIMITS.successWindow,
    min: 1,
    max: 20,
  },
  throttleAfter: {
    kind: "number",
    integer: true,
    description: "failed trades in a row after which the throttle pauses it",
    default: LIMITS.throttleAfterFailures,
    min: 1,
    max: 20,
  },
  throttleBlocks: {
    kind: "number",
    integer: true,
    description: "blocks the throttle pauses it for (0: no pause)",
    default: LIMITS.throttleBlocks,
    min: 0,
    max: 20,
  },
} as const;

type Params = ParamValues<typeof params>;

/** The arbitrageur's risk limits from the parameters. */
function limitsOf(p: Params): RiskLimits {
  return {
    maxPosition: p.maxPosition,
    maxDrawdown: p.maxDrawdown,
    minSuccessRateBps: Math.round(p.minSuccessRate * 100),
    successWindow: p.successWindow,
    throttleAfterFailures: p.throttleAfter,
    throttleBlocks: p.throttleBlocks,
  };
}

/** Rounds of the day: bob sells, both searchers see the gap. */
const ROUNDS = 6;
/** The rival raises up to this share of an opportunity's value: enough to outbid every time. */
const RIVAL_MAX_SHARE_BPS = 9_000;
/** The searcher the scenario follows. */
const SEARCHER = "arbitrageur";

/** The arbitrageur's own decisions among `events`. */
function searcherDecisions(events: readonly SandboxEvent[]): SandboxEvent[] {
  return events.filter(
    (e) => (e.type === "opportunity:found" || e.type === "opportunity:skipped") && e.bot === SEARCHER,
  );
}

/** One round: bob sells on DEX A (a block), the searchers send, their trades are mined (a second block). */
function round(index: number): StepDefinition<Params> {
  return {
    title: `Round ${index} of ${ROUNDS}: bob sells WETH on DEX A; both searchers go for the gap`,
    focus: ["block", "risk", "mempool"],
    async run({ world, engine, params, events, runEvents }) {
      const { quote } = await whaleSwap(engine, {
        path: ["WETH", "USDC"],
        amountIn: params.whaleSize,
        tip: 2n * GWEI,
      });
      await engine.mine();
      const prices = await wethPrices(world);
      const decided = decisionsIn(searcherDecisions(events()));
      const bids = bidsIn(events());
      const before = events().length;
      await engine.mine();
      const mined = events().slice(before);
      return {
        narration: sentences(
          `bob sold ${worldAmount(world, params.whaleSize, "WETH")} for ${worldAmount(world, quote, "USDC")} on DEX A. Prices now: ${prices}`,
          decided.text || `${SEARCHER} sent nothing`,
          bids.length > 0 && `In the mempool, ${publicBidsText(bids)}`,
          `The ${blockOrder(mined)}`,
          inspectorVerdict(mined, "The inspector finds no arbitrage in it"),
          riskDay(world, runEvents(), mined, SEARCHER, limitsOf(params)),
          index === ROUNDS && dayTally(world, runEvents(), SEARCHER),
        ),
        formulas: decided.formulas,
      };
    },
  };
}

export const badDay = defineScenario({
  name: "bad-day",
  description:
    "a searcher's trades start to fail as a rival takes its opportunities first, until its drawdown stop halts it",
  params,
  bots: (world, params) =>
    botsFor(world, {
      // Two-pool cycles: the one gap each sale opens, which both searchers see.
      arbitrageur: { maxHops: 2, risk: limitsOf(params) },
      rival: {
        maxHops: 2,
        bidding: {
          path: "public",
          bumpBps: Math.round(params.rivalBump * 100),
          maxShareBps: RIVAL_MAX_SHARE_BPS,
        },
      },
    }),
  steps: [
    {
      title: "The stage: a searcher with risk limits, and a rival",
      focus: ["pools", "risk"],
      async run({ world, engine, params }) {
        for (const dex of ["dexA", "dexB"] as const)
          await approve(engine, "bob", "WETH", await world.dexes[dex].router.getAddress());
        await engine.mine();
        return {
          narration: sentences(
            await wethPrices(world),
            `Two searchers watch the same two-pool cycles: the arbitrageur sends its trades publicly with a ${formatGwei(ARBITRAGE_TIP)} tip and does not bid up; ` +
              `its rival answers a competing transaction for the same pools with a tip ${params.rivalBump}% higher`,
            `The arbitrageur's risk limits: ${limitsText(limitsOf(params))}. Its equity is its ETH plus the tokens it and its executor hold, read from the chain after every block and valued in ETH at the oracle's prices of its first block`,
          ),
        };
      },
    },
    ...Array.from({ length: ROUNDS }, (_, i) => round(i + 1)),
  ],
});
