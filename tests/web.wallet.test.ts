/**
 * The page's wallet without a browser: amounts typed by a learner read as exact base units, a swap
 * planned with the contract's formula, a pending swap decoded and its back-run planned, a signed
 * transaction rebuilt from a real node's `eth_getTransactionByHash` (Hardhat's), and a bundle's
 * body signed as the sandbox's own verifier (server/lib/flashbotsSignature.ts) checks it.
 */
import { getAddress, Transaction, Wallet } from "ethers";
import hre from "hardhat";
import { describe, expect, it } from "vitest";
import { CHAIN_ID } from "../server/chain/settings";
import { checkFlashbotsSignature } from "../server/lib/flashbotsSignature";
import { getAmountIn, getAmountOut } from "../server/math/amm";
import { hardhatAccount } from "../server/world/actors";
import type { PoolState, TokenState, WorldState } from "../server/world/describe";
import {
  amountText,
  parseAmount,
  parseBlockTime,
  parsePositiveAmount,
  parseSlippage,
} from "../web/src/wallet/amounts";
import {
  backrunRequests,
  bundleBody,
  decodeTargetSwap,
  defaultBackrunAmount,
  flashbotsSignature,
  planBackrun,
  rebuildSigned,
  type TargetSwap,
} from "../web/src/wallet/bundle";
import type { RpcTransaction } from "../web/src/wallet/chain";
import { rpcUrlOf } from "../web/src/wallet/chain";
import { planSwap, ROUTER, routerOf, swapRequest } from "../web/src/wallet/swap";

const ETH = 10n ** 18n;

describe("amounts typed in the page", () => {
  it("reads decimals exactly, never through floats", () => {
    expect(parseAmount("1.5", 18)).toEqual({ ok: true, value: 1_500_000_000_000_000_000n });
    expect(parseAmount(" 0.000001 ", 6)).toEqual({ ok: true, value: 1n });
    expect(parseAmount(".5", 8)).toEqual({ ok: true, value: 50_000_000n });
    expect(parseAmount("20000", 6)).toEqual({ ok: true, value: 20_000_000_000n });
    // 0.1 + 0.2 would not be 0.3 in floats; here it is exact.
    expect(parseAmount("0.30000000000000001", 18)).toEqual({ ok: true, value: 300_000_000_000_000_010n });
  });

  it("names what is wrong", () => {
    expect(parseAmount("", 18)).toEqual({ ok: false, problem: "enter an amount" });
    expect(parseAmount("1,5", 18)).toEqual({
      ok: false,
      problem: "use a point for decimals and no thousands separators",
    });
    expect(parseAmount("1e3", 18)).toEqual({ ok: false, problem: '"1e3" is not a number like 1.5' });
    expect(parseAmount("-1", 18).ok).toBe(false);
    expect(parseAmount("0.1234567", 6, "USDC")).toEqual({
      ok: false,
      problem: "USDC has 6 decimals: at most 6 digits after the point",
    });
    expect(parsePositiveAmount("0.0", 18)).toEqual({ ok: false, problem: "the amount must be more than 0" });
  });

  it("reads slippage in percent as basis points, and block times in whole seconds", () => {
    expect(parseSlippage("0.5")).toEqual({ ok: true, value: 50n });
    expect(parseSlippage("2%")).toEqual({ ok: true, value: 200n });
    expect(parseSlippage("0.125").ok).toBe(false);
    expect(parseSlippage("51")).toEqual({ ok: false, problem: "at most 50% slippage" });
    expect(parseBlockTime("0")).toEqual({ ok: true, value: 0 });
    expect(parseBlockTime("3600")).toEqual({ ok: true, value: 3600 });
    expect(parseBlockTime("3601").ok).toBe(false);
    expect(parseBlockTime("1.5").ok).toBe(false);
  });

  it("writes base units back as the text it reads", () => {
    for (const [value, decimals] of [
      [1n, 18],
      [9_881_139_651n, 6],
      [0n, 8],
      [10n ** 24n + 5n, 18],
    ] as const) {
      expect(amountText(value, decimals)).not.toContain(",");
      expect(parseAmount(amountText(value, decimals), decimals)).toEqual({ ok: true, value });
    }
    expect(amountText(1_500_000n, 6)).toBe("1.5");
  });

  it("reaches the JSON-RPC port on the page's own host", () => {
    expect(rpcUrlOf({ tls: false, rpcPort: 8545 }, "192.168.1.20")).toBe("http://192.168.1.20:8545");
    expect(rpcUrlOf({ tls: true, rpcPort: 8546 }, "class.local")).toBe("https://class.local:8546");
  });
});

