/** The inspector's back-run rule on hand-made swaps; the real-chain test is in bots.backrunner.test.ts. */
import { getAddress } from "ethers";
import { describe, expect, it } from "vitest";
import { classifyBlock } from "../server/inspector/classify";
import type { DecodedSwap } from "../server/inspector/logs";

const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const [WETH, USDC, POOL_A, POOL_B] = [address(0xe1), address(0xe2), address(0xa1), address(0xa2)];
const [bob, searcher, executor] = [address(2), address(3), address(9)];

let logIndex = 0;
function swap(tx: number, fields: Partial<DecodedSwap>): DecodedSwap {
  return {
    txHash: `0x${tx.toString(16).padStart(64, "0")}`,
    txIndex: tx,
    logIndex: logIndex++,
    txFrom: bob,
    pool: POOL_A,
    sender: bob,
    recipient: bob,
    tokenIn: WETH,
    tokenOut: USDC,
    amountIn: 100n,
    amountOut: 180_000n,
    ...fields,
  };
}

/** The searcher's cycle WETH → USDC on B → WETH on A, in transaction `tx`. */
function cycle(tx: number): DecodedSwap[] {
  const common = { txFrom: searcher, sender: executor };
  return [
    swap(tx, { ...common, pool: POOL_B, recipient: POOL_A, amountIn: 30n, amountOut: 58_000n }),
    swap(tx, {
      ...common,
      pool: POOL_A,
      tokenIn: USDC,
      tokenOut: WETH,
      recipient: executor,
      amountIn: 58_000n,
      amountOut: 33n,
    }),
  ];
}

describe("back-runs from logs", () => {
  it("labels an arbitrage right after another trader's swap, back through that pool, a back-run", () => {
    const findings = classifyBlock([swap(4, {}), ...cycle(5)], []);
    expect(findings.map((f) => f.kind)).toEqual(["backrun", "arbitrage"]);
    const backrun = findings[0]!;
    expect(backrun!.kind === "backrun" && [backrun.target.txIndex, backrun.arbitrage.txIndex]).toEqual([
      4, 5,
    ]);
  });

  it("is not a back-run one transaction later, nor after a swap the cycle goes the same way as", () => {
    expect(classifyBlock([swap(3, {}), ...cycle(5)], []).map((f) => f.kind)).toEqual(["arbitrage"]);
    const sameWay = swap(4, { tokenIn: USDC, tokenOut: WETH, amountIn: 1_000n, amountOut: 1n });
    expect(classifyBlock([sameWay, ...cycle(5)], []).map((f) => f.kind)).toEqual(["arbitrage"]);
  });
});
