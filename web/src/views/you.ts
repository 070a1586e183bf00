/**
 * "What happened to your trade": when the inspector names the student as a victim, their loss in
 * their own numbers — what they got, what the same trade would have given without the attack, and
 * the difference — beside the step's narration.
 */
import type { MevClassified } from "../../../server/events";
import { BPS } from "../../../server/math/amm";
import { type Child, h } from "../dom";
import { formatBps, formatTokenAmount } from "../format";
import { receiptView } from "./receipt";

const ATTACK: Record<MevClassified["kind"], string> = {
  sandwich: "was sandwiched",
  jit: "met JIT liquidity",
  backrun: "was back-run",
  arbitrage: "was part of an arbitrage",
  liquidation: "was part of a liquidation",
};

function lossSentence(victim: NonNullable<MevClassified["victim"]>): Child {
  const loss = BigInt(victim.loss.amount);
  const counterfactual = BigInt(victim.counterfactualOut.amount);
  if (loss <= 0n) {
    return loss === 0n
      ? "You lost nothing to it."
      : `You are better off by ${formatTokenAmount({ ...victim.loss, amount: (-loss).toString() })}.`;
  }
  const share = counterfactual > 0n ? ` (${formatBps((loss * BPS) / counterfactual)} of it)` : "";
  return [
    "The difference: ",
    h(
      "strong",
      { class: "loss", "data-testid": "your-loss-amount", "data-amount": victim.loss.amount },
      `▼ ${formatTokenAmount(victim.loss)}`,
    ),
    `${share}, lost to the attack.`,
  ];
}

/** The latest finding against the student, told in their numbers; nothing when there is none. */
export function yourTrade(against: readonly MevClassified[]): Child {
  const finding = against.at(-1);
  const victim = finding?.victim;
  if (!finding || !victim) return null;
  const by = finding.profits[0]?.actor.label;
  return h(
    "section",
    { class: "your-trade", "aria-labelledby": "your-trade-heading", "data-testid": "your-loss" },
    h(
      "h3",
      { id: "your-trade-heading" },
      `Your trade ${ATTACK[finding.kind]} in block #${finding.block}${by ? ` by ${by}` : ""}`,
    ),
    h(
      "p",
      { class: "figure" },
      "You received ",
      h("strong", {}, formatTokenAmount(victim.actualOut)),
      ". The same trade without the attack would have given ",
      h("strong", {}, formatTokenAmount(victim.counterfactualOut)),
      ". ",
      lossSentence(victim),
    ),
    finding.victimReceipt && receiptView(finding.victimReceipt, finding.block),
    against.length > 1 &&
      h("p", { class: "muted" }, `${against.length} of your trades were targeted in this view.`),
  );
}
