/**
 * Who won and who lost: every finding of the run with its profit, a sandwich's victim against the
 * counterfactual (the same trade on the state before the attack), and each actor's balances and
 * profit and loss, updated every block.
 */
import type { ActorBalances, ActorPnl, MevClassified } from "../../../server/events";
import { type Child, h } from "../dom";
import { changeText, direction, formatTokenAmount, usdText } from "../format";
import { type BlocksSlice, findings } from "../model/blocks";
import type { OutcomeSlice } from "../model/outcome";
import type { RunSlice } from "../model/run";
import { receiptView } from "./receipt";

function finding(item: MevClassified): HTMLElement {
  const victim = item.victim;
  return h(
    "li",
    { class: `finding kind-${item.kind}`, "data-testid": "finding", "data-kind": item.kind },
    h("p", {}, h("span", { class: "badge kind" }, item.kind), ` block #${item.block}`),
    item.profits.map((p) =>
      h(
        "p",
        { class: "figure" },
        `${p.actor.label}'s profit: `,
        h(
          "strong",
          {
            class: direction(p.profit.amount),
            "data-testid": "searcher-profit",
            "data-actor": p.actor.label,
            "data-amount": p.profit.amount,
          },
          changeText(p.profit),
        ),
      ),
    ),
    victim && victimLine(victim),
    item.victimReceipt && receiptView(item.victimReceipt, item.block),
  );
}

type Victim = NonNullable<MevClassified["victim"]>;

/**
 * What the targeted trader got against the same trade without the searcher: a loss (sandwich), or
 * no loss at all (a back-run leaves the trade alone; JIT liquidity deepens the pool, so it gains).
 */
function victimLine(victim: Victim): Child {
  const loss = BigInt(victim.loss.amount);
  const outcome = loss > 0n ? "lost " : loss < 0n ? "better off by " : "no worse off: ";
  return h(
    "p",
    { class: "figure" },
    `${victim.actor.label} received ${formatTokenAmount(victim.actualOut)} instead of ${formatTokenAmount(victim.counterfactualOut)} without the searcher: ${outcome}`,
    h(
      "strong",
      {
        class: loss > 0n ? "loss" : "gain",
        "data-testid": "victim-loss",
        "data-actor": victim.actor.label,
        "data-amount": victim.loss.amount,
      },
      formatTokenAmount({ ...victim.loss, amount: (loss < 0n ? -loss : loss).toString() }),
    ),
  );
}

export function findingsPanel(state: BlocksSlice): Child[] {
  const all = findings(state);
  if (all.length === 0)
    return [h("p", { class: "muted empty" }, "No MEV found in this run's blocks so far.")];
  return [h("ul", { class: "findings" }, all.map(finding))];
}

function changes(list: readonly { amount: string; symbol: string; decimals: number }[]): Child {
  const moved = list.filter((c) => c.amount !== "0");
  if (moved.length === 0) return h("span", { class: "muted" }, "unchanged");
  return moved.map((c) =>
    h(
      "span",
      { class: `change ${direction(c.amount)}` },
      direction(c.amount) === "gain" ? "▲ " : "▼ ",
      changeText(c, 4),
    ),
  );
}

function holdings(actor: ActorBalances): Child {
  const held = actor.balances.filter((b) => b.amount !== "0");
  return held.map((b) => h("span", { class: "holding" }, formatTokenAmount(b, 2)));
}

/** "= +$372.19 at oracle prices, +$1,459.20 at DEX A's prices": both valuations where they differ. */
export function pnlText(total: ActorPnl, dex: string): string {
  const oracle = `= ${usdText(total.valueUsd)} at oracle prices`;
  const atDex = usdText(total.valueUsdDex);
  return atDex === usdText(total.valueUsd) ? oracle : `${oracle}, ${atDex} at ${dex}'s prices`;
}

/** Actors whose holdings moved in this run come first; the others are listed by name below. */
export function actorsPanel(state: OutcomeSlice & Pick<RunSlice, "run">): Child[] {
  if (state.actors.length === 0)
    return [h("p", { class: "muted empty" }, "Balances appear after the first block.")];
  const summary = new Map<string, ActorPnl>((state.run?.summary?.pnl ?? []).map((p) => [p.actor, p]));
  const moved = state.actors.filter((a) => a.pnl.some((p) => p.amount !== "0"));
  const still = state.actors.filter((a) => !moved.includes(a));
  return [
    h("p", { class: "muted" }, `After block #${state.actorsBlock}. Change since the run started:`),
    h(
      "table",
      { class: "actors" },
      h("caption", { class: "visually-hidden" }, "Profit and loss and balances per actor"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "actor"),
          h("th", { scope: "col" }, "profit / loss, then holdings"),
        ),
      ),
      h(
        "tbody",
        {},
        moved.map((a) => {
          const total = summary.get(a.actor);
          return h(
            "tr",
            { "data-testid": "actor-row", "data-actor": a.actor },
            h("th", { scope: "row" }, a.actor),
            h(
              "td",
              {},
              changes(a.pnl),
              total &&
                h(
                  "span",
                  { class: `change total ${direction(total.valueUsd)}`, "data-testid": "actor-pnl-usd" },
                  pnlText(total, state.run?.summary?.valuation.dex ?? "the DEX"),
                ),
              h(
                "span",
                { class: "holdings" },
                h("span", { class: "visually-hidden" }, "holds "),
                holdings(a),
              ),
            ),
          );
        }),
      ),
    ),
    still.length > 0 && h("p", { class: "muted" }, `Unchanged: ${still.map((a) => a.actor).join(", ")}.`),
  ];
}
