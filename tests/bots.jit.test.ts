import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { ADD_LIQUIDITY_GAS, REMOVE_LIQUIDITY_GAS } from "../server/bots/jit";
import { PAYMENT_GAS } from "../server/bots/kit/fees";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { BlockBuilt } from "../server/events";
import { jitFeeShare, simulateJit } from "../server/math/jit";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { poolNamed } from "./helpers/blocks";
import { balanceAt, blocks, classified, found, lastBlock, play, runEvents, skipped } from "./helpers/runs";

describe("JIT provider bot (jit-liquidity scenario)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  /** The pool's WETH/USDC reserves and LP supply at the end of block `blockTag`. */
  async function poolAt(blockTag: number) {
    const pool = poolNamed(world, "DEX A WETH/USDC");
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH", blockTag);
    return { pool, reserveIn, reserveOut, totalSupply: await pool.pair.totalSupply({ blockTag }) };
  }

  it("lands one bundle [add, bob's swap, remove, payment] and collects its fee share, as the contract math says", async () => {
    const run = await play(runner, "jit-liquidity");
    const [decision] = found(run);
    expect(decision!.kind).toBe("jit");
    const block = blocks(run).at(-1)!;
    // Bundle order in the block: the provider's add, bob's own signed swap, the remove, the payment.
    expect(block.txs.map((tx) => [tx.index, tx.from.label, tx.status, tx.source])).toEqual([
      [0, "searcher", "success", "bundle"],
      [1, "bob", "success", "bundle"],
      [2, "searcher", "success", "bundle"],
      [3, "searcher", "success", "bundle"],
    ]);
    expect(new Set(block.txs.map((tx) => tx.bundle)).size).toBe(1);
    expect(block.txs.map((tx) => tx.hash)).toEqual(decision!.txs);
    const built = run.events.find(
      (e): e is BlockBuilt => e.type === "block:built" && e.block === block.block,
    );
    expect(built!.bundles.map((b) => [b.outcome, b.position])).toEqual([["included", 0]]);

    // Tokens back minus tokens in, from the provider's balances over the block.
    const searcher = world.actors.searcher.address;
    const n = lastBlock(run);
    const wethDelta =
      (await balanceAt(world, "WETH", searcher, n)) - (await balanceAt(world, "WETH", searcher, n - 1));
    const usdcDelta =
      (await balanceAt(world, "USDC", searcher, n)) - (await balanceAt(world, "USDC", searcher, n - 1));
    const bob = world.actors.bob.address;
    const bobIn = (await balanceAt(world, "WETH", bob, n - 1)) - (await balanceAt(world, "WETH", bob, n));
    const before = await poolAt(n - 1);
    const outcome = simulateJit({
      reserveIn: before.reserveIn,
      reserveOut: before.reserveOut,
      totalSupply: before.totalSupply,
      feeBps: before.pool.feeBps,
      victimAmountIn: bobIn,
      depositInDesired: 1000n * 10n ** 18n,
      depositOutDesired: await balanceAt(world, "USDC", searcher, n - 1),
    });
    // The TypeScript mirror of addLiquidity/mint/swap/burn matches the chain to the wei.
    expect(wethDelta).toBe(outcome.deltaIn);
    expect(usdcDelta).toBe(outcome.deltaOut);
    // The provider's WETH gain is its share L/(S+L) of bob's input: burn rounds down and the deposit
    // rounds L down, so it differs from v·L/(S+L) by at most one LP token's worth of WETH
    // ((reserve after the deposit)/(S+L)) plus 1 wei.
    const { liquidity, supply } = outcome;
    const reserveAfterDeposit = before.reserveIn + outcome.depositIn;
    const ideal = (bobIn * liquidity) / supply;
    const diff = wethDelta > ideal ? wethDelta - ideal : ideal - wethDelta;
    expect(diff).toBeLessThanOrEqual(reserveAfterDeposit / supply + 1n);
    // Its fee share: amountIn × fee × share, i.e. fee/10000 of that WETH gain (exact at these numbers).
    const feeShare = jitFeeShare(bobIn, before.pool.feeBps, liquidity, supply);
    expect(feeShare).toBe((wethDelta * before.pool.feeBps) / 10_000n);
    expect(feeShare).toBeGreaterThan(0n);

    // The inspector labels it from the logs: Mint → Swap → Burn by one owner in one pool.
    const labels = classified(run);
    expect(labels.map((l) => l.kind)).toEqual(["jit"]);
    const [jit] = labels;
    expect(jit!.txs).toEqual(block.txs.slice(0, 3).map((tx) => tx.hash));
    expect(jit!.profits[0]!.actor.label).toBe("searcher");
    expect(jit!.profits[0]!.profit).toEqual({
      amount: outcome.valueBefore.toString(),
      symbol: "WETH",
      decimals: 18,
    });
    // bob, the targeted trader, got more than on the pool before the deposit: a deeper pool.
    expect(jit!.victim!.tx).toBe(block.txs[1]!.hash);
    expect(jit!.victim!.actualOut.amount).toBe(outcome.victimOut.toString());
    expect(jit!.victim!.counterfactualOut.amount).toBe(outcome.victimOutAlone.toString());
    expect(BigInt(jit!.victim!.loss.amount)).toBe(outcome.victimOutAlone - outcome.victimOut);
    expect(outcome.victimOut).toBeGreaterThan(outcome.victimOutAlone);
    // Its share is read as deposit/reserve after the deposit, not L/(S+L): equal up to one LP token's worth of the fee.
    const inspected = BigInt(jit!.feeShare!.amount);
    const slack = (bobIn * before.pool.feeBps) / (10_000n * supply) + 1n;
    expect(inspected >= feeShare - slack && inspected <= feeShare + slack).toBe(true);

    // Gas: each leg within the bot's estimate.
    const receipts = await Promise.all(
      [0, 2, 3].map((i) => world.chain.provider.getTransactionReceipt(block.txs[i]!.hash)),
    );
    expect(receipts[0]!.gasUsed).toBeLessThanOrEqual(ADD_LIQUIDITY_GAS);
    expect(receipts[1]!.gasUsed).toBeLessThanOrEqual(REMOVE_LIQUIDITY_GAS);
    expect(receipts[2]!.gasUsed).toBe(PAYMENT_GAS);
  });

  it("declines a swap whose fee share does not pay the gas, and says why", async () => {
    const run = await play(runner, "jit-liquidity", { tradeSize: "1" });
    expect(found(run)).toEqual([]);
    const [skip] = skipped(run);
    expect(skip!.reason).toBe("fee-share-below-gas");
    expect(skip!.explanation).toContain("0.0015 WETH");
    expect(
      blocks(run)
        .at(-1)!
        .txs.map((tx) => [tx.from.label, tx.source]),
    ).toEqual([["bob", "public"]]);
    expect(classified(run)).toEqual([]);
  });

  it("plays byte for byte the same twice, finding the jit both times", async () => {
    const first = await runEvents(runner, "jit-liquidity");
    const second = await runEvents(runner, "jit-liquidity");
    // Both runs must really contain the MEV: two empty runs would also be equal.
    for (const events of [first, second]) {
      expect(events.filter((e) => e.type === "mev:classified" && e.kind === "jit")).toHaveLength(1);
    }
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
