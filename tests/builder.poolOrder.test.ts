/**
 * The builder reads the pool in block order without executing the pending block, and re-sends only
 * the transactions that must move: the blocks it builds are the ones it built when it read the
 * pending block and re-sent everything (tip order of the pending block's list), on random pools with
 * several senders, nonce gaps and fee-bump replacements.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { fifoOrder, type PlacedTx, transactionsToResend } from "../server/builder/fifo";
import { orderByTip } from "../server/builder/ordering";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { hardhatAccount } from "../server/world/actors";

const GWEI = 10n ** 9n;

/** A small seeded generator (mulberry32): the same pools on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

type Queued = PlacedTx & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** `count` transactions from `senders` senders in arrival order (each sender's nonces in order). */
function arrivals(random: (n: number) => number, count: number, senders: number): Queued[] {
  const nonces = new Array<number>(senders).fill(0);
  return Array.from({ length: count }, (_, place) => {
    const sender = random(senders);
    const tip = BigInt(random(5)) * GWEI;
    return {
      hash: `0x${place.toString(16)}`,
      from: `0xsender${sender}`,
      nonce: nonces[sender]!++,
      place,
      maxFeePerGas: 100n * GWEI + tip,
      maxPriorityFeePerGas: tip,
    };
  });
}

describe("the FIFO pool's order, and what to re-send to change it", () => {
  it("re-sends a set that gives exactly the tip order, and nothing when the pool is already in it", () => {
    const random = generator(15);
    for (let round = 0; round < 300; round++) {
      const pool = arrivals(random, 1 + random(60), 1 + random(6));
      expect(fifoOrder(pool)).toEqual(pool);
      const target = orderByTip(pool, 30n * GWEI);
      const resent = transactionsToResend(target);
      const lastPlace = pool.length - 1;
      const placeOf = (tx: Queued) => (resent.includes(tx) ? lastPlace + 1 + resent.indexOf(tx) : tx.place);
      expect(fifoOrder(target, placeOf)).toEqual(target);
      expect(transactionsToResend(fifoOrder(pool))).toEqual([]);
    }
  });

  it("moves a fraction of a 100-swap block whose tips are mixed (the benchmark's pool)", () => {
    const pool: Queued[] = Array.from({ length: 100 }, (_, i) => ({
      hash: `0x${i.toString(16)}`,
      from: `0xsender${i % 3}`,
      nonce: Math.floor(i / 3),
      place: i,
      maxFeePerGas: 130n * GWEI,
      maxPriorityFeePerGas: BigInt(1 + (i % 5)) * GWEI,
    }));
    const resent = transactionsToResend(orderByTip(pool, 30n * GWEI));
    expect(resent.length).toBeLessThan(30);
  });
});

describe("blocks built from random pools", () => {
  let clean: CleanWorld;
  const wallets = [10, 11, 12, 13, 14].map((i) => new Wallet(hardhatAccount(i).privateKey));
  /** The builder's reads of the pending block (the slow path). */
  let pendingReads = 0;

  beforeAll(async () => {
    const chain = hardhatChain(hre);
    const rpc = chain.rpc.bind(chain);
    chain.rpc = <T>(method: string, params: unknown[] = []) => {
      if (method === "eth_getBlockByNumber" && params[0] === "pending") pendingReads++;
      return rpc<T>(method, params);
    };
    clean = await CleanWorld.create(chain);
  });

  /** The pending block's transactions, read the way any client reads them (not through the builder). */
  async function pendingBlock(): Promise<
    { hash: string; from: string; nonce: string; maxFeePerGas: string; maxPriorityFeePerGas: string }[]
  > {
    const block = (await hre.network.provider.request({
      method: "eth_getBlockByNumber",
      params: ["pending", true],
    })) as { transactions: never[] };
    return block.transactions;
  }

  /** Sends `count` random transfers: random senders and tips, some nonce gaps and fee-bump replacements. */
  async function sendRandomPool(random: (n: number) => number, count: number): Promise<void> {
    const { chain } = clean.world;
    const next = await Promise.all(
      wallets.map(async (w) => Number(await chain.provider.getTransactionCount(w.address, "pending"))),
    );
    for (let k = 0; k < count; k++) {
      const s = random(wallets.length);
      const kind = random(10);
      const replace = kind === 1 && next[s]! > 0;
      const nonce = kind === 0 ? next[s]! + 1 : replace ? next[s]! - 1 : next[s]!;
      const tip = BigInt(random(4)) * GWEI + (replace ? 5n * GWEI : 0n);
      const raw = await wallets[s]!.signTransaction({
        type: 2,
        chainId: 31337,
        nonce,
        to: wallets[0]!.address,
        value: 1n,
        gasLimit: 21_000n,
        maxFeePerGas: 100n * GWEI + tip,
        maxPriorityFeePerGas: tip,
      });
      await chain.rpc("eth_sendRawTransaction", [raw]).catch(() => undefined);
      if (kind > 1) next[s]!++;
    }
  }

  it("builds each block in the tip order of the pending block's list, without reading the pending block", async () => {
    const random = generator(6);
    let reordered = 0;
    await clean.resetChain();
    await clean.world.chain.mine(); // the builder knows the pool's places from its first block on
    for (let round = 0; round < 25; round++) {
      await sendRandomPool(random, 1 + random(25));
      const listed = await pendingBlock();
      const expected = orderByTip(
        listed.map((tx) => ({
          hash: tx.hash,
          from: tx.from,
          nonce: Number(tx.nonce),
          maxFeePerGas: BigInt(tx.maxFeePerGas),
          maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas),
        })),
        clean.world.chain.baseFeePerGas,
      ).map((tx) => tx.hash);
      if (expected.some((hash, i) => hash !== listed[i]!.hash)) reordered++;
      pendingReads = 0;
      const block = await clean.world.chain.mine();
      expect(block.transactions).toEqual(expected);
      expect(pendingReads).toBe(0);
    }
    expect(reordered).toBeGreaterThan(10);
  });
});
