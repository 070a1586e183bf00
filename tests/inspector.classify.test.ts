/**
 * The inspector's pure part on hand-made data: decoding logs, the classification rules, and the
 * sentences. The real-chain tests are in inspector.{sandwich,arbitrage,liquidation}.test.ts.
 */
import { getAddress, zeroPadValue } from "ethers";
import { describe, expect, it } from "vitest";
import { classifyBlock, type SandwichFinding, sandwichProfit } from "../server/inspector/classify";
import { exactInputPath, hopOutputFromAmounts, ROUTER_INTERFACE } from "../server/inspector/counterfactual";
import { classificationEvent, type InspectionFacts, priceKey } from "../server/inspector/explain";
import {
  type DecodedLiquidation,
  type DecodedSwap,
  decodeLiquidations,
  decodeSwaps,
  type LogLike,
  type ReceiptLike,
  STANDARD_EVENTS,
} from "../server/inspector/logs";

const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const [WETH, USDC, DAI] = [address(0xe1), address(0xe2), address(0xe3)];
const [POOL_A, POOL_B, POOL_C, LENDING] = [address(0xa1), address(0xa2), address(0xa3), address(0xa4)];
const [alice, bob, searcher, router, bot] = [address(1), address(2), address(3), address(4), address(5)];

let txCounter = 0;
/** A swap with sensible defaults; `tx` is the transaction index, its hash derived from it. */
function swap(fields: Partial<DecodedSwap> & { tx: number }): DecodedSwap {
  const { tx, ...rest } = fields;
  return {
    txHash: `0x${tx.toString(16).padStart(64, "0")}`,
    txIndex: tx,
    logIndex: txCounter++,
    txFrom: alice,
    pool: POOL_A,
    sender: router,
    recipient: rest.txFrom ?? alice,
    tokenIn: WETH,
    tokenOut: USDC,
    amountIn: 10n,
    amountOut: 20_000n,
    ...rest,
  };
}

/** The reverse trade of `s`, in transaction `tx`, selling `amountIn` for `amountOut`. */
function reverse(s: DecodedSwap, tx: number, amountIn: bigint, amountOut: bigint): DecodedSwap {
  return swap({
    tx,
    txFrom: s.txFrom,
    recipient: s.recipient,
    pool: s.pool,
    tokenIn: s.tokenOut,
    tokenOut: s.tokenIn,
    amountIn,
    amountOut,
  });
}

describe("decodeSwaps", () => {
  const poolTokens = new Map([[POOL_A, { token0: WETH, token1: USDC }]]);
  let logIndex = 0;
  const log = (pool: string, name: "Swap" | "Sync", args: unknown[]): LogLike => ({
    address: pool.toLowerCase(),
    index: logIndex++,
    ...STANDARD_EVENTS.encodeEventLog(name, args),
  });
  const receipt = (logs: LogLike[], status = 1): ReceiptLike => ({
    hash: `0x${"ab".repeat(32)}`,
    index: 3,
    from: alice.toLowerCase(),
    to: router,
    status,
    logs,
  });

  it("reads direction, net amounts and the reserves before the swap from Sync + Swap", () => {
    // token1 (USDC) in, token0 (WETH) out: reserves after are (990, 2_020_000)
    const logs = [
      log(POOL_A, "Sync", [990n, 2_020_000n]),
      log(POOL_A, "Swap", [router, 0n, 20_000n, 10n, 0n, bob]),
    ];
    expect(decodeSwaps(receipt(logs), poolTokens)).toEqual([
      {
        txHash: receipt([]).hash,
        txIndex: 3,
        logIndex: logs[1]!.index,
        txFrom: alice,
        pool: POOL_A,
        sender: router,
        recipient: bob,
        tokenIn: USDC,
        tokenOut: WETH,
        amountIn: 20_000n,
        amountOut: 10n,
        reservesBefore: { reserve0: 1_000n, reserve1: 2_000_000n },
      },
    ]);
  });

  it("skips pools it does not know, swaps without a Sync get no reserves, reverted receipts have nothing", () => {
    const logs = [
      log(POOL_B, "Swap", [router, 10n, 0n, 0n, 20_000n, bob]),
      log(POOL_A, "Swap", [router, 10n, 0n, 0n, 20_000n, bob]),
    ];
    const swaps = decodeSwaps(receipt(logs), poolTokens);
    expect(swaps.map((s) => [s.pool, s.tokenIn, s.amountIn, s.reservesBefore])).toEqual([
      [POOL_A, WETH, 10n, undefined],
    ]);
    expect(decodeSwaps(receipt(logs, 0), poolTokens)).toEqual([]);
  });

  it("decodes Aave v3's LiquidationCall", () => {
    const liquidation = {
      address: LENDING,
      index: 7,
      ...STANDARD_EVENTS.encodeEventLog("LiquidationCall", [WETH, USDC, bob, 1_000n, 5n, searcher, false]),
    };
    expect(decodeLiquidations(receipt([liquidation]))).toEqual([
      {
        txHash: receipt([]).hash,
        txIndex: 3,
        logIndex: 7,
        txFrom: alice,
        pool: LENDING,
        collateralAsset: WETH,
        debtAsset: USDC,
        user: bob,
        liquidator: searcher,
        debtCovered: 1_000n,
        collateralSeized: 5n,
      },
    ]);
  });
});

