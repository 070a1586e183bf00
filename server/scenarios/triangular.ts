/**
 * Triangular arbitrage: bob buys WBTC with WETH on both DEXes at once, each in proportion to the
 * pool's WETH reserve, so both WBTC/WETH pools move to (almost) the same price. No round trip
 * between the two DEXes pays after two swap fees, but WBTC is now dearer in WETH than through USDC:
 * a three-pool cycle such as WBTC → WETH → USDC → WBTC pays. The arbitrageur's search of every pair and triangle of pools
 * finds it when it looks at cycles of three pools; limited to two (`--maxHops 2`) it finds no cycle
 * that pays even before gas, and stays silent.
 */
import { formatAmount, formatBps } from "../format";
import { amountOutMinFor, BPS, getAmountOut } from "../math/amm";
import { max, min } from "../math/bigint";
import type { DexId } from "../world/config";
import { reservesFor } from "../world/market";
import type { World } from "../world/types";
import { approve, GWEI, swapExactIn, WHALE_SLIPPAGE_BPS } from "./actions";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { blockOrder, decisionsIn, inspectorVerdict, poolNamed, sentences, worldAmount } from "./text";

const WBTC_WETH_POOLS = ["DEX A WBTC/WETH", "DEX B WBTC/WETH"] as const;
/** Bots may answer each other's trades; the scenario mines until the mempool is empty, at most this often. */
const MAX_SETTLING_BLOCKS = 4;

/** WETH per whole WBTC on a WBTC/WETH pool, in WETH base units. */
async function wbtcInWeth(world: World, pool: string): Promise<bigint> {
  const { reserveIn: wbtc, reserveOut: weth } = await reservesFor(poolNamed(world, pool), "WBTC");
  return (weth * 10n ** 8n) / wbtc;
}

/** USDC per whole WBTC bought through WETH: the WBTC/WETH price times the WETH/USDC price. */
async function wbtcViaWethInUsdc(world: World, wbtcPool: string, wethPool: string): Promise<bigint> {
  const { reserveIn: weth, reserveOut: usdc } = await reservesFor(poolNamed(world, wethPool), "WETH");
  return ((await wbtcInWeth(world, wbtcPool)) * usdc) / weth;
}

async function wbtcInUsdc(world: World, pool: string): Promise<bigint> {
  const { reserveIn: wbtc, reserveOut: usdc } = await reservesFor(poolNamed(world, pool), "WBTC");
  return (usdc * 10n ** 8n) / wbtc;
}

/** "DEX A: 1 WBTC = 30.0000 WETH; DEX B: …" */
async function wbtcPrices(world: World): Promise<string> {
  const parts: string[] = [];
  for (const pool of WBTC_WETH_POOLS)
    parts.push(`${pool}: 1 WBTC = ${formatAmount(await wbtcInWeth(world, pool), 18, 4)} WETH`);
  return parts.join("; ");
}

const usdc = (amount: bigint) => `${formatAmount(amount, 6, 2)} USDC`;

