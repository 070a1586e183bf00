/**
 * Backrun: bob's large swap on DEX A is pending in public. The back-runner plays it on the reserves
 * it reads, finds the arbitrage it will open, and bundles its own cycle right behind bob's
 * transaction. Whether it does, and with how much, is the bot's own decision.
 */
import type { BlockBuilt, BlockMined, OpportunityFound } from "../events";
import { formatAmount } from "../format";
import { wethPrices } from "../world/market";
import type { World } from "../world/types";
import { approve, GWEI, whaleSwap } from "./actions";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { settlement } from "./settlement";
import { blockOrder, decisionsIn, inspectorVerdict, sentences, worldAmount } from "./text";

const TRADER_TIP = 2n * GWEI;

export const backrun = defineScenario({
  name: "backrun",
  description:
    "bob's large pending swap opens a price gap; a back-runner bundles its arbitrage right behind it",
  params: {
    tradeSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH bob sells on DEX A",
      default: "100",
      min: "1",
      max: "400",
    },
    maxHops: {
      kind: "number",
      integer: true,
      description: "longest cycle the back-runner searches (pools per cycle)",
      default: 3,
      min: 2,
      max: 4,
    },
  },
  bots: (world, params) => botsFor(world, { backrunner: { maxHops: params.maxHops } }),
  steps: [
    {
      title: "The stage: both DEXes agree on the price of WETH",
      focus: ["pools"],
      async run({ world, engine }) {
        await approve(engine, "bob", "WETH", await world.dexes.dexA.router.getAddress());
        await engine.mine();
        return {
          narration: `${await wethPrices(world)}. Nothing to arbitrage yet. bob has approved DEX A's router for his WETH (mined in this block).`,
        };
      },
    },
    {
      title: "bob sends a large swap to the public mempool",
      focus: ["mempool"],
      async run({ world, engine, params }) {
        const { quote, reserveIn, reserveOut } = await whaleSwap(engine, {
          path: ["WETH", "USDC"],
          amountIn: params.tradeSize,
          tip: TRADER_TIP,
        });
        await engine.publishMempool();
        const after = formatAmount(
          ((reserveOut - quote) * 10n ** 18n) / (reserveIn + params.tradeSize),
          6,
          2,
        );
        return {
          narration:
            `bob sells ${worldAmount(world, params.tradeSize, "WETH")} on DEX A for about ${worldAmount(world, quote, "USDC")}. ` +
            `Once it runs, DEX A will price WETH at about ${after} USDC while DEX B stays where it is: a gap that exists only ` +
            "right after bob's transaction. It waits in the public mempool.",
        };
      },
    },
    {
      title: "The back-runner reads the mempool and decides",
      focus: ["builder", "mempool"],
      async run({ engine, events }) {
        await engine.letBotsReact();
        await engine.publishMempool();
        const { text, formulas } = decisionsIn(events());
        return { narration: text || "No back-runner reacted to bob's swap.", formulas };
      },
    },
    {
      title: "The block is built",
      focus: ["block", "findings", "builder", "actors"],
      async run({ world, engine, events, runEvents }) {
        await engine.mine();
        const all = events();
        const block = all.find((e): e is BlockMined => e.type === "block:mined")!;
        const built = all.find((e): e is BlockBuilt => e.type === "block:built");
        const bundles =
          built?.bundles.map(
            (b) => `The builder ${b.outcome} bundle ${b.bundle.slice(0, 10)}…: ${b.explanation}.`,
          ) ?? [];
        const decision = runEvents().find((e): e is OpportunityFound => e.type === "opportunity:found");
        const verdict = inspectorVerdict(all, "The inspector finds no MEV in this block.");
        const profit = decision ? await profitText(world, block, decision) : "";
        return {
          narration: sentences(
            `The ${blockOrder(all)}`,
            ...bundles,
            profit,
            verdict,
            await settlement(engine, all),
          ),
        };
      },
    },
  ],
});

/** Where the back-run landed and what the executor gained, read from the block and the chain. */
async function profitText(world: World, block: BlockMined, decision: OpportunityFound): Promise<string> {
  const [target, backrunTx] = decision.txs;
  const targetIndex = block.txs.findIndex((tx) => tx.hash === target);
  const backrunIndex = block.txs.findIndex((tx) => tx.hash === backrunTx);
  if (targetIndex < 0 || backrunIndex < 0) return "The back-run did not land in this block.";
  const weth = world.tokens.WETH.contract;
  const executor = await world.arbitrageExecutor.getAddress();
  const gained =
    (await weth.balanceOf(executor, { blockTag: block.block })) -
    (await weth.balanceOf(executor, { blockTag: block.block - 1 }));
  return (
    `bob's swap is #${targetIndex + 1} and the back-run #${backrunIndex + 1}, right after it. ` +
    `The executor's WETH grew by ${worldAmount(world, gained, "WETH", 6)}, the ${worldAmount(world, BigInt(decision.expectedProfit.amount), "WETH", 6)} the back-runner expected.`
  );
}
