/**
 * The fork-replay primitive (server/replay): a block re-executed on a fork of the chain before it
 * reproduces it; calls run as an impersonated sender; nonce order is enforced; the real chain
 * never changes; a fork never serves state of an earlier chain whose block numbers repeat.
 */
import hre from "hardhat";
import type { HardhatNetworkConfig } from "hardhat/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { Replayer } from "../server/replay/fork";
import { minedTransactions } from "../server/replay/mined";
import { toBaseUnits } from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import type { World } from "../server/world/types";
import { approveAll, balanceOf, mineBlock, sendSwap } from "./helpers/blocks";

describe("replay: a fork of the sandbox's chain", () => {
  const chain = hardhatChain(hre);
  Builder.attach(chain);
  const replayer = new Replayer(chain, hre.network.config as HardhatNetworkConfig);
  let world: World;
  let block: number;

  const weth = (whole: bigint) => toBaseUnits(whole, 18);
  const usdcOf = (address: string, blockTag: number) =>
    world.tokens.USDC.contract.balanceOf(address, { blockTag });

  beforeAll(async () => {
    world = await deployWorld(chain);
    const { alice, bob } = world.actors;
    await approveAll(
      chain,
      world,
      [alice.signer, bob.signer],
      ["WETH", "USDC"],
      await world.dexes.dexA.router.getAddress(),
    );
    const swap = (who: "alice" | "bob", amountIn: bigint, tipGwei: bigint) =>
      sendSwap(world, {
        from: world.actors[who].signer,
        dex: "dexA",
        tokenIn: "WETH",
        tokenOut: "USDC",
        amountIn,
        tipGwei,
      });
    // Three swaps in one block: alice twice (nonces n, n+1), bob once between them by tip.
    await swap("alice", weth(5n), 3n);
    await swap("bob", weth(8n), 2n);
    await swap("alice", weth(2n), 1n);
    block = (await mineBlock(chain)).number;
  });

  afterAll(async () => {
    await replayer.close();
  });

  it("re-executes a block in its mined order exactly: receipts, balances, timestamp, coinbase", async () => {
    const mined = await minedTransactions(chain, block);
    expect(mined).toHaveLength(3);
    const context = await replayer.blockContext(block);
    const { receipts, aliceUsdc, latest } = await replayer.withFork(block - 1, async (fork) => {
      expect(await fork.request({ method: "eth_blockNumber" })).toBe(`0x${(block - 1).toString(16)}`);
      const receipts = await fork.mineBlock(
        mined.map(({ raw }) => ({ raw })),
        context,
      );
      const data = world.tokens.USDC.contract.interface.encodeFunctionData("balanceOf", [
        world.actors.alice.address,
      ]);
      const aliceUsdc = BigInt(
        (await fork.request({
          method: "eth_call",
          params: [{ to: world.tokens.USDC.address, data }, "latest"],
        })) as string,
      );
      const latest = (await fork.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
        number: string;
        timestamp: string;
        miner: string;
        baseFeePerGas: string;
      };
      return { receipts, aliceUsdc, latest };
    });
    expect(Number(latest.number)).toBe(block);
    expect(Number(latest.timestamp)).toBe(context.timestamp);
    expect(latest.miner.toLowerCase()).toBe(context.coinbase.toLowerCase());
    expect(BigInt(latest.baseFeePerGas)).toBe(context.baseFeePerGas);
    for (const [i, receipt] of receipts.entries()) {
      const real = (await chain.provider.getTransactionReceipt(mined[i]!.hash))!;
      expect(receipt.hash).toBe(real.hash);
      expect(receipt.status).toBe("success");
      expect(receipt.gasUsed).toBe(real.gasUsed);
      expect(receipt.effectiveGasPrice).toBe(real.gasPrice);
      expect(receipt.logs.map((l) => [l.address, l.topics, l.data])).toEqual(
        real.logs.map((l) => [l.address, [...l.topics], l.data]),
      );
    }
    expect(aliceUsdc).toBe(await usdcOf(world.actors.alice.address, block));
  });

  it("refuses a sender's later nonce before its earlier one, naming both transactions", async () => {
    const [first, , third] = await minedTransactions(chain, block);
    const context = await replayer.blockContext(block);
    await replayer.withFork(block - 1, async (fork) => {
      await expect(fork.mineBlock([{ raw: third!.raw }, { raw: first!.raw }], context)).rejects.toMatchObject(
        {
          code: "nonce_order",
          message: expect.stringContaining(third!.hash),
        },
      );
      await expect(fork.mineBlock([{ raw: third!.raw }, { raw: first!.raw }], context)).rejects.toThrow(
        first!.hash,
      );
    });
  });

  it("runs a call as an impersonated sender, on the fork only", async () => {
    const { bob } = world.actors;
    const usdc = world.tokens.USDC;
    const amount = toBaseUnits(1_000n, 6);
    const data = usdc.contract.interface.encodeFunctionData("transfer", [world.actors.alice.address, amount]);
    const context = await replayer.blockContext(block);
    const [receipt] = await replayer.withFork(block - 1, (fork) =>
      fork.mineBlock([{ from: bob.address, to: usdc.address, data }], context),
    );
    expect(receipt!.status).toBe("success");
    expect(receipt!.from).toBe(bob.address);
    expect(receipt!.gasUsed).toBeGreaterThan(21_000n);
    expect(await balanceOf(world, "USDC", bob.address)).toBe(await usdcOf(bob.address, block));
  });

  it("leaves the real chain as it was", async () => {
    const before = {
      number: await chain.provider.getBlockNumber(),
      usdc: await balanceOf(world, "USDC", world.actors.alice.address),
    };
    const context = await replayer.blockContext(block);
    const mined = await minedTransactions(chain, block);
    await replayer.withFork(block - 1, (fork) =>
      fork.mineBlock(
        [...mined]
          .reverse()
          .filter((t) => t.from !== world.actors.alice.address)
          .map(({ raw }) => ({ raw })),
        context,
      ),
    );
    expect(await chain.provider.getBlockNumber()).toBe(before.number);
    expect(await balanceOf(world, "USDC", world.actors.alice.address)).toBe(before.usdc);
  });

  it("forks the chain as it is now when a block number comes back with other contents", async () => {
    const { alice } = world.actors;
    const snapshot = await chain.snapshot();
    const data = world.tokens.USDC.contract.interface.encodeFunctionData("balanceOf", [alice.address]);
    const readAt = (parent: number) =>
      replayer.withFork(parent, async (fork) =>
        BigInt(
          (await fork.request({
            method: "eth_call",
            params: [{ to: world.tokens.USDC.address, data }, "latest"],
          })) as string,
        ),
      );
    await sendSwap(world, {
      from: alice.signer,
      dex: "dexA",
      tokenIn: "WETH",
      tokenOut: "USDC",
      amountIn: weth(1n),
      tipGwei: 1n,
    });
    const first = (await mineBlock(chain)).number;
    const afterFirst = await readAt(first);
    expect(afterFirst).toBe(await usdcOf(alice.address, first));
    await chain.revert(snapshot);
    await sendSwap(world, {
      from: alice.signer,
      dex: "dexA",
      tokenIn: "WETH",
      tokenOut: "USDC",
      amountIn: weth(3n),
      tipGwei: 1n,
    });
    const again = (await mineBlock(chain)).number;
    expect(again).toBe(first);
    const afterAgain = await readAt(again);
    expect(afterAgain).toBe(await usdcOf(alice.address, again));
    expect(afterAgain).not.toBe(afterFirst);
  });

  it("refuses an unknown block", async () => {
    await expect(replayer.forkAt(10_000)).rejects.toMatchObject({ code: "unknown_block" });
  });
});
