import { JsonRpcProvider, WebSocketProvider } from "ethers";
import { describe, expect, it } from "vitest";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { toBaseUnits } from "../server/world/config";
import { alice, bob, hashOf, PROVIDER_OPTIONS, rpcError, useBundleClient } from "./helpers/bundleClient";

describe("the protected endpoint (/protect)", () => {
  const client = useBundleClient();

  /** Runs `task` with a provider on the protected endpoint over HTTP, destroyed afterwards. */
  async function onProtected(task: (endpoint: JsonRpcProvider) => Promise<void>): Promise<void> {
    const endpoint = new JsonRpcProvider(client.rpc.protectedUrl, undefined, PROVIDER_OPTIONS);
    try {
      await task(endpoint);
    } finally {
      endpoint.destroy();
    }
  }

  it("keeps a transaction out of the public mempool and filters, and mines it in the next block", async () => {
    const { provider, world } = client;
    await onProtected(async (endpoint) => {
      const filter = await provider.send("eth_newPendingTransactionFilter", []);
      const amountIn = toBaseUnits(1n, 18);
      const raw = await client.sign(alice, client.swap(alice.address, amountIn, 0n));
      const hash = await endpoint.send("eth_sendRawTransaction", [raw]);
      expect(hash).toBe(hashOf(raw));

      const pending = await provider.send("eth_getBlockByNumber", ["pending", false]);
      expect(pending.transactions).not.toContain(hash);
      expect(await provider.send("eth_getFilterChanges", [filter])).not.toContain(hash);
      expect(await provider.send("eth_getTransactionByHash", [hash])).toBeNull();

      const quote = await client.quoteWethToUsdc(amountIn);
      const usdc = await world.tokens.USDC.contract.balanceOf(alice.address);
      const block = await client.mine();

      expect(block.txs).toContain(hash);
      expect((await provider.getTransactionReceipt(hash))?.status).toBe(1);
      expect((await world.tokens.USDC.contract.balanceOf(alice.address)) - usdc).toBe(quote);
      expect(client.builder.reportFor(block.number)?.protectedTxs).toEqual([hash]);
    });
  });

  it("a wallet sends two transactions in a row: the pending nonce counts the one held privately", async () => {
    await onProtected(async (endpoint) => {
      const wallet = bob.connect(endpoint);
      const first = await wallet.sendTransaction({ to: alice.address, value: 1n });
      const second = await wallet.sendTransaction({ to: alice.address, value: 2n });
      expect(second.nonce).toBe(first.nonce + 1);
      expect(await client.provider.send("eth_getTransactionByHash", [second.hash])).toBeNull();
      const block = await client.mine();
      expect(block.txs).toEqual([first.hash, second.hash]);
    });
  });

  it("takes a transaction privately over WebSocket too", async () => {
    const ws = new WebSocketProvider(client.rpc.protectedUrl.replace(/^http/, "ws"), undefined, {
      staticNetwork: true,
    });
    try {
      const raw = await client.sign(bob, { to: alice.address, value: 4n });
      expect(await ws.send("eth_sendRawTransaction", [raw])).toBe(hashOf(raw));
      expect(await client.provider.send("eth_getTransactionByHash", [hashOf(raw)])).toBeNull();
      expect(client.builder.pendingProtected().map((tx) => tx.hash)).toEqual([hashOf(raw)]);
      expect((await client.mine()).txs).toEqual([hashOf(raw)]);
    } finally {
      await ws.destroy();
    }
  });

  it("refuses what the next block could not take (a nonce gap, a fee cap under the base fee) with -32602 and why; takes a repeat once", async () => {
    await onProtected(async (endpoint) => {
      const nonce = await client.nonceOf(bob.address);
      const gap = await client.sign(bob, { to: alice.address, value: 1n }, nonce + 1);
      const cheap = await bob.signTransaction({
        type: 2,
        chainId: 31337n,
        nonce,
        to: alice.address,
        value: 1n,
        gasLimit: 21_000n,
        maxPriorityFeePerGas: 0n,
        maxFeePerGas: BASE_FEE_PER_GAS - 1n,
      });
      const cases: [string, string][] = [
        [gap, `nonce too high: ${bob.address}'s next nonce is ${nonce}`],
        [cheap, "max fee per gas too low: 29999999999 wei is below the base fee, 30000000000 wei (30 gwei)"],
      ];
      for (const [raw, message] of cases) {
        const error = await rpcError(endpoint.send("eth_sendRawTransaction", [raw]));
        expect(error.code).toBe(-32602);
        expect(error.message).toContain(message);
      }
      const good = await client.sign(bob, { to: alice.address, value: 1n }, nonce);
      expect(await endpoint.send("eth_sendRawTransaction", [good])).toBe(hashOf(good));
      expect(await endpoint.send("eth_sendRawTransaction", [good])).toBe(hashOf(good));
      expect(client.builder.pendingProtected().map((tx) => tx.hash)).toEqual([hashOf(good)]);
      const block = await client.mine();
      expect(block.txs).toEqual([hashOf(good)]);
    });
  });
});
