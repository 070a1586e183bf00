import { JsonRpcProvider, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { Engine } from "../server/engine/engine";
import { EventBus, type SandboxEvent, type TxPending } from "../server/events";
import { formatAmount } from "../server/format";
import { getAmountOut } from "../server/math/amm";
import { FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { reservesFor } from "../server/world/market";
import { AmmRouter__factory, TestToken__factory } from "../typechain-types";
import { type RpcServer, startChainRpc } from "./helpers/rpc";

describe("the engine", () => {
  const chain = hardhatChain(hre);
  let runner: CleanWorld;
  let rpc: RpcServer;

  beforeAll(async () => {
    runner = await CleanWorld.create(chain);
    rpc = await startChainRpc(hre, chain, runner.builder);
  });

  afterAll(async () => {
    await rpc?.close();
  });

  it("resets to the clean world through a snapshot, without redeploying", async () => {
    const clean = await chain.latestBlock();
    const { alice, bob } = runner.world.actors;
    const usdc = runner.world.tokens.USDC.contract;
    const before = await usdc.balanceOf(bob.address);
    await chain.mined(usdc.connect(alice.signer).transfer(bob.address, 5n));
    expect(await usdc.balanceOf(bob.address)).toBe(before + 5n);

    await runner.resetChain();
    expect(await usdc.balanceOf(bob.address)).toBe(before);
    expect((await chain.latestBlock()).hash).toBe(clean.hash);
    await runner.resetChain(); // a snapshot is used once: the runner takes a fresh one each time
    expect((await chain.latestBlock()).hash).toBe(clean.hash);
  });

  it("sees and decodes a swap an outside wallet sends to the JSON-RPC port", async () => {
    const bus = new EventBus();
    const events: SandboxEvent[] = [];
    bus.on((event) => events.push(event));
    const engine = new Engine({ world: runner.world, builder: runner.builder, bus });
    await engine.beginRun("outside", []);

    const provider = new JsonRpcProvider(rpc.url, undefined, { staticNetwork: true });
    const learner = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey, provider);
    const { WETH, USDC } = runner.world.tokens;
    const router = runner.world.dexes.dexA.router;
    await chain.mined(WETH.contract.mint(learner.address, toBaseUnits(5n, 18)));
    await (
      await TestToken__factory.connect(WETH.address, learner).approve(await router.getAddress(), 2n ** 255n)
    ).wait(0);
    await chain.mine();

    const swap = await AmmRouter__factory.connect(
      await router.getAddress(),
      learner,
    ).swapExactTokensForTokens(
      toBaseUnits(1n, 18),
      toBaseUnits(1_900n, 6),
      [WETH.address, USDC.address],
      learner.address,
      2n ** 40n,
      { maxPriorityFeePerGas: 3n * 10n ** 9n, nonce: 1 },
    );
    const seen = await engine.publishMempool();
    provider.destroy();

    expect(seen.map((tx) => tx.hash)).toEqual([swap.hash]);
    const pending = events.find((e): e is TxPending => e.type === "tx:pending" && e.hash === swap.hash)!;
    expect(pending.source).toBe("external");
    expect(pending.runId).toBe("outside");
    expect(pending.action.kind).toBe("swapExactTokensForTokens");
    // Slippage tolerance = how far amountOutMin is below the quote at the current reserves.
    const pool = runner.world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
    const quote = getAmountOut(toBaseUnits(1n, 18), reserveIn, reserveOut, pool.feeBps);
    const bps = ((quote - toBaseUnits(1_900n, 6)) * 10_000n) / quote;
    expect(pending.action.sentence).toBe(
      `0xBcd4…4096 swaps 1 WETH for ≥ 1,900 USDC on DEX A (slippage ${formatAmount(bps, 2, 2, 2)}%), tip 3 gwei`,
    );
    expect(pending.tip).toBe((3n * 10n ** 9n).toString());

    const block = await engine.mine();
    expect(block.receipts.map((r) => r.hash)).toEqual([swap.hash]);
    const mined = events.find((e) => e.type === "block:mined");
    expect(mined?.type === "block:mined" && mined.txs[0]!.status).toBe("success");
  });
});
