/** Checks on the victim's receipt (server/math/receipt.ts) shared by the inspector and live tests. */
import { expect } from "vitest";
import type { VictimReceipt } from "../../server/events";

/** Asserts the receipt's identities: the parts add up to `actualOut − idealOut`, exactly. */
export function expectReceiptAddsUp(receipt: VictimReceipt): void {
  const [ideal, noFee, noAttack, actual] = [
    receipt.idealOut,
    receipt.noFeeOut,
    receipt.noAttackOut,
    receipt.actualOut,
  ].map((a) => BigInt(a.amount));
  const [lpFee, impact, mev, pnl] = [receipt.lpFee, receipt.priceImpact, receipt.mevLoss, receipt.pnl].map(
    (a) => BigInt(a.amount),
  );
  expect(lpFee! + impact! + mev!).toBe(-pnl!);
  expect(pnl).toBe(actual! - ideal!);
  expect([lpFee, impact, mev]).toEqual([noFee! - noAttack!, ideal! - noFee!, noAttack! - actual!]);
  expect(BigInt(receipt.gas.amount)).toBe(BigInt(receipt.gasUsed) * BigInt(receipt.gasPrice));
  expect(receipt.gas.symbol).toBe("ETH");
}
