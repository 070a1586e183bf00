import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { formatAmount } from "../server/format";
import { inspectBlock } from "../server/inspector/inspector";
import { getAmountsOut, type HopReserves } from "../server/math/amm";
import { type TokenSymbol, toBaseUnits } from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import type { World } from "../server/world/types";
import { approveAll, balanceOf, mineBlock, poolNamed, reservesFor, sendSwap, tipped } from "./helpers/blocks";
import { takeSnapshot } from "./helpers/chain";

/** One hop of a cycle: the pool's name and the token it pays out. */
type Hop = [pool: string, tokenOut: TokenSymbol];

const TWO_HOPS: Hop[] = [
  ["DEX A WETH/USDC", "WETH"],
  ["DEX B WETH/USDC", "USDC"],
];
const THREE_HOPS: Hop[] = [
  ["DEX A WETH/USDC", "WETH"],
  ["DEX B WETH/DAI", "DAI"],
  ["DEX B USDC/DAI", "USDC"],
];

describe("inspector: arbitrage", () => {
  const chain = hardhatChain(hre);
  // Blocks built as the sandbox builds them: by tip, bundles first.
  Builder.attach(chain);
  let world: World;
  let executor: string;
  let restore: () => Promise<void>;

  const usdc = (whole: bigint) => toBaseUnits(whole, 6);
  const amountIn = usdc(20_000n);

  beforeAll(async () => {
    world = await deployWorld(chain);
    executor = await world.arbitrageExecutor.getAddress();
    const { arbitrageur, bob } = world.actors;
    await approveAll(chain, world, [bob.signer], ["WETH"], await world.dexes.dexA.router.getAddress());
    await chain.mined(
      world.tokens.USDC.contract.connect(arbitrageur.signer).transfer(executor, usdc(100_000n)),
    );
    restore = await takeSnapshot();
  });

  beforeEach(async () => {
    await restore();
    // bob dumps WETH on DEX A: WETH is now cheaper there than on DEX B
    await sendSwap(world, {
      from: world.actors.bob.signer,
      dex: "dexA",
      tokenIn: "WETH",
      tokenOut: "USDC",
      amountIn: toBaseUnits(60n, 18),
      tipGwei: 1n,
    });
    expect(await inspectBlock(await mineBlock(chain), world)).toEqual([]);
  });

  /** What `amountIn` USDC returns along `hops` on the current reserves, from the AMM formula. */
  async function expectedOut(hops: Hop[]): Promise<bigint> {
    let tokenIn: TokenSymbol = "USDC";
    const reserves: HopReserves[] = [];
    for (const [name, tokenOut] of hops) {
      const pool = poolNamed(world, name);
      reserves.push({ ...(await reservesFor(pool, tokenIn, tokenOut)), feeBps: pool.feeBps });
      tokenIn = tokenOut;
    }
    return getAmountsOut(amountIn, reserves).at(-1)!;
  }

  /** Sends the executor's cycle from the arbitrageur (not mined), with an explicit gas limit. */
  async function sendCycle(hops: Hop[], minProfit: bigint): Promise<string> {
    const tx = await world.arbitrageExecutor.connect(world.actors.arbitrageur.signer).execute(
      world.tokens.USDC.address,
      amountIn,
      hops.map(([name, tokenOut]) => ({
        pair: poolNamed(world, name).address,
        tokenOut: world.tokens[tokenOut].address,
      })),
      minProfit,
      tipped(2n),
    );
    return tx.hash;
  }

  it.each([
    ["2-hop", TWO_HOPS],
    ["3-hop", THREE_HOPS],
  ])(
    "labels a %s cycle with the executor's balance change as the arbitrageur's profit",
    async (name, hops) => {
      const expectedProfit = (await expectedOut(hops)) - amountIn;
      expect(expectedProfit).toBeGreaterThan(0n);
      const before = await balanceOf(world, "USDC", executor);
      const hash = await sendCycle(hops, 0n);

      const block = await mineBlock(chain);
      const events = await inspectBlock(block, world);

      const profit = (await balanceOf(world, "USDC", executor)) - before;
      expect(profit).toBe(expectedProfit);
      const { arbitrageur } = world.actors;
      expect(events).toEqual([
        {
          type: "mev:classified",
          block: block.number,
          kind: "arbitrage",
          txs: [hash],
          profits: [
            {
              actor: { address: arbitrageur.address, label: "arbitrageur" },
              profit: { amount: profit.toString(), symbol: "USDC", decimals: 6 },
            },
          ],
          explanation: expect.any(String),
        },
      ]);
      const explanation = events[0]!.explanation;
      expect(explanation).toContain(`arbitrageur ran a ${name} arbitrage cycle: 20,000 USDC → `);
      for (const [pool] of hops) expect(explanation).toContain(`on ${pool}`);
      expect(explanation).toContain(`arbitrageur made ${formatAmount(profit, 6)} USDC`);
    },
  );

  it("labels nothing when the cycle reverts (its profit is below the minimum asked)", async () => {
    const expectedProfit = (await expectedOut(TWO_HOPS)) - amountIn;
    const hash = await sendCycle(TWO_HOPS, expectedProfit + 1n);

    const block = await mineBlock(chain);

    expect(block.receipts.map((r) => [r.hash, r.status])).toEqual([[hash, 0]]);
    expect(await inspectBlock(block, world)).toEqual([]);
  });
});
