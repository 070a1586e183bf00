/**
 * Liquidation cascade: a lending pool whose WETH price is DEX A's time-weighted average over the last
 * `window` blocks, borrowers at different health factors, and a liquidator that sells what it seizes
 * on DEX A at once. Bob's one-block dip (he sells, and buys back the next block) makes the closest
 * borrower liquidatable; the liquidator's sale moves DEX A's price, which the oracle averages in the
 * next block, which makes the next borrower liquidatable, block after block. A longer window counts a
 * one-block dip 1/window; a Chainlink-style feed does not follow one DEX at all.
 */
import type { Engine } from "../engine/engine";
import { formatBps, formatUsd } from "../format";
import { BPS, getAmountOut } from "../math/amm";
import { reservesFor } from "../world/market";
import { GWEI, whaleSwap } from "./actions";
import { botsFor } from "./bots";
import { cascadeWatcher, stateAhead, stateAtDexPrice } from "./cascadeReport";
import {
  BORROWERS,
  CASCADE_DEX_POOL,
  CASCADE_POOL,
  type CascadeStage,
  deployStage,
  dexPriceUsd,
  mineWithKeeper,
  type OracleKind,
  openPositions,
} from "./cascadeStage";
import { aheadText, below, blockText, borrowerText, stopText } from "./cascadeText";
import { defineScenario } from "./scenario";
import { decisionsIn, percentToBps, sentences, worldAmount } from "./text";

/** The cascade is watched for at most this many blocks after bob buys back. */
const MAX_CASCADE_BLOCKS = 12;

/** A run's stage, and what bob's dip took (to buy back): set by the first steps, read by the later. */
interface RunStage extends CascadeStage {
  /** The block the stage was ready at, before bob's dip. */
  readyBlock: number;
  /** The USDC bob's sale brought, which he spends to buy back. */
  dipUsdc?: bigint;
}

/** Each run's stage, by its engine (a run has one engine). */
const stages = new WeakMap<Engine, RunStage>();

function stageOf(engine: Engine): RunStage {
  const stage = stages.get(engine);
  if (!stage) throw new Error("cascade: the stage is not set (the first step sets it)");
  return stage;
}

/**
 * The WETH bob sells so that the pool's price falls by `dropBps` (to at most (1 − drop) × before):
 * the smallest such amount, by bisection over the pool's own swap formula.
 */
function saleToDrop(reserves: { reserveIn: bigint; reserveOut: bigint; feeBps: bigint }, dropBps: bigint) {
  const { reserveIn, reserveOut, feeBps } = reserves;
  // price after ≤ (1 − drop) × price before ⟺ (R_out − out) · BPS · R_in ≤ R_out · (BPS − drop) · (R_in + in)
  const lowEnough = (amountIn: bigint) =>
    (reserveOut - getAmountOut(amountIn, reserveIn, reserveOut, feeBps)) * BPS * reserveIn <=
    reserveOut * (BPS - dropBps) * (reserveIn + amountIn);
  let [low, high] = [0n, reserveIn * 10n];
  while (low < high) {
    const mid = (low + high) / 2n;
    if (lowEnough(mid)) high = mid;
    else low = mid + 1n;
  }
  return low;
}

/**
 * Whether the cascade may go on after a quiet block: something is still pending, or someone is below 1
 * at DEX A's price now, which a TWAP reaches once the older prices leave its window.
 */
async function mayGoOn(engine: Engine, stage: RunStage): Promise<boolean> {
  if ((await engine.pendingCount()) > 0) return true;
  if (!stage.oracle) return false;
  const { positions } = await stateAtDexPrice(engine.world, stage, await engine.world.chain.latestBlock());
  return positions.some((p) => below(p.healthFactor));
}

