/**
 * Protected swap: the sandwich scenario's stage and trade, but alice sends her swap through the
 * protected RPC path, straight to the builder. The sandwich searcher is running and watching the
 * public mempool; it never sees her transaction, so she gets the price she was quoted.
 */
import { feeFields } from "../bots/kit/fees";
import { SWAP_GAS_LIMIT } from "../bots/sandwicher";
import { BASE_FEE_PER_GAS } from "../chain/chain";
import type { BlockBuilt, BlockMined, FormulaUse, TxPending } from "../events";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import { min } from "../math/bigint";
import { planSandwich } from "../math/sandwich";
import { readBalance, reservesFor } from "../world/market";
import type { World } from "../world/types";
import { GWEI, swapCall } from "./actions";
import { botsFor } from "./bots";
import { sandwich } from "./sandwich";
import { defineScenario } from "./scenario";
import { blockOrder, inspectorVerdict, percentToBps, poolNamed, sentences, worldAmount } from "./text";

const VICTIM_TIP = 2n * GWEI;
const POOL = "DEX A WETH/USDC";

/** DEX A WETH/USDC's reserves (WETH in, USDC out) at the end of block `blockTag`. */
function wethUsdcReservesAt(world: World, blockTag: number) {
  return reservesFor(poolNamed(world, POOL), "WETH", blockTag);
}

