/**
 * The flash-swap rule on hand-made logs: the swap's own output leaving the pair before a payment
 * came in is a flash swap; a `skim` of the pair's excess before a plain swap is not.
 */
import { getAddress } from "ethers";
import { describe, expect, it } from "vitest";
import { decodeFlashSwaps } from "../server/inspector/flashLoans";
import { type LogLike, type ReceiptLike, STANDARD_EVENTS } from "../server/inspector/logs";

const PAIR = getAddress("0x00000000000000000000000000000000000000aa");
const WETH = getAddress("0x00000000000000000000000000000000000000e0"); // token0
const USDC = getAddress("0x00000000000000000000000000000000000000e1"); // token1
const TRADER = getAddress("0x00000000000000000000000000000000000000b0");
const pools = new Map([[PAIR, { token0: WETH, token1: USDC }]]);

function receiptOf(logs: Omit<LogLike, "index">[]): ReceiptLike {
  return {
    hash: `0x${"11".repeat(32)}`,
    index: 0,
    from: TRADER,
    to: PAIR,
    status: 1,
    logs: logs.map((log, index) => ({ ...log, index })),
  };
}

const transfer = (token: string, from: string, to: string, value: bigint) => ({
  address: token,
  ...STANDARD_EVENTS.encodeEventLog("Transfer", [from, to, value]),
});
const sync = (reserve0: bigint, reserve1: bigint) => ({
  address: PAIR,
  ...STANDARD_EVENTS.encodeEventLog("Sync", [reserve0, reserve1]),
});
/** A swap of USDC in for WETH out. */
const swap = (usdcIn: bigint, wethOut: bigint) => ({
  address: PAIR,
  ...STANDARD_EVENTS.encodeEventLog("Swap", [TRADER, 0n, usdcIn, wethOut, 0n, TRADER]),
});

describe("flash swaps from logs", () => {
  it("the output sent before the payment: a flash swap of that output", () => {
    const loans = decodeFlashSwaps(
      receiptOf([
        transfer(WETH, PAIR, TRADER, 10n),
        transfer(USDC, TRADER, PAIR, 20_100n),
        sync(990n, 2_020_100n),
        swap(20_100n, 10n),
      ]),
      pools,
    );
    expect(loans.map((loan) => [loan.token, loan.amount, loan.repaidToken, loan.repaid])).toEqual([
      [WETH, 10n, USDC, 20_100n],
    ]);
  });

  it("a skim of the pair's excess, then a plain swap paid first: no loan", () => {
    const loans = decodeFlashSwaps(
      receiptOf([
        transfer(WETH, PAIR, TRADER, 3n), // skim: the balance above the reserve, no Sync
        transfer(USDC, TRADER, PAIR, 20_100n),
        transfer(WETH, PAIR, TRADER, 10n),
        sync(990n, 2_020_100n),
        swap(20_100n, 10n),
      ]),
      pools,
    );
    expect(loans).toEqual([]);
  });
});
