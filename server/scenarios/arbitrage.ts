/**
 * Arbitrage: bob dumps WETH on DEX A, so WETH is cheaper there than on DEX B. The arbitrageur
 * watches every block's reserves, finds the gap and closes it with one atomic transaction.
 */
import type { Engine } from "../engine/engine";
import type { OpportunityFound, SandboxEvent, TxPending } from "../events";
import { formatBps, formatTokenAmount, priceInQuoteUnits } from "../format";
import { priceGapBps } from "../math/price";
import { reservesFor, wethPrices } from "../world/market";
import type { World } from "../world/types";
import { approve, GWEI, whaleSwap } from "./actions";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { settlement } from "./settlement";
import { blockOrder, decisionsIn, inspectorVerdict, sentences, worldAmount } from "./text";

/** Blocks the last step mines at most while the arbitrageur keeps finding smaller cycles. */
const MAX_FOLLOW_UP_BLOCKS = 3;

export const arbitrage = defineScenario({
  name: "arbitrage",
  description: "a large trade on DEX A opens a price gap with DEX B; the arbitrageur closes it atomically",
  params: {
    whaleSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH bob sells on DEX A",
      default: "100",
      min: "1",
      max: "100",
    },
    maxHops: {
      kind: "number",
      integer: true,
      description: "longest cycle the arbitrageur searches (pools per cycle)",
      default: 3,
      min: 2,
      max: 4,
    },
  },
  bots: (world, params) => botsFor(world, { arbitrageur: { maxHops: params.maxHops } }),
  steps: [
    {
      title: "The stage: both DEXes agree on the price of WETH",
      focus: ["pools"],
      async run({ world, engine }) {
        await approve(engine, "bob", "WETH", await world.dexes.dexA.router.getAddress());
        await engine.mine();
        return {
          narration: `${await wethPrices(world)}. With the same price on both DEXes, buying on one and selling on the other loses two swap fees: nobody trades.`,
        };
      },
    },
    {
      title: "bob sells a large amount of WETH on DEX A",
      focus: ["pools", "answerKey", "block", "mempool"],
      async run({ world, engine, params, events }) {
        const { quote } = await whaleSwap(engine, {
          path: ["WETH", "USDC"],
          amountIn: params.whaleSize,
          tip: 2n * GWEI,
        });
        await engine.mine();
        const { text, formulas } = decisionsIn(events());
        return {
          narration:
            `bob sold ${worldAmount(world, params.whaleSize, "WETH")} for ${worldAmount(world, quote, "USDC")} on DEX A. ` +
            `Prices now: ${await wethPrices(world)}. WETH is cheaper on DEX A than on DEX B. ` +
            (text || "No bot reacted to the new block."),
          formulas,
        };
      },
    },
    {
      title: "The arbitrageur's transactions are mined",
      focus: ["block", "findings", "pools", "actors"],
      async run({ world, engine, events }) {
        // An arbitrage can leave a smaller, further cycle: mine a few blocks while the bots keep sending.
        const narration: string[] = [];
        for (let block = 0; block < MAX_FOLLOW_UP_BLOCKS; block++) {
          await engine.mine();
          narration.push(`The ${blockOrder(events())}`);
          if ((await engine.pendingCount()) === 0) break;
        }
        const verdict = inspectorVerdict(events(), "The inspector finds no arbitrage in these blocks.");
        return {
          narration: sentences(
            ...narration,
            verdict,
            `Prices after: ${await wethPrices(world)}`,
            await endState(world, engine, events()),
            await settlement(engine, events()),
          ),
        };
      },
    },
  ],
});

/**
 * How the run ends, as it is: the gap bob's sale opened is closed (or not), and each arbitrage moves
 * pools other cycles share, so a smaller cycle may still be pending when the scenario stops.
 */
async function endState(world: World, engine: Engine, events: readonly SandboxEvent[]): Promise<string> {
  const gap = await largestGap(world);
  const left = gap
    ? `The largest price gap left between the DEXes is ${formatBps(gap.bps)}, on ${gap.pair}.`
    : "";
  if ((await engine.pendingCount()) === 0)
    return `${left} The arbitrageur sends nothing more: no cycle left pays its gas.`;
  const lastBlock = events.map((e) => e.type).lastIndexOf("block:mined");
  const pending = events.slice(lastBlock + 1);
  const sent = pending.filter((e): e is TxPending => e.type === "tx:pending").map((e) => e.action.sentence);
  const found = pending.filter((e): e is OpportunityFound => e.type === "opportunity:found");
  const expected = found.map((f) => formatTokenAmount(f.expectedProfit)).join(", ");
  return (
    `The scenario stops after ${MAX_FOLLOW_UP_BLOCKS} blocks with the arbitrageur's next cycle still pending (${sent.join("; ")}` +
    `${expected ? `, expecting ${expected}` : ""}): each arbitrage moves pools that other cycles share, so closing one gap opens ` +
    `a smaller one elsewhere, each worth less. ${left}`
  );
}

/** The widest gap between the two DEXes' prices of one pair, read from the reserves now. */
async function largestGap(world: World): Promise<{ pair: string; bps: bigint } | null> {
  let widest: { pair: string; bps: bigint } | null = null;
  for (const poolA of world.pools.filter((p) => p.dex === "dexA")) {
    const poolB = world.pools.find(
      (p) => p.dex === "dexB" && p.base === poolA.base && p.quote === poolA.quote,
    );
    if (!poolB) continue;
    const prices = await Promise.all(
      [poolA, poolB].map(async (pool) => {
        const { reserveIn, reserveOut } = await reservesFor(pool, pool.base);
        return priceInQuoteUnits(reserveIn, world.tokens[pool.base].decimals, reserveOut);
      }),
    );
    const bps = priceGapBps(prices);
    if (bps !== null && (!widest || bps > widest.bps)) widest = { pair: `${poolA.base}/${poolA.quote}`, bps };
  }
  return widest;
}
