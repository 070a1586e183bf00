/**
 * JIT liquidity: bob sells a lot of WETH on DEX A in public. The JIT provider (the searcher) reads
 * his pending swap and decides for itself whether to add liquidity right before it and remove it
 * right after, in one bundle with bob's own signed transaction, to take a share of his swap fee.
 */
import { MaxUint256 } from "ethers";
import type { BlockBuilt, BlockMined, FormulaUse } from "../events";
import { formatAmount, formatBps } from "../format";
import { BPS } from "../math/amm";
import { jitFeeShare } from "../math/jit";
import { reservesFor } from "../world/market";
import type { World } from "../world/types";
import { approve, GWEI, WHALE_POOL, whaleSwap } from "./actions";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { settlement } from "./settlement";
import { blockOrder, decisionsIn, inspectorVerdict, poolNamed, sentences, worldAmount } from "./text";

const POOL = WHALE_POOL;
const TRADER_TIP = 2n * GWEI;

/** `account`'s change of `symbol` over block `block`. */
async function changeIn(
  world: World,
  symbol: "WETH" | "USDC",
  account: string,
  block: number,
): Promise<bigint> {
  const token = world.tokens[symbol].contract;
  return (
    (await token.balanceOf(account, { blockTag: block })) -
    (await token.balanceOf(account, { blockTag: block - 1 }))
  );
}

export const jitLiquidity = defineScenario({
  name: "jit-liquidity",
  description:
    "bob's large swap is pending; a JIT provider adds liquidity just before it and removes it just after, in one bundle",
  params: {
    tradeSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH bob sells on DEX A",
      default: "50",
      min: "1",
      max: "400",
    },
    capital: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "most WETH the JIT provider deposits (USDC follows at the pool's ratio)",
      default: "1000",
      min: "0",
      max: "1000",
    },
  },
  bots: (world, params) => botsFor(world, { jit: { capital: params.capital } }),
  steps: [
    {
      title: "The stage: DEX A's WETH/USDC pool and its liquidity provider",
      focus: ["pools", "block"],
      async run({ world, engine }) {
        const pool = poolNamed(world, POOL);
        const router = await world.dexes.dexA.router.getAddress();
        await approve(engine, "bob", "WETH", router);
        // The provider's standing approval: the router may pull its LP tokens back to burn them.
        await engine.send(world.actors.searcher.address, {
          to: pool.address,
          data: pool.pair.interface.encodeFunctionData("approve", [router, MaxUint256]),
          maxPriorityFeePerGas: GWEI,
        });
        await engine.mine();
        const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
        const supply = await pool.pair.totalSupply();
        const lpShare = ((await pool.pair.balanceOf(world.actors.lp.address)) * BPS) / supply;
        return {
          narration:
            `${POOL} holds ${worldAmount(world, reserveIn, "WETH")} and ${worldAmount(world, reserveOut, "USDC")}; ` +
            `${formatAmount(supply, 18, 6)} LP tokens exist (${supply} base units) and lp owns ${formatBps(lpShare)} of them, so lp earns that share of every swap's ` +
            `${formatBps(pool.feeBps)} fee. bob has approved DEX A's router for his WETH, and the searcher, who will act as a ` +
            "JIT liquidity provider, has let the router take back its LP tokens (both approvals mined in this block).",
        };
      },
    },
    {
      title: "bob sends a large swap to the public mempool",
      focus: ["mempool"],
      async run({ world, engine, params }) {
        const pool = poolNamed(world, POOL);
        const { quote, amountOutMin } = await whaleSwap(engine, {
          path: ["WETH", "USDC"],
          amountIn: params.tradeSize,
          tip: TRADER_TIP,
        });
        await engine.publishMempool();
        const fee = (params.tradeSize * pool.feeBps) / BPS;
        return {
          narration:
            `bob sells ${worldAmount(world, params.tradeSize, "WETH")} for at least ${worldAmount(world, amountOutMin, "USDC")} ` +
            `(quote ${worldAmount(world, quote, "USDC")}). His swap pays ${worldAmount(world, fee, "WETH")} of fees into the pool, ` +
            "shared by whoever holds its LP tokens when it runs. It waits in the public mempool.",
          formulas: [
            {
              name: "the swap's fee",
              expression: "fee = amountIn·feeBps/10000",
              inputs: { amountIn: params.tradeSize.toString(), feeBps: pool.feeBps.toString() },
              result: `${fee} (WETH base units)`,
            },
          ],
        };
      },
    },
    {
      title: "The JIT provider reads the mempool and decides",
      focus: ["builder", "mempool"],
      async run({ engine, events }) {
        await engine.letBotsReact();
        await engine.publishMempool();
        const { text, formulas } = decisionsIn(events());
        return { narration: text || "No JIT provider reacted to bob's swap.", formulas };
      },
    },
    {
      title: "The block is built: add, bob's swap, remove",
      focus: ["block", "findings", "builder", "actors"],
      async run({ world, engine, events }) {
        await engine.mine();
        const all = events();
        const block = all.find((e): e is BlockMined => e.type === "block:mined")!;
        const built = all.find((e): e is BlockBuilt => e.type === "block:built");
        const bundleText =
          built?.bundles
            .map((b) => `The builder ${b.outcome} bundle ${b.bundle.slice(0, 10)}…: ${b.explanation}.`)
            .join(" ") ?? "";
        const onChain = await feeShareOnChain(world, block);
        const verdict = inspectorVerdict(all, "The inspector finds no MEV in this block.");
        return {
          narration: sentences(
            `The ${blockOrder(all)}`,
            bundleText,
            onChain.text,
            verdict,
            await settlement(engine, all),
          ),
          formulas: onChain.formulas,
        };
      },
    },
  ],
});