export const protectedSwap = defineScenario({
  name: "protected-swap",
  description:
    "alice sends the sandwich scenario's swap through the protected RPC path; the sandwicher never sees it",
  params: sandwich.params,
  bots: (world, params) => botsFor(world, { sandwicher: { capital: params.botCapital } }),
  steps: [
    sandwich.steps[0]!,
    {
      title: "alice sends her swap through the protected RPC path",
      focus: ["builder", "mempool"],
      async run({ world, engine, params }) {
        const latest = await world.chain.latestBlock();
        const { reserveIn, reserveOut, feeBps } = await wethUsdcReservesAt(world, latest.number);
        const quote = getAmountOut(params.victimSize, reserveIn, reserveOut, feeBps);
        const tolerance = percentToBps(params.slippage);
        const amountOutMin = amountOutMinFor(quote, tolerance);
        const call = await swapCall(world, {
          actor: "alice",
          dex: "dexA",
          path: ["WETH", "USDC"],
          amountIn: params.victimSize,
          amountOutMin,
        });
        const hash = await engine.sendProtected(world.actors.alice.address, {
          ...call,
          gasLimit: SWAP_GAS_LIMIT,
          ...feeFields(BASE_FEE_PER_GAS, VICTIM_TIP),
        });
        await engine.publishMempool();
        const publicCount = await engine.pendingCount();
        const held = engine.builder.pendingProtected().length;
        return {
          narration:
            `alice signs the same swap as in the sandwich scenario — ${worldAmount(world, params.victimSize, "WETH")} for at least ` +
            `${worldAmount(world, amountOutMin, "USDC")} (quote ${worldAmount(world, quote, "USDC")}, ${params.slippage}% slippage) — ` +
            `but sends it (${hash.slice(0, 10)}…) to the sandbox's protected URL instead of the public mempool. ` +
            `The builder holds ${held} protected transaction${held === 1 ? "" : "s"}; the public mempool holds ${publicCount}.`,
          formulas: [
            {
              name: "getAmountOut (Uniswap V2)",
              expression: "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
              inputs: {
                in: params.victimSize.toString(),
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
      title: "The searcher watches the public mempool",
      focus: ["mempool", "builder"],
      async run({ engine, events }) {
        await engine.letBotsReact();
        const seen = events().filter((e): e is TxPending => e.type === "tx:pending").length;
        const decisions = events().filter(
          (e) => e.type === "opportunity:found" || e.type === "opportunity:skipped",
        ).length;
        return {
          narration:
            `The sandwich searcher is running and reads every public pending transaction: ` +
            `${seen} new one${seen === 1 ? "" : "s"} appeared, and it made ${decisions} decision${decisions === 1 ? "" : "s"}. ` +
            "alice's swap was never in the public mempool, so there is nothing to front-run.",
        };
      },
    },
    {
      title: "The block is mined: alice gets the counterfactual price",
      focus: ["block", "findings", "actors"],
      async run({ world, engine, params, events }) {
        await engine.mine();
        const all = events();
        const block = all.find((e): e is BlockMined => e.type === "block:mined")!;
        const built = all.find((e): e is BlockBuilt => e.type === "block:built");
        const outcome = await aliceOutcome(world, block.block, params.victimSize);
        const tolerance = percentToBps(params.slippage);
        const searcherWeth = await readBalance(world, "WETH", world.actors.searcher.address);
        const attack = sandwichAvoided(world, outcome, tolerance, min(params.botCapital, searcherWeth));
        const verdict = inspectorVerdict(all, "The inspector finds no MEV in this block.");
        const via = built?.protectedTxs.length
          ? `The builder put ${built.protectedTxs.length} protected transaction${built.protectedTxs.length === 1 ? "" : "s"} in it. `
          : "";
        return {
          narration:
            `The ${blockOrder(all)}. ${via}alice received ${worldAmount(world, outcome.received, "USDC")}: exactly getAmountOut of her ` +
            `${worldAmount(world, params.victimSize, "WETH")} on the reserves before her trade ` +
            `(${worldAmount(world, outcome.reserveIn, "WETH")} and ${worldAmount(world, outcome.reserveOut, "USDC")}), ` +
            sentences(
              `${worldAmount(world, outcome.counterfactual, "USDC")}, what she would get with no attacker`,
              attack.text,
              verdict,
            ),
          formulas: [outcome.formula, ...attack.formulas],
        };
      },
    },
  ],
});

/** What alice sold and received in `block` (from her balances), and the counterfactual on the reserves before. */
export async function aliceOutcome(world: World, block: number, amountIn: bigint) {
  const alice = world.actors.alice.address;
  const usdc = world.tokens.USDC.contract;
  const received =
    (await usdc.balanceOf(alice, { blockTag: block })) -
    (await usdc.balanceOf(alice, { blockTag: block - 1 }));
  const { reserveIn, reserveOut, feeBps } = await wethUsdcReservesAt(world, block - 1);
  const counterfactual = getAmountOut(amountIn, reserveIn, reserveOut, feeBps);
  const formula: FormulaUse = {
    name: "counterfactual output",
    expression: "out = getAmountOut(in, Rin, Rout) on the reserves at the end of the previous block",
    inputs: {
      in: amountIn.toString(),
      Rin: reserveIn.toString(),
      Rout: reserveOut.toString(),
      fee: `${feeBps} bps`,
    },
    result: `${counterfactual} (alice received ${received})`,
  };
  return { amountIn, received, counterfactual, reserveIn, reserveOut, feeBps, formula };
}

/**
 * What the sandwich searcher's own plan (planSandwich) would have done to the same trade sent in
 * public, on the same reserves and with the capital it may use (its setting, at most its WETH). Gas is left out: this is the price alice
 * avoided, not a forecast of the bot's decision. `publicOut`: what she would have received in public.
 */
export function sandwichAvoided(
  world: World,
  outcome: Awaited<ReturnType<typeof aliceOutcome>>,
  toleranceBps: bigint,
  capital: bigint,
  closing = "The protected path saved her that.",
): { text: string; formulas: FormulaUse[]; publicOut: bigint } {
  const amountOutMin = amountOutMinFor(outcome.counterfactual, toleranceBps);
  const decision = planSandwich({
    victimAmountIn: outcome.amountIn,
    amountOutMin,
    reserveIn: outcome.reserveIn,
    reserveOut: outcome.reserveOut,
    feeBps: outcome.feeBps,
    attackerCapital: capital,
  });
  if (decision.kind === "skip")
    return {
      text: `Sent in public, the same trade would not have been sandwiched either (planSandwich: ${decision.reason}).`,
      formulas: [],
      publicOut: outcome.counterfactual,
    };
  const { victim, victimLoss, frontrun } = decision.outcome;
  return {
    text:
      `Sent in public with the same ${Number(toleranceBps) / 100}% slippage, the searcher's own plan (before gas) would have front-run ` +
      `her with ${worldAmount(world, frontrun.amountIn, "WETH")}, leaving her ${worldAmount(world, victim.amountOut, "USDC")}: ` +
      `${worldAmount(world, victimLoss, "USDC")} less. ${closing}`,
    publicOut: victim.amountOut,
    formulas: [
      {
        name: "the sandwich she avoided (planSandwich, before gas)",
        expression:
          "victimOut = getAmountOut(v, Rin + f, Rout − getAmountOut(f, Rin, Rout)) with the most profitable frontrun f",
        inputs: {
          v: outcome.amountIn.toString(),
          amountOutMin: amountOutMin.toString(),
          Rin: outcome.reserveIn.toString(),
          Rout: outcome.reserveOut.toString(),
          capital: capital.toString(),
        },
        result: `f = ${frontrun.amountIn}, victimOut = ${victim.amountOut}, loss = ${victimLoss}`,
      },
    ],
  };
}