// A small world, as GET /api/world describes it.
// Addresses as the API gives them: checksummed.
const token = (symbol: string, decimals: number, address: string): TokenState =>
  ({ symbol, name: symbol, decimals, address: getAddress(address), oraclePriceUsd: "0" }) as TokenState;
const WETH = token("WETH", 18, "0x00000000000000000000000000000000000000e1");
const USDC = token("USDC", 6, "0x00000000000000000000000000000000000000c1");
const POOL = {
  name: "DEX A WETH/USDC",
  dex: "DEX A",
  address: "0x00000000000000000000000000000000000000a1",
  feeBps: 30,
  token0: "USDC",
  token1: "WETH",
  base: "WETH",
  quote: "USDC",
} as PoolState;
const ROUTER_ADDRESS = "0x00000000000000000000000000000000000000f1";
const WORLD = {
  contracts: [{ name: "DEX A router", kind: "router", address: ROUTER_ADDRESS }],
  tokens: [WETH, USDC],
  pools: [POOL],
} as unknown as WorldState;
/** token0 is USDC: 2,000,000 USDC against 1,000 WETH. */
const RESERVES = { reserve0: 2_000_000n * 10n ** 6n, reserve1: 1_000n * ETH };

describe("a swap from the page", () => {
  it("quotes with the pool's formula on the reserves read, and keeps the slippage as amountOutMin", () => {
    const plan = planSwap({
      pool: POOL,
      tokenIn: WETH,
      tokenOut: USDC,
      amountIn: ETH,
      reserves: RESERVES,
      slippageBps: 50n,
    });
    expect(plan.reserveIn).toBe(RESERVES.reserve1);
    expect(plan.amountOut).toBe(getAmountOut(ETH, RESERVES.reserve1, RESERVES.reserve0, 30n));
    expect(plan.amountOutMin).toBe((plan.amountOut * 9_950n) / 10_000n);
    const request = swapRequest(
      plan,
      routerOf(WORLD, POOL),
      "0x00000000000000000000000000000000000000b0",
      99n,
    );
    const call = ROUTER.parseTransaction({ data: request.data as string })!;
    expect(call.name).toBe("swapExactTokensForTokens");
    expect([...call.args.path]).toEqual([WETH.address, USDC.address]);
    expect(call.args.amountOutMin).toBe(plan.amountOutMin);
  });
});

