/** A flash loan the inspector found in a transaction, as a badge on its row: lender, amount, fee. */
import type { FlashLoanTaken } from "../../../server/events";
import { h } from "../dom";
import { formatTokenAmount } from "../format";

export function loanBadge(loan: FlashLoanTaken): HTMLElement {
  const what = loan.source === "erc3156" ? "flash loan" : "flash swap";
  return h(
    "span",
    {
      class: "badge flash-loan",
      "data-testid": "tx-flash-loan",
      "data-source": loan.source,
      title: loan.explanation,
    },
    `⚡ ${what}: ${formatTokenAmount(loan.amount)} from ${loan.lender.label}, fee ${formatTokenAmount(loan.fee)}`,
  );
}