export const triangular = defineScenario({
  name: "triangular",
  description:
    "bob buys WBTC on both DEXes alike: no two-pool round trip pays, but a three-pool cycle does; the arbitrageur's search of every triangle finds it",
  params: {
    bobWeth: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "WETH bob spends on WBTC, split between the two DEXes by their pools' WETH reserves",
      default: "20",
      min: "1",
      max: "300",
    },
    maxHops: {
      kind: "number",
      integer: true,
      description:
        "longest cycle the arbitrageur searches (pools per cycle); with 2 it finds nothing that pays",
      default: 3,
      min: 2,
      max: 4,
    },
  },
  bots: (world, params) => botsFor(world, { arbitrageur: { maxHops: params.maxHops } }),
  steps: [
    {
      title: "The stage: four tokens, ten pools, one price for WBTC everywhere",
      focus: ["pools"],
      async run({ world, engine }) {
        for (const dex of ["dexA", "dexB"] as const)
          await approve(engine, "bob", "WETH", await world.dexes[dex].router.getAddress());
        await engine.mine();
        const viaWeth = await wbtcViaWethInUsdc(world, "DEX A WBTC/WETH", "DEX A WETH/USDC");
        return {
          narration:
            `The world has ${Object.keys(world.tokens).length} tokens and ${world.pools.length} pools on two DEXes. ` +
            `${await wbtcPrices(world)}. Through WETH, 1 WBTC costs ${usdc(viaWeth)}; ` +
            `on DEX A's WBTC/USDC pool it costs ${usdc(await wbtcInUsdc(world, "DEX A WBTC/USDC"))}. ` +
            "Every route agrees: no cycle of trades returns more than it started with. bob has allowed both routers to spend his WETH.",
        };
      },
    },
    {
      title: "bob buys WBTC with WETH on both DEXes",
      focus: ["pools", "answerKey", "block", "mempool"],
      async run({ world, engine, params, events }) {
        const orders = await splitByWethReserve(world, params.bobWeth);
        const formulas = [];
        for (const order of orders) {
          const pool = poolNamed(world, order.pool);
          const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
          const quote = getAmountOut(order.amountIn, reserveIn, reserveOut, pool.feeBps);
          await swapExactIn(engine, {
            actor: "bob",
            dex: order.dex,
            path: ["WETH", "WBTC"],
            amountIn: order.amountIn,
            amountOutMin: amountOutMinFor(quote, WHALE_SLIPPAGE_BPS),
            tip: 2n * GWEI,
          });
          formulas.push({
            name: `bob's share on ${order.pool}`,
            expression: "amountIn = total · reserveWETH(pool) / (reserveWETH(DEX A) + reserveWETH(DEX B))",
            inputs: { total: params.bobWeth.toString(), reserveWETH: reserveIn.toString() },
            result: `${order.amountIn} (WETH base units)`,
          });
        }
        await engine.mine();
        const [a, b] = [
          await wbtcInWeth(world, WBTC_WETH_POOLS[0]),
          await wbtcInWeth(world, WBTC_WETH_POOLS[1]),
        ];
        // In hundredths of a basis point, so that a gap far below one bp still shows.
        const gapBps = ((max(a, b) - min(a, b)) * 100n * BPS) / min(a, b);
        const viaWeth = await wbtcViaWethInUsdc(world, "DEX A WBTC/WETH", "DEX A WETH/USDC");
        const direct = await wbtcInUsdc(world, "DEX A WBTC/USDC");
        const decisions = decisionsIn(events());
        return {
          narration:
            `bob spent ${orders.map((o) => `${worldAmount(world, o.amountIn, "WETH")} on ${o.pool}`).join(" and ")}. ` +
            `Prices now: ${await wbtcPrices(world)}: the two pools differ by only ${formatAmount(gapBps, 2, 2)} bps, ` +
            `far less than the ${WBTC_WETH_POOLS.map((name) => formatBps(poolNamed(world, name).feeBps)).join(" + ")} a round trip between them pays in fees. ` +
            `But through WETH 1 WBTC is now worth ${usdc(viaWeth)}, while DEX A's WBTC/USDC pool still sells it for ${usdc(direct)}: ` +
            "buying WBTC with USDC, selling it for WETH and the WETH for USDC is a cycle of three pools. " +
            (decisions.text || "No bot reacted to the new block."),
          formulas: [...formulas, ...decisions.formulas],
        };
      },
    },
    {
      title: "The arbitrageur's transactions are mined",
      focus: ["block", "findings", "pools", "actors"],
      async run({ world, engine, events }) {
        const blocks: string[] = [];
        for (let i = 0; i < MAX_SETTLING_BLOCKS && (await pendingCount(world)) > 0; i++) {
          const before = events().length;
          await engine.mine();
          const fresh = events().slice(before);
          blocks.push(
            sentences(
              `The ${blockOrder(fresh)}`,
              inspectorVerdict(fresh, "The inspector finds no arbitrage in this block."),
              decisionsIn(fresh).text,
            ),
          );
        }
        return {
          narration:
            blocks.join("\n") ||
            "Nothing was sent: the arbitrageur found no cycle worth its gas within the hops it searches.",
        };
      },
    },
  ],
});

/** How many transactions wait in the mempool (the pending block, read as any wallet can). */
async function pendingCount(world: World): Promise<number> {
  const block = await world.chain.rpc<{ transactions: string[] } | null>("eth_getBlockByNumber", [
    "pending",
    false,
  ]);
  return block?.transactions.length ?? 0;
}

interface Order {
  dex: DexId;
  pool: string;
  amountIn: bigint;
}

/** bob's WETH split between the two WBTC/WETH pools in proportion to their WETH reserves (the rest to DEX B). */
async function splitByWethReserve(world: World, total: bigint): Promise<Order[]> {
  const reserves = await Promise.all(
    WBTC_WETH_POOLS.map(async (name) => (await reservesFor(poolNamed(world, name), "WETH")).reserveIn),
  );
  const onA = (total * reserves[0]!) / (reserves[0]! + reserves[1]!);
  return [
    { dex: "dexA", pool: WBTC_WETH_POOLS[0], amountIn: onA },
    { dex: "dexB", pool: WBTC_WETH_POOLS[1], amountIn: total - onA },
  ];
}