describe("classifyBlock: arbitrage", () => {
  const hop1 = swap({ tx: 0, txFrom: bot, tokenIn: USDC, tokenOut: WETH, amountIn: 20_000n, amountOut: 11n });
  const hop2 = swap({ tx: 0, txFrom: bot, pool: POOL_B, amountIn: 11n, amountOut: 21_500n });

  it("labels a chained cycle back to the start token with the gain as profit", () => {
    const [finding] = classifyBlock([hop1, hop2], []);
    expect(finding).toMatchObject({ kind: "arbitrage", searcher: bot, token: USDC, profit: 1_500n });
  });

  it("finds a 3-hop cycle", () => {
    const hops = [
      swap({ tx: 0, txFrom: bot, tokenIn: USDC, tokenOut: WETH, amountIn: 20_000n, amountOut: 11n }),
      swap({
        tx: 0,
        txFrom: bot,
        pool: POOL_B,
        tokenIn: WETH,
        tokenOut: DAI,
        amountIn: 11n,
        amountOut: 21_000n,
      }),
      swap({
        tx: 0,
        txFrom: bot,
        pool: POOL_C,
        tokenIn: DAI,
        tokenOut: USDC,
        amountIn: 21_000n,
        amountOut: 20_900n,
      }),
    ];
    expect(classifyBlock(hops, [])).toMatchObject([{ kind: "arbitrage", hops, profit: 900n }]);
  });

  it("does not label a losing cycle, a chain that does not close, or swaps split over transactions", () => {
    const losing = { ...hop2, amountOut: 19_000n };
    expect(classifyBlock([hop1, losing], [])).toEqual([]);
    const notBack = { ...hop2, tokenOut: DAI };
    expect(classifyBlock([hop1, notBack], [])).toEqual([]);
    const otherTx = swap({ tx: 1, txFrom: bot, pool: POOL_B, amountIn: 11n, amountOut: 21_500n });
    expect(classifyBlock([hop1, otherTx], [])).toEqual([]);
  });
});

