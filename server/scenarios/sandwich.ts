/**
 * Sandwich: alice swaps WETH for USDC on DEX A with some slippage tolerance. Her transaction sits
 * in the public mempool, where the searcher reads it. Whether it attacks, and with how much, is
 * the searcher's own decision. With `bundle` it sends the sandwich to the builder as one bundle
 * (her own signed transaction inside) and pays a sealed bid instead of tips.
 */
import { formatAmount } from "../format";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import { reservesFor } from "../world/market";
import { approve, GWEI, swapExactIn } from "./actions";
import { builderTakeText } from "./auctionText";
import { botsFor } from "./bots";
import { defineScenario, type StepResult } from "./scenario";
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

const VICTIM_TIP = 2n * GWEI;

export const sandwich = defineScenario({
  name: "sandwich",
  description: "alice swaps WETH for USDC with a slippage tolerance; a searcher front- and back-runs her",
  params: {
    victimSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH alice sells",
      default: "10",
      min: "0.01",
      max: "100",
    },
    slippage: {
      kind: "number",
      unit: "%",
      description: "alice's slippage tolerance: how far below the quote she accepts",
      default: 2,
      min: 0.01,
      max: 50,
    },
    botCapital: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "WETH the searcher may put into the frontrun",
      default: "1000",
      min: "0",
      max: "1000",
    },
    bundle: {
      kind: "boolean",
      description:
        "the searcher sends one bundle [frontrun, alice's swap, backrun, payment] to the builder instead of two public transactions",
      default: false,
    },
    bidShare: {
      kind: "number",
      unit: "%",
      description: "in a bundle: the share of its expected profit after gas the searcher pays the builder",
      default: 50,
      min: 0,
      max: 100,
    },
  },
  bots: (world, params) =>
    botsFor(world, {
      sandwicher: {
        capital: params.botCapital,
        path: params.bundle ? "bundle" : "public",
        bid: { kind: "fixed", bps: Number(percentToBps(params.bidShare)) },
      },
    }),
  steps: [
    {
      title: "The stage: alice is ready to trade on DEX A",
      focus: ["block"],
      async run({ world, engine }) {
        const router = await world.dexes.dexA.router.getAddress();
        await approve(engine, "alice", "WETH", router);
        await engine.mine();
        const pool = poolNamed(world, "DEX A WETH/USDC");
        const { reserveIn: reserveWeth, reserveOut: reserveUsdc } = await reservesFor(pool, "WETH");
        return {
          narration:
            `DEX A's WETH/USDC pool holds ${worldAmount(world, reserveWeth, "WETH")} and ${worldAmount(world, reserveUsdc, "USDC")}, ` +
            `so 1 WETH is worth about ${formatAmount((reserveUsdc * 10n ** 18n) / reserveWeth, 6, 2)} USDC. ` +
            "alice has allowed DEX A's router to spend her WETH (that approval was mined in its own block).",
          formulas: [
            {
              name: "spot price",
              expression: "price = reserveUSDC / reserveWETH",
              inputs: { reserveWETH: reserveWeth.toString(), reserveUSDC: reserveUsdc.toString() },
              result: `${formatAmount((reserveUsdc * 10n ** 18n) / reserveWeth, 6, 6)} USDC per WETH`,
            },
          ],
        };
      },
    },
    {
      title: "alice sends her swap to the public mempool",
      focus: ["mempool"],
      async run({ world, engine, params }): Promise<StepResult> {
        const pool = poolNamed(world, "DEX A WETH/USDC");
        const { reserveIn: reserveWeth, reserveOut: reserveUsdc } = await reservesFor(pool, "WETH");
        const quote = getAmountOut(params.victimSize, reserveWeth, reserveUsdc, pool.feeBps);
        const tolerance = percentToBps(params.slippage);
        const amountOutMin = amountOutMinFor(quote, tolerance);
        await swapExactIn(engine, {
          actor: "alice",
          dex: "dexA",
          path: ["WETH", "USDC"],
          amountIn: params.victimSize,
          amountOutMin,
          tip: VICTIM_TIP,
        });
        await engine.publishMempool();
        return {
          narration:
            `alice asks DEX A's router to swap ${worldAmount(world, params.victimSize, "WETH")} for at least ` +
            `${worldAmount(world, amountOutMin, "USDC")}. At the current reserves she would get ${worldAmount(world, quote, "USDC")}; ` +
            `she accepts up to ${params.slippage}% less, in case the price moves before her transaction is mined. ` +
            "Her transaction is signed and waiting in the public mempool, where anyone can read it, amountOutMin included.",
          formulas: [
            {
              name: "getAmountOut (Uniswap V2)",
              expression: "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
              inputs: {
                in: params.victimSize.toString(),
                Rin: reserveWeth.toString(),
                Rout: reserveUsdc.toString(),
                fee: `${pool.feeBps} bps`,
              },
              result: `${quote} (USDC base units)`,
            },
            {
              name: "amountOutMin",
              expression: "amountOutMin = quote·(10000 − slippage bps) / 10000",
              inputs: { quote: quote.toString(), slippage: `${tolerance} bps` },
              result: amountOutMin.toString(),
            },
          ],
        };
      },
    },
    {
      title: "The searcher reads the mempool and decides",
      focus: ["mempool", "answerKey", "builder"],
      async run({ engine, events, params }) {
        await engine.letBotsReact();
        const { text, formulas, found } = decisionsIn(events());
        // The path is how an attack travels: only worth saying when the searcher attacks.
        const path =
          found.length === 0
            ? ""
            : params.bundle
              ? "It uses the bundle path: one bundle to the builder, paid by a transfer, that nobody else sees.\n"
              : "It uses the public path: its transactions go to the mempool, and their tips put them around alice's.\n";
        return { narration: `${path}${text || "No searcher reacted to alice's transaction."}`, formulas };
      },
    },
    {
      title: "The block is mined",
      focus: ["block", "findings", "builder"],
      async run({ world, engine, events }) {
        await engine.mine();
        const verdict = inspectorVerdict(
          events(),
          "The inspector finds no MEV in this block: alice's swap was executed at the price she was quoted.",
        );
        const builder = await builderTakeText(world, events());
        return {
          narration: sentences(
            `The ${blockOrder(events())}`,
            builder,
            verdict,
            await settlement(engine, events()),
          ),
        };
      },
    },
  ],
});
