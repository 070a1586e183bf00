/**
 * Sandwicher latency: for each victim swap, the time from the moment the pending transaction is
 * handed to the bot to the moment its second transaction (the backrun) has been submitted.
 */
import { performance } from "node:perf_hooks";
import { createSandwicher } from "../../server/bots/sandwicher";
import type { Bot, BotContext } from "../../server/engine/bot";
import type { CleanWorld } from "../../server/engine/cleanWorld";
import { Engine } from "../../server/engine/engine";
import { EventBus } from "../../server/events";
import { amountOutMinFor, getAmountOut } from "../../server/math/amm";
import { createRandom } from "../../server/math/random";
import { approve, GWEI, swapExactIn } from "../../server/scenarios/actions";
import { toBaseUnits } from "../../server/world/config";
import { reservesFor } from "../../server/world/market";

/** Wraps a bot so that each reaction that sends two transactions is timed. */
function timed(bot: Bot, latencies: number[]): Bot {
  return {
    ...bot,
    async onPending(txs, ctx) {
      const start = performance.now();
      let sent = 0;
      const timedCtx: BotContext = {
        ...ctx,
        send: async (from, tx) => {
          const hash = await ctx.send(from, tx);
          if (++sent === 2) latencies.push(performance.now() - start);
          return hash;
        },
      };
      await bot.onPending?.(txs, timedCtx);
    },
  };
}

export async function sandwichLatencies(runner: CleanWorld, victims: number): Promise<number[]> {
  await runner.resetChain();
  const { world, builder } = runner;
  const engine = new Engine({ world, builder, bus: new EventBus() });
  const latencies: number[] = [];
  const bot = timed(createSandwicher({ capital: toBaseUnits(1_000n, 18) }), latencies);
  await engine.beginRun("bench-sandwich", [bot]);

  const alice = world.actors.alice.address;
  await world.chain.mined(world.tokens.WETH.contract.mint(alice, toBaseUnits(100_000n, 18)));
  await world.chain.mined(world.tokens.USDC.contract.mint(alice, toBaseUnits(200_000_000n, 6)));
  const router = await world.dexes.dexA.router.getAddress();
  await approve(engine, "alice", "WETH", router);
  await approve(engine, "alice", "USDC", router);
  await world.chain.mine();

  const random = createRandom("bench-sandwich");
  const pool = world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
  for (let i = 0; i < victims; i++) {
    // Alternate directions so that the pool stays near its starting price.
    const path = i % 2 === 0 ? (["WETH", "USDC"] as const) : (["USDC", "WETH"] as const);
    const amountIn =
      path[0] === "WETH"
        ? toBaseUnits(BigInt(random.int(5, 40)), 18)
        : toBaseUnits(BigInt(random.int(10_000, 80_000)), 6);
    const { reserveIn, reserveOut } = await reservesFor(pool, path[0]);
    const quote = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
    const slippageBps = BigInt(random.int(100, 500));
    await swapExactIn(engine, {
      actor: "alice",
      dex: "dexA",
      path,
      amountIn,
      amountOutMin: amountOutMinFor(quote, slippageBps),
      tip: 2n * GWEI,
    });
    await engine.publishMempool();
    await engine.letBotsReact();
    await engine.mine();
  }
  return latencies;
}
