import { describe, expect, it } from "vitest";
import { alice, bob, rpcError, type TxFields, useBundleClient } from "./helpers/bundleClient";

describe("the bundle methods' limits and bad parameters", () => {
  const client = useBundleClient();

  /** `count` transactions from Bob to Alice, from his next nonce. */
  async function signBobs(count: number, tx: Omit<TxFields, "to">): Promise<string[]> {
    const first = await client.nonceOf(bob.address);
    return Promise.all(
      Array.from({ length: count }, (_, i) => client.sign(bob, { to: alice.address, ...tx }, first + i)),
    );
  }

  it("refuses 101 transactions, naming the limit of 100", async () => {
    const txs = await signBobs(101, { value: 1n });
    const { hex } = await client.nextBlock();
    const error = await rpcError(client.provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain("at most 100 transactions, got 101");
    expect(client.builder.pendingBundles()).toEqual([]);
  });

  it("refuses more than 300,000 bytes, naming the limit", async () => {
    const txs = await signBobs(4, { data: `0x${"ab".repeat(80_000)}`, gasLimit: 2_000_000n });
    const { hex } = await client.nextBlock();
    const error = await rpcError(client.provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]));
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/at most 300000 bytes of transactions, got 3\d{5}/);
  });

  it("answers bad parameters with -32602 naming the field", async () => {
    const raw = await client.sign(bob, { to: alice.address, value: 1n });
    const { hex } = await client.nextBlock();
    const cases: [string, unknown, string][] = [
      ["eth_sendBundle", { txs: [raw], blockNumber: "soon" }, "blockNumber"],
      ["eth_sendBundle", { txs: ["0x12z"], blockNumber: hex }, "txs.0"],
      ["eth_sendBundle", { txs: [], blockNumber: hex }, "txs"],
      ["eth_sendBundle", { txs: [raw], blockNumber: hex, revertingTxHashes: ["0x1"] }, "revertingTxHashes.0"],
      ["eth_sendBundle", { txs: [raw], blockNumber: "0x1" }, "blockNumber 1 is already mined"],
      ["eth_callBundle", { txs: [raw], blockNumber: hex }, "stateBlockNumber"],
      ["eth_cancelBundle", {}, "replacementUuid"],
    ];
    for (const [method, params, field] of cases) {
      const error = await rpcError(client.provider.send(method, [params]));
      expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      expect(error.message).toContain(field);
    }
  });
});
