/**
 * The back-run form, opened by "back-run this" on a pending swap: how much of the target's output
 * token to sell right after it (by default what the target receives), what to pay the block
 * producer, a preview in the student's numbers, and the builder's answer.
 */
import { h } from "../dom";
import { formatToken } from "../format";
import type { BackrunState, Status } from "../student";
import { amountText, parsePositiveAmount } from "../wallet/amounts";
import { planBackrun } from "../wallet/bundle";

export interface BackrunFormActions {
  send(amountIn: bigint, payment: bigint): void;
  close(): void;
}

const ETH = { symbol: "ETH", decimals: 18 };
/** What the bundle pays the block producer unless the student says otherwise. */
export const DEFAULT_PAYMENT = "0.01";

export function backrunForm(backrun: BackrunState, actions: BackrunFormActions): HTMLElement {
  const { tx, target, reserves } = backrun;
  const close = h(
    "button",
    { type: "button", "data-testid": "backrun-close", onclick: () => actions.close() },
    "Close",
  );
  const heading = h("h3", { id: "backrun-heading" }, `Back-run ${tx.from.label}'s transaction`);
  const sentence = h("p", { class: "sentence" }, tx.action.sentence);
  if (typeof target === "string" || !reserves) {
    const reason = typeof target === "string" ? target : "the pool could not be read";
    return h(
      "section",
      { class: "backrun", "aria-labelledby": "backrun-heading", "data-testid": "backrun" },
      heading,
      sentence,
      h("p", { class: "muted", "data-testid": "backrun-problem" }, `It cannot be back-run: ${reason}.`),
      close,
    );
  }
  const sold = target.tokenOut;
  const amount = h("input", {
    id: "backrun-amount",
    inputmode: "decimal",
    required: true,
    value: backrun.defaultAmount === null ? "" : amountText(backrun.defaultAmount, sold.decimals),
    "aria-describedby": "backrun-amount-hint",
    "data-testid": "backrun-amount",
  });
  const payment = h("input", {
    id: "backrun-payment",
    inputmode: "decimal",
    required: true,
    value: DEFAULT_PAYMENT,
    "data-testid": "backrun-payment",
  });
  const preview = h("output", {
    class: "quote",
    for: "backrun-amount",
    "aria-live": "polite",
    "data-testid": "backrun-preview",
  });
  const read = () => {
    const amountIn = parsePositiveAmount(amount.value, sold.decimals, sold.symbol);
    const paid = parsePositiveAmount(payment.value, 18, "ETH");
    return { amountIn, paid };
  };
  const previewText = (): string => {
    const { amountIn, paid } = read();
    if (!amountIn.ok) return amountIn.problem;
    if (!paid.ok) return `Payment: ${paid.problem}`;
    const plan = planBackrun(target, reserves, amountIn.value);
    const gain = plan.valueBefore - plan.amountIn;
    const sign = gain >= 0n ? "+" : "−";
    return `You receive ${formatToken(plan.amountOut, target.tokenIn)}, worth ${formatToken(plan.valueBefore, sold)} at the pool's price before the target: ${sign}${formatToken(gain < 0n ? -gain : gain, sold)} before gas and the ${formatToken(paid.value, ETH)} payment.`;
  };
  const showPreview = () => {
    preview.textContent = previewText();
  };
  const form = h(
    "form",
    { class: "backrun-form", "aria-label": "Back-run bundle" },
    h(
      "p",
      { class: "field" },
      h(
        "label",
        { for: "backrun-amount" },
        `Sell (${sold.symbol}) right after it, for ${target.tokenIn.symbol} on ${target.pool.name}`,
      ),
      amount,
      h(
        "small",
        { id: "backrun-amount-hint" },
        `By default what the target receives: selling it back returns the price to where it was.`,
      ),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "backrun-payment" }, "Pay the block producer (ETH)"),
      payment,
    ),
    preview,
    h(
      "p",
      { class: "field submit" },
      h(
        "button",
        { type: "submit", class: "primary", "data-testid": "backrun-submit" },
        "Sign and send the bundle",
      ),
      close,
    ),
    h(
      "p",
      { class: "muted" },
      "One bundle for the next block: [their signed swap, your swap, your payment], all or nothing.",
    ),
  );
  form.addEventListener("input", showPreview);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { amountIn, paid } = read();
    if (!amountIn.ok || !paid.ok) return showPreview();
    actions.send(amountIn.value, paid.value);
  });
  showPreview();
  return h(
    "section",
    { class: "backrun", "aria-labelledby": "backrun-heading", "data-testid": "backrun" },
    heading,
    sentence,
    form,
  );
}

/** A line for an action's progress and outcome (the builder's answer…), kept and updated in place. */
export function statusLine(testId: string): (status: Status | null) => HTMLElement {
  const line = h("p", { class: "status", role: "status", "data-testid": testId });
  return (status) => {
    line.className = `status ${status?.kind ?? ""}`;
    line.dataset.kind = status?.kind ?? "";
    line.textContent = status?.text ?? "";
    line.hidden = status === null;
    return line;
  };
}