describe("classifyBlock: sandwiches", () => {
  const front = swap({ tx: 0, txFrom: searcher, amountIn: 30n, amountOut: 58_000n });
  const victim = swap({ tx: 1, txFrom: alice });

  it("labels front, victim and back; profit is back's output minus front's input", () => {
    const back = reverse(front, 2, 58_000n, 31n);
    const [finding] = classifyBlock([back, victim, front], []) as SandwichFinding[];
    expect(finding).toMatchObject({ kind: "sandwich", attacker: searcher, victims: [victim], profit: 1n });
    expect(finding!.front).toBe(front);
    expect(finding!.back).toBe(back);
  });

  it("counts profit on the matched amount when the back-run sells less or more than was bought", () => {
    // sells half of what was bought for 16: half the front cost 15
    expect(sandwichProfit(front, reverse(front, 2, 29_000n, 16n))).toEqual({
      matchedAmount: 29_000n,
      profit: 1n,
    });
    // sells twice what was bought for 62: the matched half brought 31, cost 30
    expect(sandwichProfit(front, reverse(front, 2, 116_000n, 62n))).toEqual({
      matchedAmount: 58_000n,
      profit: 1n,
    });
  });

  it("lists every victim between front and back, and only those", () => {
    const before = swap({ tx: 0, txFrom: bob });
    const shifted = { ...front, txIndex: 1, txHash: `0x${"1".padStart(64, "0")}` };
    const second = swap({ tx: 3, txFrom: bob });
    const back = reverse(front, 4, 58_000n, 31n);
    const after = swap({ tx: 5, txFrom: bob });
    const v = { ...victim, txIndex: 2 };
    const [finding, ...rest] = classifyBlock(
      [before, shifted, v, second, back, after],
      [],
    ) as SandwichFinding[];
    expect(rest).toEqual([]);
    expect(finding!.victims).toEqual([v, second]);
  });

  it("recognises the attacker by the output recipient, but not when the recipient is a pool (a routed hop)", () => {
    const viaContract = { ...front, txFrom: bob, recipient: bot };
    const back = { ...reverse(viaContract, 2, 58_000n, 31n), txFrom: searcher };
    expect(classifyBlock([viaContract, victim, back], [])).toHaveLength(1);
    const routedFront = { ...viaContract, recipient: POOL_B };
    const routedBack = { ...back, recipient: POOL_B };
    const otherPool = swap({ tx: 3, pool: POOL_B, tokenIn: USDC, tokenOut: DAI });
    expect(classifyBlock([routedFront, victim, routedBack, otherPool], [])).toEqual([]);
  });

  it("labels nothing for same-direction trades, or a round trip with nobody in between", () => {
    expect(classifyBlock([swap({ tx: 0, txFrom: alice }), swap({ tx: 1, txFrom: bob })], [])).toEqual([]);
    const roundTrip = [front, reverse(front, 1, 58_000n, 29n), swap({ tx: 2, txFrom: alice })];
    expect(classifyBlock(roundTrip, [])).toEqual([]);
  });
});

describe("classifyBlock: order", () => {
  it("sorts by first transaction index, then kind", () => {
    const liquidation: DecodedLiquidation = {
      txHash: `0x${"0".padStart(64, "0")}`,
      txIndex: 0,
      logIndex: 99,
      txFrom: searcher,
      pool: LENDING,
      collateralAsset: WETH,
      debtAsset: USDC,
      user: bob,
      liquidator: searcher,
      debtCovered: 1n,
      collateralSeized: 1n,
    };
    const front = swap({ tx: 0, txFrom: searcher, amountIn: 30n, amountOut: 58_000n });
    const arbitrage = [
      swap({
        tx: 1,
        txFrom: bot,
        pool: POOL_B,
        tokenIn: USDC,
        tokenOut: WETH,
        amountIn: 20_000n,
        amountOut: 11n,
      }),
      swap({ tx: 1, txFrom: bot, pool: POOL_C, amountIn: 11n, amountOut: 21_500n }),
    ];
    const findings = classifyBlock(
      [...arbitrage, reverse(front, 3, 58_000n, 31n), swap({ tx: 2 }), front],
      [liquidation],
    );
    expect(findings.map((f) => f.kind)).toEqual(["liquidation", "sandwich", "arbitrage"]);
  });
});

describe("router counterfactual helpers", () => {
  it("reads the path of swapExactTokensForTokens and the sandwiched hop's output from the returned amounts", () => {
    const data = ROUTER_INTERFACE.encodeFunctionData("swapExactTokensForTokens", [
      5n,
      0n,
      [DAI, WETH, USDC],
      alice,
      1n,
    ]);
    const path = exactInputPath(data)!;
    expect(path).toEqual([DAI, WETH, USDC]);
    const returned = ROUTER_INTERFACE.encodeFunctionResult("swapExactTokensForTokens", [[5n, 7n, 9n]]);
    expect(hopOutputFromAmounts(path, returned, { tokenIn: WETH, tokenOut: USDC })).toBe(9n);
    expect(hopOutputFromAmounts(path, returned, { tokenIn: USDC, tokenOut: WETH })).toBeUndefined();
    expect(exactInputPath(zeroPadValue("0x1234", 36))).toBeUndefined();
  });
});

