/**
 * What would have saved the victim: each mitigation re-executed by the server on the same pre-trade
 * state (GET /api/mev/blocks/:n/mitigations), asked for when the learner clicks, never estimated here.
 */
import type { Mitigation, VictimMitigations } from "../../../server/control/mitigations";
import { getMitigations } from "../api";
import { type Child, h } from "../dom";
import { changeText, direction, formatTokenAmount } from "../format";

const TITLES: Record<Mitigation["kind"], string> = {
  "tight-slippage": "A tight slippage limit",
  protected: "The protected path",
  split: "Split into 4",
};

/** "the searcher declined", "attacked 2 of 4 parts": what the searcher did, when it was asked. */
function attackText(m: Mitigation): string {
  const asked = m.blocks.filter((b) => b.attacked !== null);
  if (asked.length === 0) return "no searcher sees it";
  const attacked = asked.filter((b) => b.attacked).length;
  if (asked.length === 1) return attacked ? "the searcher still attacks" : "the searcher declines";
  return `the searcher attacks ${attacked} of ${asked.length} parts`;
}

function item(m: Mitigation): Child {
  const reverted = m.blocks.some((b) => b.status === "reverted");
  return h(
    "li",
    { "data-testid": "mitigation", "data-kind": m.kind, "data-amount": m.amountOut.amount },
    h("strong", {}, `${TITLES[m.kind]}: `),
    `${formatTokenAmount(m.amountOut)} (`,
    h("span", { class: `change ${direction(m.versusActual.amount)}` }, changeText(m.versusActual)),
    ` against what it got; ${attackText(m)}${reverted ? "; a swap reverted, its input kept" : ""}).`,
    h("span", { class: "muted" }, ` ${m.description}.`),
  );
}

function listOf(victim: VictimMitigations | undefined): Child {
  if (!victim) return h("p", { class: "muted" }, "No victim to re-execute in this block.");
  if (victim.unavailable) return h("p", { class: "muted" }, `Not re-executed: ${victim.unavailable}.`);
  return h("ul", { class: "mitigations" }, victim.mitigations.map(item));
}

/** A button that asks the server to re-execute the mitigations of `tx` in `block`, and their figures. */
export function mitigationsView(block: number, tx: string): HTMLElement {
  const out = h("div", { "data-testid": "mitigations", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "secondary" }, "What would have saved it?");
  button.addEventListener("click", () => {
    button.disabled = true;
    out.replaceChildren(h("p", { class: "muted" }, "Re-executing on the state before the block…"));
    getMitigations(block)
      .then((report) => out.replaceChildren(listOf(report.victims.find((v) => v.tx === tx)) as Node))
      .catch((error: Error) => {
        button.disabled = false;
        out.replaceChildren(h("p", { class: "error" }, error.message));
      });
  });
  return h("div", { class: "victim-mitigations" }, button, out);
}
