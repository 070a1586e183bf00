/**
 * The victim's receipt: what the targeted trade cost, line by line, from the event's `victimReceipt`
 * (server/math/receipt.ts): the input at the pool's mid price, minus the LP fee, its own price impact
 * and the MEV loss, equals what it received; gas is paid in ETH on top. Folded behind a click, with
 * what each mitigation would have given (asked of the server on opening: they are re-executed).
 */
import type { VictimReceipt } from "../../../server/events";
import { type Child, h } from "../dom";
import { changeText, direction, formatTokenAmount } from "../format";
import { mitigationsView } from "./mitigations";

/** "−58.819511 USDC": a cost written as what it takes away (a negative cost is a gain). */
function minus(cost: VictimReceipt["lpFee"]): string {
  return changeText({ ...cost, amount: (-BigInt(cost.amount)).toString() });
}

function line(label: string, figure: string, part: string, amount?: string): Child {
  return h(
    "tr",
    { "data-part": part, ...(amount === undefined ? {} : { "data-amount": amount }) },
    h("th", { scope: "row" }, label),
    h("td", { class: amount === undefined ? "" : `change ${direction(amount)}` }, figure),
  );
}

function receiptTable(r: VictimReceipt): HTMLElement {
  const mev = BigInt(r.mevLoss.amount) < 0n ? "MEV gain (the searcher helped)" : "MEV loss to the searcher";
  return h(
    "table",
    { class: "receipt", "data-testid": "victim-receipt-table" },
    h("caption", { class: "muted" }, `Valued at ${r.valuedAt}.`),
    h(
      "tbody",
      {},
      line(`${formatTokenAmount(r.amountIn)} at the mid price`, formatTokenAmount(r.idealOut), "ideal"),
      line(`LP fee (${r.feeBps / 100}%)`, minus(r.lpFee), "lpFee", (-BigInt(r.lpFee.amount)).toString()),
      line(
        "own price impact",
        minus(r.priceImpact),
        "priceImpact",
        (-BigInt(r.priceImpact.amount)).toString(),
      ),
      line(mev, minus(r.mevLoss), "mevLoss", (-BigInt(r.mevLoss.amount)).toString()),
      line("received", formatTokenAmount(r.actualOut), "actual"),
      line("result at the mid price", changeText(r.pnl), "pnl", r.pnl.amount),
      line("gas paid", changeText({ ...r.gas, amount: `-${r.gas.amount}` }), "gas", `-${r.gas.amount}`),
    ),
  );
}

/** The receipt of a finding's victim in block `block`, folded: its result in the summary line. */
export function receiptView(r: VictimReceipt, block: number): HTMLElement {
  return h(
    "details",
    { class: "victim-receipt", "data-testid": "victim-receipt", "data-actor": r.actor.label },
    h(
      "summary",
      {},
      `${r.actor.label}'s receipt: `,
      h("strong", { class: direction(r.pnl.amount), "data-testid": "receipt-pnl" }, changeText(r.pnl)),
      ` and ${formatTokenAmount(r.gas)} gas`,
    ),
    receiptTable(r),
    mitigationsView(block, r.tx),
  );
}