/** The provider's fee share, read from the chain: its LP tokens, bob's input, its token changes. */
async function feeShareOnChain(
  world: World,
  block: BlockMined,
): Promise<{ text: string; formulas: FormulaUse[] }> {
  const pool = poolNamed(world, POOL);
  const searcher = world.actors.searcher.address;
  const bobIn = -(await changeIn(world, "WETH", world.actors.bob.address, block.block));
  const wethDelta = await changeIn(world, "WETH", searcher, block.block);
  const usdcDelta = await changeIn(world, "USDC", searcher, block.block);
  const addIndex = block.txs.findIndex((tx) => tx.from.label === "searcher");
  if (addIndex < 0 || bobIn <= 0n)
    return { text: "The provider did not take part in this block.", formulas: [] };
  const receipt = await world.chain.provider.getTransactionReceipt(block.txs[addIndex]!.hash);
  const minted = receipt!.logs
    .filter((log) => log.address === pool.address)
    .map((log) => pool.pair.interface.parseLog(log))
    .find((log) => log?.name === "Transfer" && log.args.to === searcher);
  const liquidity = (minted?.args.value as bigint) ?? 0n;
  const supply = await pool.pair.totalSupply({ blockTag: block.block - 1 });
  const feeShare = jitFeeShare(bobIn, pool.feeBps, liquidity, supply + liquidity);
  return {
    text:
      `Over the block the provider's WETH changed by ${worldAmount(world, wethDelta, "WETH", 6)} and its USDC by ` +
      `${worldAmount(world, usdcDelta, "USDC")}: it took its ${formatBps((liquidity * BPS) / (supply + liquidity))} share of bob's ` +
      `${worldAmount(world, bobIn, "WETH")} and paid out that share of his USDC. Of that WETH, ${worldAmount(world, feeShare, "WETH", 6)} is ` +
      `its share of bob's ${formatBps(pool.feeBps)} fee — fees lp would have earned alone without the JIT provider.`,
    formulas: [
      {
        name: "fee share on chain",
        expression: "feeShare = amountIn·fee·L/(10000·(S + L)), with L the LP tokens minted to the provider",
        inputs: {
          amountIn: bobIn.toString(),
          fee: `${pool.feeBps} bps`,
          L: liquidity.toString(),
          S: supply.toString(),
          "provider ΔWETH": wethDelta.toString(),
          "provider ΔUSDC": usdcDelta.toString(),
        },
        result: `${feeShare} (WETH base units)`,
      },
    ],
  };
}
