/**
 * What would have saved the victim, re-executed on forks (server/control/mitigations.ts): each
 * figure equals a re-execution or the contract math on the same pre-trade state, and the tight limit
 * gets the sandwich bot's own answer.
 */
import hre from "hardhat";
import type { HardhatNetworkConfig } from "hardhat/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../server/bots/sandwicher/decide";
import { hardhatChain } from "../server/chain/hardhat";
import { LIVE_BOT_SETTINGS } from "../server/control";
import { type MitigationsReport, mitigationsOf, SPLIT_PARTS } from "../server/control/mitigations";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { MevClassified } from "../server/events";
import { amountOutMinFor, getAmountOut } from "../server/math/amm";
import { Replayer } from "../server/replay/fork";
import { minedTransactions } from "../server/replay/mined";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { poolNamed } from "./helpers/blocks";
import { blockOf, classified, play } from "./helpers/runs";

describe("the victim's mitigations, re-executed", () => {
  let runner: CleanWorld;
  let world: World;
  let replayer: Replayer;
  let label: MevClassified;
  let block: number;
  let report: MitigationsReport;
  const capital = LIVE_BOT_SETTINGS.sandwicher.capital;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
    replayer = new Replayer(world.chain, hre.network.config as HardhatNetworkConfig);
    const run = await play(runner, "sandwich");
    label = classified(run).find((l) => l.kind === "sandwich")!;
    block = await blockOf(world, label.victim!.tx);
    report = await mitigationsOf(world, replayer, block, [label], { capital });
  }, 120_000);

  afterAll(async () => {
    await replayer?.close();
  });

  const mitigation = (kind: string) => report.victims[0]!.mitigations.find((m) => m.kind === kind)!;

  it("the protected path gives exactly the inspector's no-attack counterfactual", async () => {
    expect(report.victims.map((v) => v.tx)).toEqual([label.victim!.tx]);
    const alone = mitigation("protected");
    expect(alone.amountOut).toEqual(label.victim!.counterfactualOut);
    expect(alone.blocks[0]!.status).toBe("success");
    expect(alone.versusActual.amount).toBe(label.victim!.loss.amount);
    // and a replay of alice's own signed transaction alone, on the same state, agrees
    const mined = await minedTransactions(world.chain, block);
    const own = mined.find((tx) => tx.hash === label.victim!.tx)!;
    const context = await replayer.blockContext(block);
    const [receipt] = await replayer.withFork(block - 1, (fork) =>
      fork.mineBlock([{ raw: own.raw }], context),
    );
    const usdc = world.tokens.USDC.address.toLowerCase();
    const transfer = receipt!.logs.find(
      (log) => log.address.toLowerCase() === usdc && log.topics[2]?.endsWith(own.from.slice(2).toLowerCase()),
    )!;
    expect(BigInt(transfer.data)).toBe(BigInt(alone.amountOut.amount));
  });

  it("a tight limit: the sandwich bot, asked on the same state, declines; alice gets the no-attack output", async () => {
    const tight = mitigation("tight-slippage");
    const noAttack = BigInt(label.victim!.counterfactualOut.amount);
    expect(tight.blocks[0]!.amountOutMin).toBe(amountOutMinFor(noAttack, 10n).toString());
    // The bot's own decide on the pre-trade state read from the chain (not the fork).
    const pool = poolNamed(world, "DEX A WETH/USDC");
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH", block - 1);
    const balance = await world.tokens.WETH.contract.balanceOf(world.actors.searcher.address, {
      blockTag: block - 1,
    });
    const context = await replayer.blockContext(block);
    const tx = await world.chain.provider.getTransaction(label.victim!.tx);
    const choice = decide(
      {
        swap: {
          hash: tx!.hash,
          victim: "alice",
          router: "DEX A router",
          dex: "DEX A",
          tip: tx!.maxPriorityFeePerGas!,
          amountIn: BigInt(label.victimReceipt!.amountIn.amount),
          amountOutMin: BigInt(tight.blocks[0]!.amountOutMin),
          path: ["WETH", "USDC"],
        },
        pool: {
          name: pool.name,
          feeBps: pool.feeBps,
          tokenIn: "WETH",
          tokenOut: "USDC",
          reserveIn,
          reserveOut,
        },
        balance,
        wethPrice: undefined,
        tokens: world.tokens,
        nextBaseFee: context.baseFeePerGas,
      },
      { capital, path: "public" },
    );
    expect(choice.kind).toBe("refuse");
    expect(tight.blocks[0]!.attacked).toBe(false);
    expect(tight.blocks[0]!.decision).toContain("declines");
    expect(tight.amountOut).toEqual(label.victim!.counterfactualOut);
  });

  it("split into 4: each part's output is the contract math on the pool as the parts before left it", async () => {
    const parts = mitigation("split");
    expect(parts.blocks).toHaveLength(Number(SPLIT_PARTS));
    const pool = poolNamed(world, "DEX A WETH/USDC");
    let { reserveIn, reserveOut } = await reservesFor(pool, "WETH", block - 1);
    let total = 0n;
    for (const part of parts.blocks) {
      expect(part.status).toBe("success");
      if (part.attacked) return; // an attacked part is checked by its re-execution only
      const out = getAmountOut(BigInt(part.amountIn), reserveIn, reserveOut, pool.feeBps);
      expect(part.amountOut).toBe(out.toString());
      reserveIn += BigInt(part.amountIn);
      reserveOut -= out;
      total += out;
    }
    expect(parts.amountOut.amount).toBe(total.toString());
    expect(parts.blocks.reduce((sum, b) => sum + BigInt(b.amountIn), 0n)).toBe(
      BigInt(label.victimReceipt!.amountIn.amount),
    );
  });
});
