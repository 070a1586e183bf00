/**
 * The mev-share scenario, read from the chain: alice's sale never reaches the public mempool, the
 * back-run lands right after it, and the builder's refund to her is 90% of what the back-run paid
 * it, to the wei; and the run repeats byte for byte.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { HintShared, RefundPaid, TxPending } from "../server/events";
import { COINBASE_ADDRESS, isCoinbase } from "../server/world/actors";
import type { World } from "../server/world/types";
import { blocks, found, play, runEvents } from "./helpers/runs";

describe("mev-share scenario", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  it("puts the back-run right after alice's sale and refunds her 90% of its payment, to the wei", async () => {
    const run = await play(runner, "mev-share");
    const block = blocks(run).at(-1)!;
    const [sale, ...rest] = block.txs;
    expect(sale!.from.label).toBe("alice");
    const pending = run.events.filter((e): e is TxPending => e.type === "tx:pending").map((e) => e.hash);
    expect(pending).not.toContain(sale!.hash);
    const hint = run.events.find((e): e is HintShared => e.type === "hint:shared")!;
    expect(hint.hint.hash).toBe(sale!.hash);
    expect(hint.hints).toEqual(["hash", "logs"]);

    // The back-run: the back-runner's transactions, right after the sale, before the refund.
    const [decision] = found(run);
    expect(decision!.txs[0]).toBe(sale!.hash);
    const backrun = decision!.txs.slice(1);
    expect(rest.slice(0, backrun.length).map((tx) => tx.hash)).toEqual(backrun);
    const refundTx = rest[backrun.length]!;
    expect(refundTx.from.address).toBe(COINBASE_ADDRESS);
    expect(refundTx.to!.label).toBe("alice");

    // What the back-run paid the producer, from the chain: transfers to it and priority fees.
    let payment = 0n;
    for (const hash of backrun) {
      const tx = (await world.chain.provider.getTransaction(hash))!;
      const receipt = (await world.chain.provider.getTransactionReceipt(hash))!;
      payment +=
        (isCoinbase(tx.to) ? tx.value : 0n) +
        receipt.gasUsed * (receipt.gasPrice - BigInt(block.baseFeePerGas));
    }
    expect(payment).toBeGreaterThan(0n);
    const refunded = (await world.chain.provider.getTransaction(refundTx.hash))!.value;
    expect(refunded).toBe((payment * 9_000n) / 10_000n);
    // alice's ETH grew by the refund, less the gas of her sale.
    const alice = world.actors.alice.address;
    const saleReceipt = (await world.chain.provider.getTransactionReceipt(sale!.hash))!;
    const ethChange =
      (await world.chain.provider.getBalance(alice, block.block)) -
      (await world.chain.provider.getBalance(alice, block.block - 1));
    expect(ethChange).toBe(refunded - saleReceipt.gasUsed * saleReceipt.gasPrice);

    const refund = run.events.find((e): e is RefundPaid => e.type === "refund:paid")!;
    expect(refund).toMatchObject({
      block: block.block,
      user: { label: "alice" },
      txHash: sale!.hash,
      searcher: { label: "arbitrageur" },
      searcherPayment: payment.toString(),
      shareBps: 9_000,
      amount: refunded.toString(),
      refundTx: refundTx.hash,
    });
  });

  it("plays byte for byte the same twice", async () => {
    const first = JSON.stringify(await runEvents(runner, "mev-share"));
    const second = JSON.stringify(await runEvents(runner, "mev-share"));
    expect(second).toBe(first);
  });
});