describe("classificationEvent", () => {
  const facts: InspectionFacts = {
    label: (a) =>
      ({ [alice]: "alice", [bob]: "bob", [searcher]: "searcher", [POOL_A]: "DEX A WETH/USDC" })[a] ?? a,
    tokens: new Map([
      [WETH, { symbol: "WETH", decimals: 18 }],
      [USDC, { symbol: "USDC", decimals: 6 }],
    ]),
    counterfactuals: new Map(),
    prices: new Map([
      [priceKey(LENDING, WETH), 1_800n * 10n ** 8n],
      [priceKey(LENDING, USDC), 10n ** 8n],
    ]),
  };

  it("explains a sandwich of two victims, the first as the event's victim", () => {
    const front = swap({
      tx: 0,
      txFrom: searcher,
      amountIn: 12_500n * 10n ** 15n,
      amountOut: 20_000n * 10n ** 6n,
    });
    const v1 = swap({ tx: 1, txFrom: alice, amountIn: 10n ** 18n, amountOut: 1_700n * 10n ** 6n });
    const v2 = swap({ tx: 2, txFrom: bob, amountIn: 10n ** 18n, amountOut: 1_650n * 10n ** 6n });
    const back = reverse(front, 3, 20_000n * 10n ** 6n, 13n * 10n ** 18n);
    const finding = classifyBlock([front, v1, v2, back], [])[0]!;
    const withVictims: InspectionFacts = {
      ...facts,
      counterfactuals: new Map([
        [v1.txHash, { amountOut: 1_750n * 10n ** 6n, method: "replayed" }],
        [v2.txHash, { amountOut: 1_745_500_000n, method: "quoted" }],
      ]),
    };
    const event = classificationEvent(finding, 42, withVictims);
    expect(event.txs).toEqual([front.txHash, v1.txHash, v2.txHash, back.txHash]);
    expect(event.victim).toEqual({
      actor: { address: alice, label: "alice" },
      tx: v1.txHash,
      actualOut: { amount: "1700000000", symbol: "USDC", decimals: 6 },
      counterfactualOut: { amount: "1750000000", symbol: "USDC", decimals: 6 },
      loss: { amount: "50000000", symbol: "USDC", decimals: 6 },
    });
    expect(event.explanation).toBe(
      "searcher sandwiched alice and bob in DEX A WETH/USDC: front-ran with 12.5 WETH, " +
        "alice got 1,700 USDC instead of 1,750 (−50 USDC), bob got 1,650 USDC instead of 1,745.5 (−95.5 USDC), " +
        "then sold 20,000 USDC back for 13 WETH; searcher made 0.5 WETH",
    );
  });

  it("values a liquidation in USD and says when the transaction also swapped", () => {
    const liquidation: DecodedLiquidation = {
      txHash: `0x${"7".padStart(64, "0")}`,
      txIndex: 7,
      logIndex: 3,
      txFrom: searcher,
      pool: LENDING,
      collateralAsset: WETH,
      debtAsset: USDC,
      user: bob,
      liquidator: searcher,
      debtCovered: 18_000n * 10n ** 6n,
      collateralSeized: 105n * 10n ** 17n,
    };
    const sale = swap({
      tx: 7,
      txFrom: searcher,
      amountIn: 105n * 10n ** 17n,
      amountOut: 18_700n * 10n ** 6n,
    });
    const event = classificationEvent({ kind: "liquidation", liquidation, swaps: [sale] }, 42, facts);
    // 10.5 WETH at $1,800 = $18,900 seized for $18,000 of debt
    expect(event.profits).toEqual([
      {
        actor: { address: searcher, label: "searcher" },
        profit: { amount: (900n * 10n ** 8n).toString(), symbol: "USD", decimals: 8 },
      },
    ]);
    expect(event.explanation).toBe(
      `searcher liquidated bob in ${LENDING}: repaid 18,000 USDC of debt ($18,000.00 at $1.00/USDC) ` +
        "and seized 10.5 WETH of collateral ($18,900.00 at $1,800.00/WETH); searcher made $900.00 at oracle prices. " +
        "The same transaction also swapped 10.5 WETH → 18,700 USDC on DEX A WETH/USDC: " +
        "a flash liquidation that sold the collateral",
    );
  });
});
