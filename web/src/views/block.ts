/**
 * The last mined block, its transactions in execution order with status, gas, tip and the
 * inspector's label. A sandwich's frontrun, victim and backrun are drawn inside one bracket and
 * numbered, with their role written out: never told by colour alone.
 */
import type { MevClassified } from "../../../server/events";
import { type Child, h } from "../dom";
import { amountText, formatAmount, gweiText, shortHash } from "../format";
import type { BlockTxView, BlockView, TxLabel } from "../state";

const ROLE_TEXT: Record<TxLabel["role"], string> = {
  frontrun: "① front-run",
  victim: "② victim",
  backrun: "③ back-run",
  arbitrage: "arbitrage",
  liquidation: "liquidation",
};

function labelBadge(label: TxLabel): HTMLElement {
  return h(
    "span",
    { class: `badge role role-${label.role}`, "data-testid": "tx-role" },
    label.kind === "sandwich" ? `sandwich · ${ROLE_TEXT[label.role]}` : ROLE_TEXT[label.role],
  );
}

function txRow(tx: BlockTxView, animate: boolean): HTMLElement {
  const role = tx.labels[0]?.role;
  return h(
    "li",
    {
      class: `block-tx${animate ? " arrived" : ""}${role ? ` role-${role}` : ""}`,
      "data-testid": "block-tx",
      "data-hash": tx.hash,
      "data-role": role ?? "",
      "data-status": tx.status,
    },
    h(
      "p",
      { class: "tx-head" },
      h("span", { class: "position", "aria-label": `position ${tx.index + 1}` }, `#${tx.index + 1}`),
      h("strong", { class: "actor" }, tx.from.label),
      tx.labels.map(labelBadge),
      h("span", { class: `badge status-${tx.status}` }, tx.status === "success" ? "✔ success" : "✘ reverted"),
    ),
    h("p", { class: "sentence" }, tx.action.sentence),
    h(
      "p",
      { class: "muted mono" },
      `gas ${formatAmount(BigInt(tx.gasUsed), 0)} · tip ${gweiText(tx.tip)} · producer earns ${formatAmount(BigInt(tx.coinbaseFee), 18, 6)} ETH · ${shortHash(tx.hash)}`,
    ),
  );
}

function findingTitle(finding: MevClassified): string {
  if (finding.kind === "sandwich") {
    const attacker = finding.profits[0]?.actor.label ?? "a searcher";
    return `Sandwich: ${attacker} around ${finding.victim?.actor.label ?? "a victim"}`;
  }
  if (finding.kind === "arbitrage") return `Arbitrage by ${finding.profits[0]?.actor.label ?? "a searcher"}`;
  return `Liquidation by ${finding.profits[0]?.actor.label ?? "a liquidator"}`;
}

/** Transactions of a finding, if they sit next to each other in the block (a bracket can hold them). */
function contiguousGroup(block: BlockView, group: number): BlockTxView[] | null {
  const members = block.txs.filter((tx) => tx.labels.some((l) => l.group === group));
  if (members.length < 2) return null;
  const first = members[0]!.index;
  return members.every((tx, i) => tx.index === first + i) ? members : null;
}

export function blockPanel(block: BlockView | null, animate: boolean): Child[] {
  if (!block) return [h("p", { class: "muted empty" }, "No block mined in this run yet.")];
  const rows: Child[] = [];
  const drawn = new Set<string>();
  for (const tx of block.txs) {
    if (drawn.has(tx.hash)) continue;
    const group = tx.labels[0]?.group;
    const members = group === undefined ? null : contiguousGroup(block, group);
    if (group !== undefined && members) {
      const finding = block.mev[group]!;
      for (const m of members) drawn.add(m.hash);
      rows.push(
        h(
          "li",
          { class: `mev-group kind-${finding.kind}`, "data-testid": "mev-group", "data-kind": finding.kind },
          h(
            "p",
            { class: "group-title", "data-testid": "inspector-label" },
            h("span", { class: "badge kind" }, `Inspector: ${finding.kind}`),
            findingTitle(finding),
          ),
          h(
            "ol",
            { class: "group-txs", "aria-label": findingTitle(finding) },
            members.map((m) => txRow(m, animate)),
          ),
          h("p", { class: "explanation" }, finding.explanation),
        ),
      );
      continue;
    }
    drawn.add(tx.hash);
    rows.push(txRow(tx, animate));
  }
  const loose = block.mev.filter((_, group) => !contiguousGroup(block, group));
  return [
    h(
      "p",
      { class: "block-head" },
      h("strong", { "data-testid": "block-number" }, `Block #${block.number}`),
      ` · ${block.txs.length} transaction${block.txs.length === 1 ? "" : "s"} · base fee ${gweiText(block.baseFeePerGas)} · producer's take ${amountText(block.coinbaseTake)}`,
    ),
    block.txs.length === 0
      ? h("p", { class: "muted empty" }, "An empty block.")
      : h(
          "ol",
          { class: "block-txs", "aria-label": `Transactions of block ${block.number}, in execution order` },
          rows,
        ),
    loose.map((finding) =>
      h(
        "p",
        { class: "explanation", "data-testid": "inspector-label" },
        h("span", { class: "badge kind" }, `Inspector: ${finding.kind}`),
        finding.explanation,
      ),
    ),
    block.mev.length === 0 &&
      block.txs.length > 0 &&
      h("p", { class: "muted" }, "The inspector found no MEV in this block."),
  ];
}