describe("back-run this", () => {
  const targetCall = (amountIn: bigint) => ({
    to: ROUTER_ADDRESS,
    input: ROUTER.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      0n,
      [WETH.address, USDC.address],
      "0x00000000000000000000000000000000000000b0",
      99n,
    ]),
  });

  it("decodes a pending single-pool swap, and says why others cannot be back-run", () => {
    const target = decodeTargetSwap(WORLD, targetCall(20n * ETH)) as TargetSwap;
    expect(target.pool.name).toBe(POOL.name);
    expect([target.tokenIn.symbol, target.tokenOut.symbol]).toEqual(["WETH", "USDC"]);
    expect(target.exact).toEqual({ side: "in", amount: 20n * ETH });
    expect(decodeTargetSwap(WORLD, { to: USDC.address, input: "0x" })).toBe(
      "it is not a swap through one of the sandbox's routers",
    );
    const twoHops = ROUTER.encodeFunctionData("swapExactTokensForTokens", [
      ETH,
      0n,
      [WETH.address, USDC.address, WETH.address],
      ROUTER_ADDRESS,
      99n,
    ]);
    expect(decodeTargetSwap(WORLD, { to: ROUTER_ADDRESS, input: twoHops })).toMatch(/several pools/);
  });

  it("plays the target on the reserves, then the student's opposite swap on what it leaves", () => {
    const target = decodeTargetSwap(WORLD, targetCall(20n * ETH)) as TargetSwap;
    const targetOut = getAmountOut(20n * ETH, RESERVES.reserve1, RESERVES.reserve0, 30n);
    expect(defaultBackrunAmount(target, RESERVES)).toBe(targetOut);
    const plan = planBackrun(target, RESERVES, targetOut);
    expect(plan.amountOut).toBe(
      getAmountOut(targetOut, RESERVES.reserve0 - targetOut, RESERVES.reserve1 + 20n * ETH, 30n),
    );
    // Selling back what the target got returns nearly its input (the two fees apart), at a profit
    // against the price before the target.
    expect(plan.amountOut).toBeLessThan(20n * ETH);
    expect(plan.valueBefore).toBeGreaterThan(plan.amountIn);

    const exactOut = { ...target, exact: { side: "out" as const, amount: 30_000n * 10n ** 6n } };
    expect(planBackrun(exactOut, RESERVES, 1n).targetIn).toBe(
      getAmountIn(30_000n * 10n ** 6n, RESERVES.reserve1, RESERVES.reserve0, 30n),
    );

    const requests = backrunRequests(plan, {
      router: ROUTER_ADDRESS,
      student: "0x00000000000000000000000000000000000000b1",
      coinbase: "0x00000000000000000000000000000000000000cb",
      payment: ETH / 100n,
      approve: true,
      deadline: 99n,
    });
    expect(requests.map((r) => r.to)).toEqual([
      USDC.address,
      ROUTER_ADDRESS,
      "0x00000000000000000000000000000000000000cb",
    ]);
    const swap = ROUTER.parseTransaction({ data: requests[1]!.data as string })!;
    expect([...swap.args.path]).toEqual([USDC.address, WETH.address]);
    expect(swap.args.amountOutMin).toBe(plan.amountOut);
    expect(requests[2]!.value).toBe(ETH / 100n);
  });

  it("signs the exact body of eth_sendBundle as the sandbox's verifier checks it", async () => {
    const wallet = Wallet.createRandom();
    const body = bundleBody(["0x02aa", "0x02bb"], 300);
    expect(JSON.parse(body)).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_sendBundle",
      params: [{ txs: ["0x02aa", "0x02bb"], blockNumber: "0x12c" }],
    });
    const header = await flashbotsSignature(wallet, body);
    expect(checkFlashbotsSignature(header, body)).toEqual({ kind: "valid", signer: wallet.address });
    expect(checkFlashbotsSignature(header, `${body} `).kind).toBe("invalid");
  });
});

describe("a pending transaction rebuilt from the node's fields", () => {
  const sender = new Wallet(hardhatAccount(15).privateKey);
  const base = { chainId: CHAIN_ID, to: hardhatAccount(16).address, value: 12345n, gasLimit: 21_000n };

  async function sendAndRead(fields: Record<string, unknown>): Promise<RpcTransaction> {
    const nonce = Number(
      await hre.network.provider.send("eth_getTransactionCount", [sender.address, "pending"]),
    );
    const raw = await sender.signTransaction({ ...base, ...fields, nonce });
    const hash = await hre.network.provider.send("eth_sendRawTransaction", [raw]);
    return hre.network.provider.send("eth_getTransactionByHash", [hash]);
  }

  it("gives back the signed bytes of EIP-1559, EIP-2930 and legacy (EIP-155) transactions", async () => {
    const fee = 100_000_000_000n;
    for (const fields of [
      { type: 2, maxFeePerGas: fee, maxPriorityFeePerGas: 10n ** 9n },
      { type: 1, gasPrice: fee, accessList: [] },
      { type: 0, gasPrice: fee },
    ]) {
      const pending = await sendAndRead(fields);
      const raw = rebuildSigned(pending);
      expect(Transaction.from(raw).hash).toBe(pending.hash);
      expect(Transaction.from(raw).from).toBe(sender.address);
    }
  });

  it("refuses fields that do not hash to the transaction asked for", async () => {
    const pending = await sendAndRead({ type: 2, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 0n });
    expect(() => rebuildSigned({ ...pending, value: "0x1" })).toThrow(/hashes to 0x[0-9a-f]{64}, not/);
  });
});
