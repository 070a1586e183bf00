/**
 * Liquidation: the borrower borrows USDC against WETH, close to the limit. The oracle's WETH price
 * drops; the position's health factor falls below 1, and the liquidator, who recomputes every
 * position's health each block, repays part of the debt for collateral at a bonus.
 */
import { formatAmount, formatUsd } from "../format";
import { calculateHealthFactor, HEALTH_FACTOR_LIQUIDATION_THRESHOLD } from "../math/lending";
import { LENDING_ASSETS, toBaseUnits } from "../world/config";
import type { World } from "../world/types";
import { approve, GWEI, setOraclePrice } from "./actions";
import { builderTakeText } from "./auctionText";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { settlement } from "./settlement";
import { blockOrder, decisionsIn, inspectorVerdict, percentToBps, sentences, worldAmount } from "./text";

const hf = (value: bigint) => formatAmount(value, 18, 4, 2);

async function healthOf(world: World): Promise<bigint> {
  return (await world.lendingPool.getUserAccountData(world.actors.borrower.address)).healthFactor;
}

export const liquidation = defineScenario({
  name: "liquidation",
  description:
    "a borrower near the edge; the oracle price of WETH drops; the liquidator repays debt for collateral at a bonus",
  params: {
    collateral: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "WETH the borrower supplies as collateral",
      default: "10",
      min: "1",
      max: "50",
    },
    borrowShare: {
      kind: "number",
      unit: "%",
      description: "how much of the allowed borrowing (the loan-to-value limit) the borrower takes",
      default: 95,
      min: 50,
      max: 100,
    },
    priceDrop: {
      kind: "number",
      unit: "%",
      description: "how far the oracle's WETH price falls",
      default: 12,
      min: 1,
      max: 90,
    },
    flash: {
      kind: "boolean",
      description: "the liquidator has no capital and uses a flash loan",
      default: false,
    },
    bundle: {
      kind: "boolean",
      description:
        "the liquidator sends [liquidation, payment] to the builder as a bundle instead of a public transaction",
      default: false,
    },
    backrun: {
      kind: "boolean",
      description:
        "the liquidator back-runs the admin's pending oracle update: one bundle [update, liquidation, payment] in the update's block (implies bundle)",
      default: false,
    },
    bidShare: {
      kind: "number",
      unit: "%",
      description: "in a bundle: the share of its expected profit after gas the liquidator pays the builder",
      default: 50,
      min: 0,
      max: 100,
    },
  },
  bots: (world, params) =>
    botsFor(world, {
      liquidator: {
        flash: params.flash,
        path: params.bundle || params.backrun ? "bundle" : "public",
        backrunOracle: params.backrun,
        bid: { kind: "fixed", bps: Number(percentToBps(params.bidShare)) },
      },
    }),
  steps: [
    {
      title: "The borrower supplies WETH and borrows USDC near the limit",
      focus: ["lending", "block"],
      async run({ world, engine, params }) {
        const { lendingPool, tokens, actors } = world;
        const poolAddress = await lendingPool.getAddress();
        await approve(engine, "borrower", "WETH", poolAddress);
        await engine.mine();
        await engine.send(actors.borrower.address, {
          to: poolAddress,
          data: lendingPool.interface.encodeFunctionData("supply", [
            tokens.WETH.address,
            params.collateral,
            actors.borrower.address,
          ]),
          maxPriorityFeePerGas: GWEI,
        });
        await engine.mine();
        const { availableBorrowsBase } = await lendingPool.getUserAccountData(actors.borrower.address);
        const usdcPrice = await lendingPool.getAssetPrice(tokens.USDC.address);
        const borrowBase = (availableBorrowsBase * percentToBps(params.borrowShare)) / 10_000n;
        const borrowAmount = (borrowBase * toBaseUnits(1n, tokens.USDC.decimals)) / usdcPrice;
        await engine.send(actors.borrower.address, {
          to: poolAddress,
          data: lendingPool.interface.encodeFunctionData("borrow", [tokens.USDC.address, borrowAmount]),
          maxPriorityFeePerGas: GWEI,
        });
        await engine.mine();
        const data = await lendingPool.getUserAccountData(actors.borrower.address);
        const weth = LENDING_ASSETS.find((a) => a.symbol === "WETH")!;
        return {
          narration:
            `The borrower supplied ${worldAmount(world, params.collateral, "WETH")} (${formatUsd(data.totalCollateralBase)} at the oracle price) ` +
            `and borrowed ${worldAmount(world, borrowAmount, "USDC")}, ${params.borrowShare}% of what the ${weth.ltvBps / 100}% loan-to-value allows. ` +
            `Health factor: ${hf(data.healthFactor)}. Below 1, anyone may liquidate the position.`,
          formulas: [
            {
              name: "health factor",
              expression: "HF = Σ(collateral × price × liquidation threshold) / Σ(debt × price)",
              inputs: {
                collateralUsd: formatUsd(data.totalCollateralBase),
                liquidationThreshold: `${weth.liquidationThresholdBps / 100}%`,
                debtUsd: formatUsd(data.totalDebtBase),
              },
              // calculateHealthFactor takes Σ(collateral value × threshold in bps): it divides by 10000 itself
              result: hf(
                calculateHealthFactor(
                  data.totalCollateralBase * BigInt(weth.liquidationThresholdBps),
                  data.totalDebtBase,
                ),
              ),
            },
          ],
        };
      },
    },
    {
      title: "The oracle's WETH price drops",
      // The liquidator's one pending call is told in the narration; the mempool waits below the answer key.
      focus: ["lending", "answerKey", "builder"],
      async run({ world, engine, params, events }) {
        const [, oldPrice] = await world.feeds.WETH.latestRoundData();
        const newPrice = (oldPrice * (10_000n - percentToBps(params.priceDrop))) / 10_000n;
        await setOraclePrice(engine, "WETH", newPrice);
        await engine.mine();
        const health = await healthOf(world);
        const { text, formulas } = decisionsIn(events());
        const state = params.backrun
          ? `After the update and whatever ran behind it in the same block, the borrower's health factor is ${hf(health)}.`
          : health < HEALTH_FACTOR_LIQUIDATION_THRESHOLD
            ? `The borrower's health factor fell to ${hf(health)}: below 1, the position can be liquidated.`
            : `The borrower's health factor is ${hf(health)}: still at or above 1, nobody may liquidate.`;
        // Back-run, the liquidation landed in the update's own block: say what that block holds.
        const landed =
          params.backrun && sentences(`The ${blockOrder(events())}`, await builderTakeText(world, events()));
        return {
          narration: sentences(
            `The WETH/USD feed moved from ${formatUsd(oldPrice)} to ${formatUsd(newPrice)} (−${params.priceDrop}%)`,
            state,
            text || "No liquidator acted",
            landed,
          ),
          formulas,
        };
      },
    },
    {
      title: "The liquidation is mined",
      titleFor: (params) =>
        params.backrun
          ? "The next block is mined: the liquidation already landed with the update"
          : "The liquidation is mined",
      // The mined liquidation and what it did; the P&L is in the narration, the actors stay on the board.
      focus: ["block", "lending", "findings"],
      async run({ world, engine, events, params }) {
        await engine.mine();
        const verdict = inspectorVerdict(
          events(),
          params.backrun
            ? "The inspector finds no liquidation in this block: the liquidator's back-run landed with the oracle update, in the block before."
            : "The inspector finds no liquidation in this block.",
        );
        const builder = await builderTakeText(world, events());
        return {
          narration: sentences(
            `The ${blockOrder(events())}`,
            builder,
            verdict,
            `The borrower's health factor is now ${hf(await healthOf(world))}`,
            await settlement(engine, events()),
          ),
        };
      },
    },
  ],
});