export const cascade = defineScenario({
  name: "cascade",
  description:
    "a lending pool priced by a DEX's time-weighted average; a one-block dip, and each liquidation's sale makes the next borrower liquidatable",
  params: {
    priceDrop: {
      kind: "number",
      unit: "%",
      description: "how far bob's sale moves DEX A's WETH price, for one block (he buys back the next)",
      default: 5,
      min: 1,
      max: 30,
    },
    borrowers: {
      kind: "number",
      integer: true,
      description: "how many borrowers hold positions, each further from liquidation than the last",
      default: 3,
      min: 2,
      max: BORROWERS.length,
    },
    window: {
      kind: "number",
      integer: true,
      unit: "blocks",
      description: "how many blocks the TWAP oracle averages DEX A's price over",
      default: 1,
      min: 1,
      max: 20,
    },
    oracle: {
      kind: "choice",
      options: ["twap", "feed"],
      description:
        "what the lending pool reads WETH's price from: DEX A's time-weighted average (twap) or the Chainlink-style WETH/USD feed (feed)",
      default: "twap",
    },
  },
  bots: (world) =>
    botsFor(world, { liquidator: { flash: false, lendingPool: CASCADE_POOL, sellOn: CASCADE_DEX_POOL } }),
  steps: [
    {
      title: "The stage: a lending pool priced by DEX A, borrowers near the edge",
      // The lending panel tells the whole cascade (its chart, the borrowers, the oracle's price); the
      // decisions' answer key, the blocks and the pools follow it below.
      focus: ["lending"],
      async run({ world, engine, params }) {
        const stage = await deployStage(engine, {
          oracle: params.oracle as OracleKind,
          window: params.window,
          borrowers: params.borrowers,
        });
        await openPositions(engine, stage);
        engine.watch(cascadeWatcher(world, stage));
        const deployBlock = (await engine.mine()).number;
        let readyBlock = deployBlock;
        // the keeper records until the oracle holds a whole window of prices before bob's dip
        while (stage.oracle && readyBlock + 1 < deployBlock + params.window - 1)
          readyBlock = await mineWithKeeper(engine, stage);
        stages.set(engine, { ...stage, readyBlock });
        const { wethPrice, positions } = await stateAhead(world, stage, await world.chain.latestBlock());
        const blocks = `${params.window} block${params.window === 1 ? "" : "s"}`;
        const oracle = stage.oracle
          ? `It reads WETH's price from ${CASCADE_DEX_POOL}: its time-weighted average over the last ${blocks} (a DexTwapOracle; the admin's keeper records the pair's price every block)`
          : "It reads WETH's price from the world's Chainlink-style WETH/USD feed";
        return {
          narration: sentences(
            "The admin deployed a second lending pool, the cascade lending pool (WETH and USDC, the world's risk parameters), and minted it USDC to lend",
            oracle,
            `For #${readyBlock + 1} it reads WETH at ${formatUsd(wethPrice)}. The borrowers: ${positions.map((p) => borrowerText(world, p.borrower, p, wethPrice)).join("; ")}`,
            `The liquidator watches the pool, prices each position as the next block will read it, and sells what it seizes on ${CASCADE_DEX_POOL} at once`,
          ),
        };
      },
    },
    {
      title: "Bob's one-block dip",
      focus: ["lending"],
      async run({ world, engine, params, events, runEvents }) {
        const stage = stageOf(engine);
        const reserves = { ...(await reservesFor(stage.dexPool, "WETH")), feeBps: stage.dexPool.feeBps };
        const amountIn = saleToDrop(reserves, percentToBps(params.priceDrop));
        stage.dipUsdc = (await whaleSwap(engine, { path: ["WETH", "USDC"], amountIn, tip: GWEI })).quote;
        const block = await mineWithKeeper(engine, stage);
        const [before, after] = [
          await dexPriceUsd(world, stage.dexPool, block - 1),
          await dexPriceUsd(world, stage.dexPool, block),
        ];
        const { text, formulas } = decisionsIn(events());
        return {
          narration: sentences(
            `In block #${block} bob sold ${worldAmount(world, amountIn, "WETH", 2)} on ${CASCADE_DEX_POOL}: ${formatUsd(before)} → ${formatUsd(after)} (−${formatBps(((before - after) * BPS) / before)}, the drop asked was ${params.priceDrop}%). He buys back in the next block`,
            aheadText(stage, runEvents(), block),
            text || "Nobody is below 1 at that price: the liquidator has nothing to do",
          ),
          formulas,
        };
      },
    },
    {
      title: "Bob buys back: the dip lasted one block",
      focus: ["lending"],
      async run({ world, engine, events, runEvents }) {
        const stage = stageOf(engine);
        const usdc = stage.dipUsdc ?? 0n;
        await whaleSwap(engine, { path: ["USDC", "WETH"], amountIn: usdc, tip: GWEI });
        const block = await mineWithKeeper(engine, stage);
        const { text, formulas } = decisionsIn(events());
        return {
          narration: sentences(
            `In block #${block} bob bought WETH back with his ${worldAmount(world, usdc, "USDC", 0)}`,
            await blockText(world, stage, block, runEvents()),
            aheadText(stage, runEvents(), block),
            text,
          ),
          formulas,
        };
      },
    },
    {
      title: "The cascade, block by block",
      focus: ["lending"],
      async run({ world, engine, runEvents }) {
        const stage = stageOf(engine);
        const lines: string[] = [];
        for (let i = 0; i < MAX_CASCADE_BLOCKS && (await mayGoOn(engine, stage)); i++) {
          const block = await mineWithKeeper(engine, stage);
          lines.push(
            `${await blockText(world, stage, block, runEvents())} ${aheadText(stage, runEvents(), block)}`,
          );
        }
        const quiet = stage.oracle
          ? "Nothing is pending, and nobody is below 1 even at DEX A's price: there is nothing left to mine."
          : "Nothing is pending, and the feed has not moved: there is nothing left to mine.";
        return { narration: lines.length > 0 ? lines.join("\n") : quiet };
      },
    },
    {
      title: "What stopped it",
      focus: ["lending"],
      async run({ world, engine, params, runEvents }) {
        const stage = stageOf(engine);
        const latest = await world.chain.latestBlock();
        const { positions } = await stateAtDexPrice(world, stage, latest);
        const lowest = positions.reduce((a, b) => (b.healthFactor < a.healthFactor ? b : a));
        const facts = {
          window: params.window,
          priceDrop: params.priceDrop,
          firstBlock: stage.readyBlock,
          lastBlock: latest.number,
          unfinished: await mayGoOn(engine, stage),
          lowestAtDex: { name: lowest.borrower.name, healthFactor: lowest.healthFactor },
        };
        return { narration: await stopText(world, stage, facts, runEvents()) };
      },
    },
  ],
});
