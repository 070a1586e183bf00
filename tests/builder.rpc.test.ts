import {
  concat,
  JsonRpcProvider,
  keccak256,
  MaxUint256,
  parseEther,
  Wallet,
  WebSocketProvider,
} from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_FEE_PER_GAS, type Chain } from "../server/chain/chain";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { BundleOutcome } from "../server/events";
import { getAmountOut } from "../server/math/amm";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { AmmRouter__factory, TestToken__factory } from "../typechain-types";
import { type RpcServer, startChainRpc } from "./helpers/rpc";
import { createPublicClient, type Hex, hardhat, http, privateKeyToAccount, rpcSchema } from "./helpers/viem";

const GWEI = 10n ** 9n;
const routerIface = AmmRouter__factory.createInterface();
const tokenIface = TestToken__factory.createInterface();

interface TxFields {
  to: string;
  data?: string;
  value?: bigint;
  gasLimit?: bigint;
  tip?: bigint;
}

/** What an outside client reads from a refused JSON-RPC call: the server's error object. */
async function rpcError(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const inner = (error as { error?: { code: number; message: string } }).error;
    if (inner) return inner;
    throw error;
  }
  throw new Error("expected the JSON-RPC call to fail");
}

describe("the builder's JSON-RPC methods, from outside clients (ethers and viem)", () => {
  const chain: Chain = hardhatChain(hre);
  let world: World;
  let runner: CleanWorld;
  let rpc: RpcServer;
  let provider: JsonRpcProvider;
  const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);
  const bob = new Wallet(hardhatAccount(ACTORS.bob.index).privateKey);
  const searcher = new Wallet(hardhatAccount(ACTORS.searcher.index).privateKey);
  let routerAddress: string;

  beforeAll(async () => {
    runner = await CleanWorld.create(chain);
    world = runner.world;
    rpc = await startChainRpc(hre, chain, runner.builder);
    provider = new JsonRpcProvider(rpc.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    routerAddress = await world.dexes.dexA.router.getAddress();
    // Alice and Bob let DEX A's router move their WETH (the searcher already does), in a setup block.
    const approve = tokenIface.encodeFunctionData("approve", [routerAddress, MaxUint256]);
    for (const wallet of [alice, bob]) {
      const raw = await sign(wallet, { to: world.tokens.WETH.address, data: approve, gasLimit: 100_000n });
      await provider.send("eth_sendRawTransaction", [raw]);
    }
    await chain.mine();
  });

  afterAll(async () => {
    provider?.destroy();
    await rpc?.close();
  });

  async function nonceOf(address: string): Promise<number> {
    return provider.getTransactionCount(address, "latest");
  }

  /** Signs an EIP-1559 transaction offline, as a searcher does for a bundle. */
  async function sign(wallet: Wallet, tx: TxFields, nonce?: number): Promise<string> {
    const tip = tx.tip ?? 0n;
    return wallet.signTransaction({
      type: 2,
      chainId: 31337n,
      nonce: nonce ?? (await nonceOf(wallet.address)),
      to: tx.to,
      data: tx.data ?? "0x",
      value: tx.value ?? 0n,
      gasLimit: tx.gasLimit ?? 21_000n,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: 2n * BASE_FEE_PER_GAS + tip,
    });
  }

  /** Signs consecutive transactions of one wallet from its next nonce. */
  async function signMany(wallet: Wallet, txs: TxFields[]): Promise<string[]> {
    const first = await nonceOf(wallet.address);
    return Promise.all(txs.map((tx, i) => sign(wallet, tx, first + i)));
  }

  const pay = (value: bigint): TxFields => ({ to: COINBASE_ADDRESS, value });

  function swap(to: string, amountIn: bigint, minOut: bigint): TxFields {
    const { WETH, USDC } = world.tokens;
    const data = routerIface.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      minOut,
      [WETH.address, USDC.address],
      to,
      2n ** 40n,
    ]);
    return { to: routerAddress, data, gasLimit: 250_000n };
  }

  /** USDC out of DEX A's WETH/USDC pool for `amountIn` WETH at the current reserves. */
  async function quoteWethToUsdc(amountIn: bigint): Promise<bigint> {
    const pool = world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
    return getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
  }

  async function nextBlock(): Promise<{ number: number; hex: string }> {
    const number = (await provider.getBlockNumber()) + 1;
    return { number, hex: `0x${number.toString(16)}` };
  }

  const hashOf = (raw: string) => keccak256(raw);

  async function receipts(raws: string[]) {
    return Promise.all(raws.map((raw) => provider.getTransactionReceipt(hashOf(raw))));
  }

  /** Mines the next block through the sandbox's builder and returns its number and the build report. */
  async function mine(): Promise<{ number: number; txs: readonly string[]; bundles: BundleOutcome[] }> {
    const block = await chain.mine();
    return {
      number: block.number,
      txs: block.transactions,
      bundles: runner.builder.reportFor(block.number)?.bundles ?? [],
    };
  }

  describe("atomicity", () => {
    let txs: string[];

    it("drops a bundle whose transaction reverts: none of it lands, balances and nonces unchanged", async () => {
      const quote = await quoteWethToUsdc(toBaseUnits(1n, 18));
      txs = await signMany(alice, [
        { to: bob.address, value: parseEther("1") },
        swap(alice.address, toBaseUnits(1n, 18), quote * 2n), // asks twice the price: reverts
        pay(parseEther("0.01")),
      ]);
      const { hex } = await nextBlock();
      const { bundleHash } = await provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
      expect(bundleHash).toBe(keccak256(concat(txs.map(hashOf))));
      const before = {
        nonce: await nonceOf(alice.address),
        alice: await provider.getBalance(alice.address),
        bob: await provider.getBalance(bob.address),
        builder: await provider.getBalance(COINBASE_ADDRESS),
        weth: await world.tokens.WETH.contract.balanceOf(alice.address),
      };

      const block = await mine();

      expect(block.txs).toEqual([]);
      expect(await receipts(txs)).toEqual([null, null, null]);
      expect(await nonceOf(alice.address)).toBe(before.nonce);
      expect(await provider.getBalance(alice.address)).toBe(before.alice);
      expect(await provider.getBalance(bob.address)).toBe(before.bob);
      expect(await provider.getBalance(COINBASE_ADDRESS)).toBe(before.builder);
      expect(await world.tokens.WETH.contract.balanceOf(alice.address)).toBe(before.weth);
      expect(block.bundles).toHaveLength(1);
      expect(block.bundles[0]).toMatchObject({ bundle: bundleHash, outcome: "dropped", reason: "reverted" });
      expect(block.bundles[0]!.explanation).toContain("revertingTxHashes");
    });

    it("lands the same bundle when the reverting transaction is listed in revertingTxHashes", async () => {
      const bobBefore = await provider.getBalance(bob.address);
      const builderBefore = await provider.getBalance(COINBASE_ADDRESS);
      const { hex } = await nextBlock();
      await provider.send("eth_sendBundle", [
        { txs, blockNumber: hex, revertingTxHashes: [hashOf(txs[1]!)] },
      ]);

      const block = await mine();

      expect(block.txs).toEqual(txs.map(hashOf));
      expect((await receipts(txs)).map((r) => r?.status)).toEqual([1, 0, 1]);
      expect((await provider.getBalance(bob.address)) - bobBefore).toBe(parseEther("1"));
      // No tips: the builder earns exactly the 0.01 ETH payment.
      expect((await provider.getBalance(COINBASE_ADDRESS)) - builderBefore).toBe(parseEther("0.01"));
      expect(block.bundles[0]).toMatchObject({ outcome: "included", reason: null, position: 0 });
    });
  });

  describe("replacement and cancellation", () => {
    it("a second bundle with the same replacementUuid replaces the first: only it lands", async () => {
      const nonce = await nonceOf(bob.address);
      const first = [
        await sign(bob, { to: alice.address, value: 1n }, nonce),
        await sign(bob, pay(parseEther("0.01")), nonce + 1),
      ];
      const second = [
        await sign(bob, { to: alice.address, value: 2n }, nonce),
        await sign(bob, pay(parseEther("0.02")), nonce + 1),
      ];
      const { hex } = await nextBlock();
      const replacementUuid = "9f1c2b6e-replace-me";
      await provider.send("eth_sendBundle", [{ txs: first, blockNumber: hex, replacementUuid }]);
      await provider.send("eth_sendBundle", [{ txs: second, blockNumber: hex, replacementUuid }]);
      expect(runner.builder.pendingBundles()).toHaveLength(1);

      const block = await mine();

      expect(block.txs).toEqual(second.map(hashOf));
      expect(await receipts(first)).toEqual([null, null]);
      expect(block.bundles.map((b) => b.bundle)).toEqual([keccak256(concat(second.map(hashOf)))]);
    });

    it("eth_cancelBundle withdraws a pending bundle: nothing of it lands", async () => {
      const txs = await signMany(bob, [{ to: alice.address, value: 3n }, pay(parseEther("0.01"))]);
      const { hex } = await nextBlock();
      const { bundleHash } = await provider.send("eth_sendBundle", [
        { txs, blockNumber: hex, replacementUuid: "cancel-me" },
      ]);
      const cancelled = await provider.send("eth_cancelBundle", [{ replacementUuid: "cancel-me" }]);
      expect(cancelled).toEqual({ bundleHash });
      const nonce = await nonceOf(bob.address);

      const block = await mine();

      expect(block.txs).toEqual([]);
      expect(await receipts(txs)).toEqual([null, null]);
      expect(await nonceOf(bob.address)).toBe(nonce);
    });

    it("cancelling an unknown replacementUuid is an invalid-params error that says so", async () => {
      const error = await rpcError(provider.send("eth_cancelBundle", [{ replacementUuid: "never-sent" }]));
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('no pending bundle has replacementUuid "never-sent"');
    });
  });

  describe("limits and bad parameters", () => {
    it("refuses 101 transactions, naming the limit of 100", async () => {
      const first = await nonceOf(bob.address);
      const txs = await Promise.all(
        Array.from({ length: 101 }, (_, i) => sign(bob, { to: alice.address, value: 1n }, first + i)),
      );
      const { hex } = await nextBlock();
      const error = await rpcError(provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]));
      expect(error.code).toBe(-32602);
      expect(error.message).toContain("at most 100 transactions, got 101");
      expect(runner.builder.pendingBundles()).toEqual([]);
    });

    it("refuses more than 300,000 bytes, naming the limit", async () => {
      const first = await nonceOf(bob.address);
      const data = `0x${"ab".repeat(80_000)}`;
      const txs = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          sign(bob, { to: alice.address, data, gasLimit: 2_000_000n }, first + i),
        ),
      );
      const { hex } = await nextBlock();
      const error = await rpcError(provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]));
      expect(error.code).toBe(-32602);
      expect(error.message).toMatch(/at most 300000 bytes of transactions, got 3\d{5}/);
    });

    it("answers bad parameters with -32602 naming the field", async () => {
      const raw = await sign(bob, { to: alice.address, value: 1n });
      const { hex } = await nextBlock();
      const cases: [string, unknown, string][] = [
        ["eth_sendBundle", { txs: [raw], blockNumber: "soon" }, "blockNumber"],
        ["eth_sendBundle", { txs: ["0x12z"], blockNumber: hex }, "txs.0"],
        ["eth_sendBundle", { txs: [], blockNumber: hex }, "txs"],
        [
          "eth_sendBundle",
          { txs: [raw], blockNumber: hex, revertingTxHashes: ["0x1"] },
          "revertingTxHashes.0",
        ],
        ["eth_sendBundle", { txs: [raw], blockNumber: "0x1" }, "blockNumber 1 is already mined"],
        ["eth_callBundle", { txs: [raw], blockNumber: hex }, "stateBlockNumber"],
        ["eth_cancelBundle", {}, "replacementUuid"],
      ];
      for (const [method, params, field] of cases) {
        const error = await rpcError(provider.send(method, [params]));
        expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
        expect(error.message).toContain(field);
      }
    });
  });

  describe("eth_callBundle", () => {
    it("reports what the mined bundle then does: coinbaseDiff, gas, payment and bundle gas price", async () => {
      const tip = 2n * GWEI;
      const payment = parseEther("0.015");
      const txs = await signMany(searcher, [
        { ...swap(searcher.address, toBaseUnits(2n, 18), 0n), tip },
        pay(payment),
      ]);
      const { hex } = await nextBlock();
      const simulated = await provider.send("eth_callBundle", [
        { txs, blockNumber: hex, stateBlockNumber: "latest" },
      ]);
      expect(simulated.results.map((r: { txHash: string }) => r.txHash)).toEqual(txs.map(hashOf));
      expect(simulated.results.every((r: { error?: string }) => r.error === undefined)).toBe(true);
      const builderBefore = await provider.getBalance(COINBASE_ADDRESS);

      await provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
      const block = await mine();

      expect(block.txs).toEqual(txs.map(hashOf)); // the bundle is alone in its block
      const mined = await receipts(txs);
      const builderGain = (await provider.getBalance(COINBASE_ADDRESS)) - builderBefore;
      expect(BigInt(simulated.coinbaseDiff)).toBe(builderGain);
      expect(simulated.results.map((r: { gasUsed: number }) => BigInt(r.gasUsed))).toEqual(
        mined.map((r) => r!.gasUsed),
      );
      const totalGas = mined[0]!.gasUsed + mined[1]!.gasUsed;
      expect(BigInt(simulated.totalGasUsed)).toBe(totalGas);
      expect(BigInt(simulated.ethSentToCoinbase)).toBe(payment);
      expect(BigInt(simulated.results[1].ethSentToCoinbase)).toBe(payment);
      expect(BigInt(simulated.results[0].gasFees)).toBe(mined[0]!.gasUsed * tip);
      expect(BigInt(simulated.gasFees)).toBe(mined[0]!.gasUsed * tip);
      expect(BigInt(simulated.bundleGasPrice)).toBe(builderGain / totalGas);
      expect(block.bundles[0]!.coinbaseDiff).toBe(simulated.coinbaseDiff);
    });

    it("works from viem with a viem-signed transaction, and keeps nothing", async () => {
      const account = privateKeyToAccount(hardhatAccount(ACTORS.bob.index).privateKey as `0x${string}`);
      // viem types JSON-RPC methods: Flashbots' are declared as a custom schema (as in the README).
      type BundleRpc = [
        {
          Method: "eth_callBundle";
          Parameters: [{ txs: Hex[]; blockNumber: Hex; stateBlockNumber: "latest" }];
          ReturnType: { coinbaseDiff: string; totalGasUsed: number; bundleGasPrice: string };
        },
        {
          Method: "eth_sendBundle";
          Parameters: [{ txs: Hex[]; blockNumber: Hex }];
          ReturnType: { bundleHash: Hex };
        },
      ];
      const client = createPublicClient({
        chain: hardhat,
        transport: http(rpc.url),
        rpcSchema: rpcSchema<BundleRpc>(),
      });
      const payment = parseEther("0.003");
      const raw = await account.signTransaction({
        type: "eip1559",
        chainId: 31337,
        nonce: await nonceOf(bob.address),
        to: COINBASE_ADDRESS as `0x${string}`,
        value: payment,
        gas: 21_000n,
        maxFeePerGas: 2n * BASE_FEE_PER_GAS,
        maxPriorityFeePerGas: 0n,
      });
      const { hex } = await nextBlock();
      const balance = await provider.getBalance(bob.address);
      const blockNumber = hex as Hex;
      const simulated = await client.request({
        method: "eth_callBundle",
        params: [{ txs: [raw], blockNumber, stateBlockNumber: "latest" }],
      });
      expect(BigInt(simulated.coinbaseDiff)).toBe(payment);
      expect(simulated.totalGasUsed).toBe(21_000);
      expect(BigInt(simulated.bundleGasPrice)).toBe(payment / 21_000n);
      expect(await provider.getBalance(bob.address)).toBe(balance); // a simulation keeps nothing

      const sent = await client.request({ method: "eth_sendBundle", params: [{ txs: [raw], blockNumber }] });
      expect(sent.bundleHash).toBe(keccak256(hashOf(raw)));
      const builderBefore = await provider.getBalance(COINBASE_ADDRESS);
      const block = await mine();
      expect(block.txs).toEqual([hashOf(raw)]);
      expect((await provider.getBalance(COINBASE_ADDRESS)) - builderBefore).toBe(payment);
    });
  });

  describe("competing bundles", () => {
    it("two swaps needing the same price: the better-paying one lands, the other is dropped as a conflict", async () => {
      const amountIn = toBaseUnits(20n, 18);
      const quote = await quoteWethToUsdc(amountIn);
      // Both ask for the full quote: whichever runs second gets a worse price and reverts.
      const low = await signMany(alice, [swap(alice.address, amountIn, quote), pay(parseEther("0.01"))]);
      const high = await signMany(bob, [swap(bob.address, amountIn, quote), pay(parseEther("0.02"))]);
      const { hex } = await nextBlock();
      const lowHash = (await provider.send("eth_sendBundle", [{ txs: low, blockNumber: hex }])).bundleHash;
      const highHash = (await provider.send("eth_sendBundle", [{ txs: high, blockNumber: hex }])).bundleHash;
      const { USDC, WETH } = world.tokens;
      const alice0 = {
        nonce: await nonceOf(alice.address),
        eth: await provider.getBalance(alice.address),
        weth: await WETH.contract.balanceOf(alice.address),
        usdc: await USDC.contract.balanceOf(alice.address),
      };
      const bobUsdc = await USDC.contract.balanceOf(bob.address);

      const block = await mine();

      expect(block.txs).toEqual(high.map(hashOf));
      expect((await USDC.contract.balanceOf(bob.address)) - bobUsdc).toBe(quote);
      expect(await receipts(low)).toEqual([null, null]);
      expect(await nonceOf(alice.address)).toBe(alice0.nonce);
      expect(await provider.getBalance(alice.address)).toBe(alice0.eth);
      expect(await WETH.contract.balanceOf(alice.address)).toBe(alice0.weth);
      expect(await USDC.contract.balanceOf(alice.address)).toBe(alice0.usdc);
      const byHash = new Map(block.bundles.map((b) => [b.bundle, b]));
      expect(byHash.get(highHash)).toMatchObject({ outcome: "included" });
      expect(byHash.get(lowHash)).toMatchObject({ outcome: "dropped", reason: "conflict" });
      expect(byHash.get(lowHash)!.explanation).toContain("compete for the same state");
    });

    it("the ordering setting decides: gas price puts the dense bundle first, profit the bigger payer", async () => {
      // Alice: 0.01 ETH in 21,000 gas (~476 gwei per gas). Bob: 0.015 ETH in 63,000 gas (~238 gwei).
      const orders: Record<string, string[]> = {};
      for (const ordering of ["gas-price", "profit"] as const) {
        runner.builder.setOrdering(ordering);
        const dense = await signMany(alice, [pay(parseEther("0.01"))]);
        const big = await signMany(bob, [
          { to: alice.address, value: 1n },
          { to: alice.address, value: 2n },
          pay(parseEther("0.015")),
        ]);
        const { hex } = await nextBlock();
        await provider.send("eth_sendBundle", [{ txs: big, blockNumber: hex }]);
        await provider.send("eth_sendBundle", [{ txs: dense, blockNumber: hex }]);
        const block = await mine();
        expect(block.bundles.every((b) => b.outcome === "included")).toBe(true);
        expect(runner.builder.reportFor(block.number)?.ordering).toBe(ordering);
        orders[ordering] = [...block.txs];
        const expected = ordering === "gas-price" ? [...dense, ...big] : [...big, ...dense];
        expect(block.txs).toEqual(expected.map(hashOf));
      }
      runner.builder.setOrdering("gas-price");
      expect(orders["gas-price"]).not.toEqual(orders.profit);
    });
  });

  describe("the protected endpoint", () => {
    it("keeps a transaction out of the public mempool and filters, and mines it in the next block", async () => {
      const protectedProvider = new JsonRpcProvider(rpc.protectedUrl, undefined, {
        staticNetwork: true,
        cacheTimeout: -1,
      });
      try {
        const filter = await provider.send("eth_newPendingTransactionFilter", []);
        const amountIn = toBaseUnits(1n, 18);
        const raw = await sign(alice, swap(alice.address, amountIn, 0n));
        const hash = await protectedProvider.send("eth_sendRawTransaction", [raw]);
        expect(hash).toBe(hashOf(raw));

        const pending = await provider.send("eth_getBlockByNumber", ["pending", false]);
        expect(pending.transactions).not.toContain(hash);
        expect(await provider.send("eth_getFilterChanges", [filter])).not.toContain(hash);
        expect(await provider.send("eth_getTransactionByHash", [hash])).toBeNull();

        const quote = await quoteWethToUsdc(amountIn);
        const usdc = await world.tokens.USDC.contract.balanceOf(alice.address);
        const block = await mine();

        expect(block.txs).toContain(hash);
        expect((await provider.getTransactionReceipt(hash))?.status).toBe(1);
        expect((await world.tokens.USDC.contract.balanceOf(alice.address)) - usdc).toBe(quote);
        expect(runner.builder.reportFor(block.number)?.protectedTxs).toEqual([hash]);
      } finally {
        protectedProvider.destroy();
      }
    });
  });

  describe("a wallet on the protected endpoint", () => {
    it("sends two transactions in a row: the pending nonce counts the one held privately", async () => {
      const protectedProvider = new JsonRpcProvider(rpc.protectedUrl, undefined, {
        staticNetwork: true,
        cacheTimeout: -1,
      });
      try {
        const wallet = bob.connect(protectedProvider);
        const first = await wallet.sendTransaction({ to: alice.address, value: 1n });
        const second = await wallet.sendTransaction({ to: alice.address, value: 2n });
        expect(second.nonce).toBe(first.nonce + 1);
        expect(await provider.send("eth_getTransactionByHash", [second.hash])).toBeNull();
        const block = await mine();
        expect(block.txs).toEqual([first.hash, second.hash]);
      } finally {
        protectedProvider.destroy();
      }
    });
  });

  describe("the protected endpoint over WebSocket", () => {
    it("takes a transaction privately too", async () => {
      const ws = new WebSocketProvider(rpc.protectedUrl.replace(/^http/, "ws"), undefined, {
        staticNetwork: true,
      });
      try {
        const raw = await sign(bob, { to: alice.address, value: 4n });
        expect(await ws.send("eth_sendRawTransaction", [raw])).toBe(hashOf(raw));
        expect(await provider.send("eth_getTransactionByHash", [hashOf(raw)])).toBeNull();
        expect(runner.builder.pendingProtected().map((tx) => tx.hash)).toEqual([hashOf(raw)]);
        expect((await mine()).txs).toEqual([hashOf(raw)]);
      } finally {
        await ws.destroy();
      }
    });
  });

  describe("the protected endpoint refuses what the next block could not take", () => {
    it("a nonce gap or a fee cap under the base fee is -32602 with why; a repeat is taken once", async () => {
      const protectedProvider = new JsonRpcProvider(rpc.protectedUrl, undefined, {
        staticNetwork: true,
        cacheTimeout: -1,
      });
      try {
        const nonce = await nonceOf(bob.address);
        const gap = await sign(bob, { to: alice.address, value: 1n }, nonce + 1);
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
          [
            cheap,
            "max fee per gas too low: 29999999999 wei is below the base fee, 30000000000 wei (30 gwei)",
          ],
        ];
        for (const [raw, message] of cases) {
          const error = await rpcError(protectedProvider.send("eth_sendRawTransaction", [raw]));
          expect(error.code).toBe(-32602);
          expect(error.message).toContain(message);
        }
        const good = await sign(bob, { to: alice.address, value: 1n }, nonce);
        expect(await protectedProvider.send("eth_sendRawTransaction", [good])).toBe(hashOf(good));
        expect(await protectedProvider.send("eth_sendRawTransaction", [good])).toBe(hashOf(good));
        expect(runner.builder.pendingProtected().map((tx) => tx.hash)).toEqual([hashOf(good)]);
        const block = await mine();
        expect(block.txs).toEqual([hashOf(good)]);
      } finally {
        protectedProvider.destroy();
      }
    });
  });

  describe("mining from outside", () => {
    it("evm_mine builds the block with the builder: the bundle on top, then public transactions by tip", async () => {
      const low = await sign(alice, { to: bob.address, value: 1n, tip: 1n * GWEI });
      const high = await sign(bob, { to: alice.address, value: 1n, tip: 5n * GWEI });
      await provider.send("eth_sendRawTransaction", [low]); // arrives first, pays less
      await provider.send("eth_sendRawTransaction", [high]);
      const bundle = await signMany(searcher, [pay(parseEther("0.01"))]);
      const { number, hex } = await nextBlock();
      await provider.send("eth_sendBundle", [{ txs: bundle, blockNumber: hex }]);

      expect(await provider.send("evm_mine", [])).toBe("0x0");

      const block = await provider.getBlock(number);
      expect(block?.transactions).toEqual([bundle[0]!, high, low].map(hashOf));
      expect(runner.builder.reportFor(number)?.bundles[0]).toMatchObject({
        outcome: "included",
        position: 0,
      });
    });

    it("hardhat_mine mines the blocks asked for; a timestamp or interval is refused with why", async () => {
      const before = await provider.getBlockNumber();
      expect(await provider.send("hardhat_mine", ["0x2"])).toBe(true);
      expect(await provider.getBlockNumber()).toBe(before + 2);
      const blocks = await Promise.all([before + 1, before + 2].map((n) => provider.getBlock(n)));
      expect(blocks[1]!.timestamp - blocks[0]!.timestamp).toBe(chain.blockTimeSeconds);

      const cases: [string, unknown[], string][] = [
        ["evm_mine", [2_000_000_000], "evm_mine takes no parameters here"],
        ["hardhat_mine", ["0x2", "0x1"], "hardhat_mine takes a block count only"],
        ["hardhat_mine", ["0x1000"], "the block count must be from 1 to 100"],
        ["hardhat_mine", ["ten"], "the block count must be from 1 to 100"],
      ];
      for (const [method, params, message] of cases) {
        const error = await rpcError(provider.send(method, params));
        expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
        expect(error.message).toContain(message);
      }
      expect(await provider.getBlockNumber()).toBe(before + 2);
    });
  });

  describe("after a reset to the clean world (last: it rewinds the chain)", () => {
    it("a block re-mined at the same height has no report from before the reset", async () => {
      const txs = await signMany(bob, [pay(parseEther("0.01"))]);
      const { hex } = await nextBlock();
      await provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
      const built = await mine();
      expect(runner.builder.reportFor(built.number)?.bundles).toHaveLength(1);

      await runner.resetChain();
      let block = await mine();
      while (block.number < built.number) block = await mine();

      expect(block.number).toBe(built.number);
      expect(block.txs).toEqual([]);
      expect(runner.builder.reportFor(block.number)).toBeUndefined();
    });
  });
});
