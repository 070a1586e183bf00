/**
 * MEV-Share: alice's large sale goes to the builder privately, with hints. The MEV-Share stream
 * publishes only the hints (her transaction's hash and logs), never the transaction; the back-runner
 * reads them, sizes the arbitrage her sale opens and back-runs it by hash (mev_sendBundle). The
 * builder puts the back-run right after her swap and pays her back 90% of what it paid. The last step
 * sets the same sale beside its public (sandwiched) and protected (no refund) versions, in numbers.
 * Whether the bots act, and with how much, is their own decision.
 */
import { feeFields } from "../bots/kit/fees";
import { SWAP_GAS_LIMIT } from "../bots/sandwicher";
import { DEFAULT_REFUND_PERCENT } from "../builder/mevShareFormat";
import { BASE_FEE_PER_GAS } from "../chain/chain";
import type { BlockBuilt, BlockMined, HintShared, MevShareHint, RefundPaid, TxPending } from "../events";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import { min } from "../math/bigint";
import { readBalance, reservesFor } from "../world/market";
import { GWEI, swapCall } from "./actions";
import { backrun } from "./backrun";
import { botsFor } from "./bots";
import { refundFormulas, refundText, threeWays } from "./mevShareText";
import { sandwich } from "./sandwich";
import { defineScenario, type StepDefinition } from "./scenario";
import { settlement } from "./settlement";
import {
  blockOrder,
  decisionsIn,
  inspectorVerdict,
  percentToBps,
  poolNamed,
  sentences,
  worldAmount,
} from "./text";

const SELLER_TIP = 2n * GWEI;
/** The sandwich scenario's stage (alice approves DEX A's router; the pool's reserves and price): it reads no parameter. */
const stage: StepDefinition<unknown> = sandwich.steps[0]!;
/** What alice's wallet shares: her transaction's hash and the logs it emits (her pool's reserves after it). */
const ALICE_HINTS: MevShareHint[] = ["hash", "logs"];

export const mevShare = defineScenario({
  name: "mev-share",
  description: `alice's large sale goes through MEV-Share: searchers see only hints, the back-runner bids by hash, the builder refunds her ${DEFAULT_REFUND_PERCENT}% of its payment`,
  params: {
    tradeSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH alice sells on DEX A",
      default: "50",
      min: "1",
      max: "100",
    },
    slippage: sandwich.params.slippage,
    botCapital: sandwich.params.botCapital,
    maxHops: backrun.params.maxHops,
  },
  bots: (world, params) =>
    botsFor(world, { sandwicher: { capital: params.botCapital }, backrunner: { maxHops: params.maxHops } }),
  steps: [
    stage,
    {
      title: "alice sends her sale through MEV-Share, with hints",
      focus: ["builder", "mempool"],
      async run({ world, engine, params, events }) {
        const pool = poolNamed(world, "DEX A WETH/USDC");
        const { reserveIn, reserveOut, feeBps } = await reservesFor(pool, "WETH");
        const quote = getAmountOut(params.tradeSize, reserveIn, reserveOut, feeBps);
        const amountOutMin = amountOutMinFor(quote, percentToBps(params.slippage));
        const call = await swapCall(world, {
          actor: "alice",
          dex: "dexA",
          path: ["WETH", "USDC"],
          amountIn: params.tradeSize,
          amountOutMin,
        });
        const tx = { ...call, gasLimit: SWAP_GAS_LIMIT, ...feeFields(BASE_FEE_PER_GAS, SELLER_TIP) };
        const hash = await engine.sendShared(world.actors.alice.address, tx, ALICE_HINTS);
        await engine.publishMempool();
        const shared = events().find((e): e is HintShared => e.type === "hint:shared")!;
        const logs = shared.hint.logs ?? [];
        const poolLogs = logs.filter(
          (log) => log.address.toLowerCase() === pool.address.toLowerCase(),
        ).length;
        return {
          narration:
            `alice sells ${worldAmount(world, params.tradeSize, "WETH")} on DEX A for at least ${worldAmount(world, amountOutMin, "USDC")} ` +
            `(quote ${worldAmount(world, quote, "USDC")}, ${params.slippage}% slippage), but not in public: her wallet sends it (${hash.slice(0, 10)}…) ` +
            `with eth_sendPrivateTransaction and preferences.privacy.hints [${ALICE_HINTS.join(", ")}]. The builder holds it; the public mempool ` +
            `holds ${await engine.pendingCount()}. The MEV-Share stream publishes only its hint: the hash, and the ${logs.length} logs her swap ` +
            `emits at the top of the next block (${poolLogs} of them DEX A WETH/USDC's Swap and Sync, which say the pool's reserves after her trade). ` +
            `Anyone can read the hint; nobody can read her signed transaction, so nobody can put anything before it. ` +
            `She is owed ${Number(shared.shareBps) / 100}% of whatever a back-run pays the builder.`,
          formulas: [
            {
              name: "getAmountOut (Uniswap V2)",
              expression: "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
              inputs: {
                in: params.tradeSize.toString(),
                Rin: reserveIn.toString(),
                Rout: reserveOut.toString(),
                fee: `${feeBps} bps`,
              },
              result: `${quote} (USDC base units)`,
            },
          ],
        };
      },
    },
    {
      title: "Searchers read the stream and the mempool, and decide",
      focus: ["builder", "mempool"],
      async run({ engine, events }) {
        await engine.letBotsReact();
        await engine.publishMempool();
        const seen = events().filter((e): e is TxPending => e.type === "tx:pending").length;
        const { text, formulas } = decisionsIn(events());
        return {
          narration:
            `The sandwich searcher reads the public mempool: ${seen} new transaction${seen === 1 ? "" : "s"}, and alice's is not one of them.\n` +
            (text || "No searcher answered the hint."),
          formulas,
        };
      },
    },
    {
      title: "The block: alice's sale, the back-run right after it, her refund",
      // The block panel holds it all (the bundle, the inspector's labels, the refund): one screen.
      focus: ["block"],
      async run({ world, engine, events }) {
        await engine.mine();
        const all = events();
        const block = all.find((e): e is BlockMined => e.type === "block:mined")!;
        const built = all.find((e): e is BlockBuilt => e.type === "block:built");
        const bundles = (built?.bundles ?? []).map(
          (b) => `The builder ${b.outcome} bundle ${b.bundle.slice(0, 10)}…: ${b.explanation}.`,
        );
        const refunds = all.filter((e): e is RefundPaid => e.type === "refund:paid");
        return {
          narration: sentences(
            `The ${blockOrder(all)}`,
            ...bundles,
            await refundText(world, block, refunds),
            inspectorVerdict(all, "The inspector finds no MEV in this block."),
            await settlement(engine, all),
          ),
          formulas: refundFormulas(refunds),
        };
      },
    },
    {
      title: "The same sale three ways: public, protected, MEV-Share",
      focus: ["actors", "findings"],
      async run({ world, params, runEvents }) {
        const block = runEvents()
          .filter((e): e is BlockMined => e.type === "block:mined")
          .at(-1)!;
        const refunds = runEvents().filter((e): e is RefundPaid => e.type === "refund:paid");
        const searcherWeth = await readBalance(world, "WETH", world.actors.searcher.address);
        const capital = min(params.botCapital, searcherWeth);
        return threeWays(world, {
          block: block.block,
          amountIn: params.tradeSize,
          toleranceBps: percentToBps(params.slippage),
          capital,
          refunds,
        });
      },
    },
  ],
});
