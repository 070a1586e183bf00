/**
 * Arbitrage: bob dumps WETH on DEX A, so WETH is cheaper there than on DEX B. The arbitrageur
 * watches every block's reserves, finds the gap and closes it with one atomic transaction.
 */
import { wethPrices } from "../world/market";
import { approve, GWEI, whaleSwap } from "./actions";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { blockOrder, decisionsIn, inspectorVerdict, worldAmount } from "./text";

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
      focus: ["pools", "block", "mempool"],
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
        // An arbitrage can leave a smaller, further cycle: mine until the bots have nothing left to send.
        const narration: string[] = [];
        for (let block = 0; block < MAX_FOLLOW_UP_BLOCKS; block++) {
          await engine.mine();
          narration.push(`The ${blockOrder(events())}.`);
          if ((await engine.pendingCount()) === 0) break;
        }
        const verdict = inspectorVerdict(events(), "The inspector finds no arbitrage in these blocks.");
        return { narration: `${narration.join(" ")} ${verdict} Prices after: ${await wethPrices(world)}.` };
      },
    },
  ],
});
