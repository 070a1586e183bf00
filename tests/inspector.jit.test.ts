/**
 * The inspector's JIT rule on hand-made logs: Mint → other traders' Swap → Burn of the same owner's
 * liquidity in one pool, one block. The real-chain test is in bots.jit.test.ts.
 */
import { getAddress, ZeroAddress } from "ethers";
import { describe, expect, it } from "vitest";
import { classifyBlock } from "../server/inspector/classify";
import { classificationEvent, type InspectionFacts } from "../server/inspector/explain";
import { decodeLiquidity } from "../server/inspector/liquidity";
import { decodeSwaps, type LogLike, type ReceiptLike, STANDARD_EVENTS } from "../server/inspector/logs";

const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const [WETH, USDC, POOL] = [address(0xe1), address(0xe2), address(0xa1)];
const [bob, provider, router, other] = [address(2), address(3), address(4), address(6)];
const poolTokens = new Map([[POOL, { token0: WETH, token1: USDC }]]);

let logIndex = 0;
function log(name: string, args: unknown[]): LogLike {
  return { address: POOL.toLowerCase(), index: logIndex++, ...STANDARD_EVENTS.encodeEventLog(name, args) };
}
function receipt(index: number, from: string, logs: LogLike[]): ReceiptLike {
  return { hash: `0x${index.toString(16).padStart(64, "0")}`, index, from, to: router, status: 1, logs };
}

/** The provider mints 1000 LP tokens for 100,000 WETH + 200,000,000 USDC into a pool holding as much. */
const mintTx = (owner = provider) =>
  receipt(0, provider, [
    log("Transfer", [ZeroAddress, owner, 1000n]),
    log("Sync", [200_000n, 400_000_000n]),
    log("Mint", [router, 100_000n, 200_000_000n]),
  ]);
/** bob sells 10,000 WETH for 18,000,000 USDC. */
const swapTx = () =>
  receipt(1, bob, [
    log("Sync", [210_000n, 382_000_000n]),
    log("Swap", [router, 10_000n, 0n, 0n, 18_000_000n, bob]),
  ]);
/** The owner burns its 1000 LP tokens for half the pool. */
const burnTx = (owner = provider) =>
  receipt(2, provider, [
    log("Transfer", [owner, POOL, 1000n]),
    log("Transfer", [POOL, ZeroAddress, 1000n]),
    log("Sync", [105_000n, 191_000_000n]),
    log("Burn", [router, 105_000n, 191_000_000n, owner]),
  ]);

function classify(receipts: ReceiptLike[]) {
  const swaps = receipts.flatMap((r) => decodeSwaps(r, poolTokens));
  const liquidity = receipts.flatMap((r) => decodeLiquidity(r, poolTokens));
  return classifyBlock(swaps, [], liquidity);
}

describe("JIT liquidity from logs", () => {
  it("decodes mints and burns with their owner, liquidity and the reserves after", () => {
    const [mint] = decodeLiquidity(mintTx(), poolTokens);
    expect(mint).toMatchObject({
      kind: "mint",
      owner: provider,
      liquidity: 1000n,
      amount0: 100_000n,
      amount1: 200_000_000n,
      reservesAfter: { reserve0: 200_000n, reserve1: 400_000_000n },
    });
    const [burn] = decodeLiquidity(burnTx(), poolTokens);
    expect(burn).toMatchObject({ kind: "burn", owner: provider, liquidity: 1000n, amount0: 105_000n });
  });

  it("labels mint → another trader's swap → the same owner's burn as JIT, with the fee share and the profit", () => {
    const findings = classify([mintTx(), swapTx(), burnTx()]);
    expect(findings.map((f) => f.kind)).toEqual(["jit"]);
    const facts: InspectionFacts = {
      label: (a) => ({ [provider]: "provider", [bob]: "bob", [POOL]: "the pool" })[a] ?? a,
      tokens: new Map([
        [WETH, { symbol: "WETH", decimals: 0 }],
        [USDC, { symbol: "USDC", decimals: 0 }],
      ]),
      counterfactuals: new Map(),
      prices: new Map(),
      pools: new Map([[POOL, { tokens: { token0: WETH, token1: USDC }, feeBps: 30n }]]),
    };
    const event = classificationEvent(findings[0]!, 7, facts);
    expect(event.kind).toBe("jit");
    expect(event.txs).toEqual([mintTx().hash, swapTx().hash, burnTx().hash]);
    // share = 100,000/200,000 of the pool; fee share = 10,000·30·100,000/(10,000·200,000) = 15 WETH
    expect(event.feeShare).toEqual({ amount: "15", symbol: "WETH", decimals: 0 });
    // deltas +5,000 WETH, −9,000,000 USDC at 200,000 WETH per 400,000,000 USDC: 5,000 − 4,500 = 500 WETH
    expect(event.profits).toEqual([
      {
        actor: { address: provider, label: "provider" },
        profit: { amount: "500", symbol: "WETH", decimals: 0 },
      },
    ]);
    expect(event.explanation).toContain(
      "provider added 100,000 WETH and 200,000,000 USDC to the pool (50.00% of it)",
    );
  });

  it("is not JIT when the burn is someone else's, or when no other trader swaps in between", () => {
    expect(classify([mintTx(), swapTx(), burnTx(other)])).toEqual([]);
    expect(classify([mintTx(), burnTx()])).toEqual([]);
  });
});
