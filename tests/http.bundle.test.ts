import { keccak256, parseEther, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import type { Sandbox } from "../server/sandbox";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../server/world/actors";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

describe("the builder on the REST API", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const asInstructor = { token: TEST_TOKEN };
  const bob = new Wallet(hardhatAccount(ACTORS.bob.index).privateKey);
  const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function nonceOf(address: string): Promise<number> {
    return sandbox.chain.provider.getTransactionCount(address, "latest");
  }

  /** Bob's signed transfers, from his next nonce: `values` to Alice, then `payment` to the builder. */
  async function bobBundle(values: bigint[], payment: bigint, firstNonce?: number): Promise<string[]> {
    const first = firstNonce ?? (await nonceOf(bob.address));
    const transfers = [
      ...values.map((value) => ({ to: alice.address, value })),
      { to: COINBASE_ADDRESS, value: payment },
    ];
    return Promise.all(
      transfers.map((tx, i) =>
        bob.signTransaction({
          ...tx,
          type: 2,
          chainId: 31337n,
          nonce: first + i,
          gasLimit: 21_000n,
          maxPriorityFeePerGas: 0n,
          maxFeePerGas: 2n * BASE_FEE_PER_GAS,
        }),
      ),
    );
  }

  async function nextBlockHex(): Promise<string> {
    return `0x${((await sandbox.chain.latestBlock()).number + 1).toString(16)}`;
  }

  describe("POST /api/mev/bundle/submit", () => {
    it("takes eth_sendBundle's parameters, answers the bundle hash, and the bundle lands", async () => {
      const txs = await bobBundle([5n], parseEther("0.01"));
      const blockNumber = await nextBlockHex();
      const submitted = await api("POST", "/api/mev/bundle/submit", { body: { txs, blockNumber } });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(submitted.body.bundleHash).toMatch(/^0x[0-9a-f]{64}$/);

      const before = (await api("GET", "/api/mev/builder")).body;
      expect(before.pendingBundles).toEqual([
        {
          bundleHash: submitted.body.bundleHash,
          txs: txs.map((raw) => keccak256(raw)),
          blockNumber: Number(blockNumber),
          minTimestamp: null,
          maxTimestamp: null,
          revertingTxHashes: [],
          replacementUuid: null,
          replaceable: false,
          origin: "api",
        },
      ]);
      const builderBalance = await sandbox.chain.provider.getBalance(COINBASE_ADDRESS);

      const { block, txs: mined } = await sandbox.control.mine();

      expect(mined).toEqual(txs.map((raw) => keccak256(raw)));
      expect((await sandbox.chain.provider.getBalance(COINBASE_ADDRESS)) - builderBalance).toBe(
        parseEther("0.01"),
      );
      const after = (await api("GET", "/api/mev/builder")).body;
      expect(after.pendingBundles).toEqual([]);
      expect(after.recentBlocks[0]).toMatchObject({
        type: "block:built",
        block,
        ordering: "gas-price",
        bundles: [{ bundle: submitted.body.bundleHash, origin: "api", outcome: "included", position: 0 }],
      });
    });

    it("refuses a bad bundle with 400 and the builder's message", async () => {
      const blockNumber = await nextBlockHex();
      const first = await nonceOf(bob.address);
      const tooMany = await Promise.all(
        Array.from({ length: 101 }, (_, i) =>
          bob.signTransaction({
            type: 2,
            chainId: 31337n,
            nonce: first + i,
            to: alice.address,
            value: 1n,
            gasLimit: 21_000n,
            maxPriorityFeePerGas: 0n,
            maxFeePerGas: 2n * BASE_FEE_PER_GAS,
          }),
        ),
      );
      const cases: [unknown, string][] = [
        [{ txs: tooMany, blockNumber }, "at most 100 transactions, got 101"],
        [{ txs: ["0x1234"], blockNumber: "next" }, "blockNumber"],
        [{ txs: ["0x1234"], blockNumber }, "txs.0 is not a signed transaction"],
        [{ blockNumber }, "txs"],
        [{ txs: tooMany.slice(0, 1), blockNumber: "0x1" }, "blockNumber 1 is already mined"],
      ];
      for (const [body, message] of cases) {
        const response = await api("POST", "/api/mev/bundle/submit", { body });
        expect(response.status, message).toBe(400);
        expect(response.body.error.code).toBe("invalid_bundle");
        expect(response.body.error.message).toContain(message);
      }
      expect((await api("GET", "/api/mev/builder")).body.pendingBundles).toEqual([]);
    });
  });

  describe("POST /api/mev/simulate", () => {
    it("simulates a bundle as eth_callBundle does, and keeps nothing", async () => {
      const payment = parseEther("0.02");
      const nonce = await nonceOf(bob.address);
      const txs = await bobBundle([7n], payment, nonce);
      const latest = await sandbox.chain.latestBlock();
      const response = await api("POST", "/api/mev/simulate", {
        body: { bundle: { txs, blockNumber: await nextBlockHex(), stateBlockNumber: "latest" } },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({
        coinbaseDiff: payment.toString(),
        ethSentToCoinbase: payment.toString(),
        gasFees: "0",
        totalGasUsed: 42_000,
        bundleGasPrice: (payment / 42_000n).toString(),
        stateBlockNumber: latest.number,
      });
      expect(response.body.results.map((r: { txHash: string }) => r.txHash)).toEqual(
        txs.map((raw) => keccak256(raw)),
      );
      expect((await sandbox.chain.latestBlock()).hash).toBe(latest.hash);
      expect(await nonceOf(bob.address)).toBe(nonce);
    });

    it("refuses a bad bundle simulation with 400 naming the field", async () => {
      const txs = await bobBundle([], parseEther("0.01"));
      const cases: [unknown, string][] = [
        [{ bundle: { txs, blockNumber: await nextBlockHex() } }, "stateBlockNumber"],
        [
          { bundle: { txs, blockNumber: "0x1", stateBlockNumber: "latest" } },
          "blockNumber must be from the latest block",
        ],
        [{ bundle: 5 }, "bundle"],
        [{ bundle: {}, txs }, "txs"],
      ];
      for (const [body, message] of cases) {
        const response = await api("POST", "/api/mev/simulate", { body });
        expect(response.status, message).toBe(400);
        expect(response.body.error.message).toContain(message);
      }
    });

    it("still simulates plain transactions one by one, without taking a pending bundle's turn", async () => {
      const bundle = await bobBundle([9n], parseEther("0.01"));
      const { bundleHash } = (
        await api("POST", "/api/mev/bundle/submit", {
          body: { txs: bundle, blockNumber: await nextBlockHex() },
        })
      ).body;
      const [single] = await bobBundle([], parseEther("0.001"));

      const simulated = await api("POST", "/api/mev/simulate", { body: { txs: [single] } });
      expect(simulated.status, JSON.stringify(simulated.body)).toBe(200);
      expect(simulated.body.results).toMatchObject([{ index: 0, status: "success", gasUsed: "21000" }]);

      // The bundle is still waiting, and lands in the real next block.
      const view = (await api("GET", "/api/mev/builder")).body;
      expect(view.pendingBundles.map((b: { bundleHash: string }) => b.bundleHash)).toEqual([bundleHash]);
      const { txs } = await sandbox.control.mine();
      expect(txs).toEqual(bundle.map((raw) => keccak256(raw)));
    });
  });

  describe("PUT /api/mev/builder", () => {
    it("needs the instructor token", async () => {
      const response = await api("PUT", "/api/mev/builder", { body: { ordering: "profit" } });
      expect(response.status).toBe(401);
      expect(sandbox.builder.ordering).toBe("gas-price");
    });

    it("refuses an unknown ordering with 400 listing the accepted ones", async () => {
      for (const body of [{ ordering: "fastest" }, {}, { ordering: "profit", extra: 1 }]) {
        const response = await api("PUT", "/api/mev/builder", { body, ...asInstructor });
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.code).toBe("invalid_request");
      }
      const wrong = await api("PUT", "/api/mev/builder", { body: { ordering: "fastest" }, ...asInstructor });
      expect(wrong.body.error.message).toContain('ordering: must be one of "gas-price", "profit"');
    });

    it("switches the ordering; the next block is built and reported with it", async () => {
      const response = await api("PUT", "/api/mev/builder", {
        body: { ordering: "profit" },
        ...asInstructor,
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ordering: "profit" });
      expect((await api("GET", "/api/mev/builder")).body.ordering).toBe("profit");

      // Alice: 0.01 ETH in 21,000 gas. Bob: 0.015 ETH in 63,000 gas. By profit, Bob's goes first.
      const blockNumber = await nextBlockHex();
      const dense = [
        await alice.signTransaction({
          type: 2,
          chainId: 31337n,
          nonce: await nonceOf(alice.address),
          to: COINBASE_ADDRESS,
          value: parseEther("0.01"),
          gasLimit: 21_000n,
          maxPriorityFeePerGas: 0n,
          maxFeePerGas: 2n * BASE_FEE_PER_GAS,
        }),
      ];
      const big = await bobBundle([1n, 2n], parseEther("0.015"));
      for (const txs of [dense, big]) {
        expect((await api("POST", "/api/mev/bundle/submit", { body: { txs, blockNumber } })).status).toBe(
          200,
        );
      }
      const { block, txs } = await sandbox.control.mine();
      expect(txs).toEqual([...big, ...dense].map((raw) => keccak256(raw)));
      const report = (await api("GET", "/api/mev/builder")).body.recentBlocks[0];
      expect(report).toMatchObject({ block, ordering: "profit" });

      await api("PUT", "/api/mev/builder", { body: { ordering: "gas-price" }, ...asInstructor });
      expect(sandbox.builder.ordering).toBe("gas-price");
    });
  });
});
