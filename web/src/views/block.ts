/**
 * The last mined block, its transactions in execution order with status, gas, tip and the
 * inspector's label. A sandwich's frontrun, victim and backrun are drawn inside one bracket and
 * numbered, with their role written out: never told by colour alone. A bundle's transactions sit
 * next to each other in one group tagged with its hash and sender; protected ones say "protected".
 * A transaction that took a flash loan says so, with the lender, amount and fee.
 */
import type { MevClassified, RefundPaid } from "../../../server/events";
import { type Child, h } from "../dom";
import { ethText, formatAmount, formatBps, formatTokenAmount, gweiText, shortHash } from "../format";
import type { BlockTxView, BlockView, TxLabel } from "../model/blocks";
import type { BuildView, BundleView } from "../model/builder";
import { loanBadge } from "./flashLoan";
import { youBadge } from "./mempool";
import { createReorderSection } from "./reorder";

/** One reorder section for the block view: it keeps its order and results across re-renders. */
const reorderSection = createReorderSection();

const ROLE_TEXT: Record<TxLabel["role"], string> = {
  frontrun: "① front-run",
  victim: "② victim",
  backrun: "③ back-run",
  arbitrage: "arbitrage",
  liquidation: "liquidation",
  jit: "JIT liquidity",
};

function labelBadge(label: TxLabel): HTMLElement {
  return h(
    "span",
    { class: `badge role role-${label.role}`, "data-testid": "tx-role" },
    label.kind === "sandwich"
      ? `sandwich · ${ROLE_TEXT[label.role]}`
      : label.role === "victim"
        ? `${label.kind} · victim`
        : label.kind === "backrun"
          ? "back-run"
          : ROLE_TEXT[label.role],
  );
}

/** How rows are drawn: sliding in (a new block), and whose transactions read "you". */
interface RowStyle {
  animate: boolean;
  me: string | undefined;
}

function txRow(tx: BlockTxView, { animate, me }: RowStyle): HTMLElement {
  const role = tx.labels[0]?.role;
  const mine = me !== undefined && tx.from.address.toLowerCase() === me.toLowerCase();
  return h(
    "li",
    {
      class: `block-tx${animate ? " arrived" : ""}${role ? ` role-${role}` : ""}${mine ? " mine" : ""}`,
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
      youBadge(tx.from, me),
      tx.labels.map(labelBadge),
      tx.loans.map(loanBadge),
      tx.source === "protected" &&
        h("span", { class: "badge protected", "data-testid": "tx-protected" }, "protected: sent privately"),
      h("span", { class: `badge status-${tx.status}` }, tx.status === "success" ? "✔ success" : "✘ reverted"),
    ),
    h("p", { class: "sentence" }, tx.action.sentence),
    h(
      "p",
      { class: "muted mono" },
      `gas ${formatAmount(BigInt(tx.gasUsed), 0)} · tip ${gweiText(tx.tip)} · producer earns ${formatAmount(BigInt(tx.coinbaseFee), 18, 6)} ETH${tx.coinbasePayment === "0" ? "" : ` + ${ethText(tx.coinbasePayment)} paid directly`} · ${shortHash(tx.hash)}`,
    ),
  );
}

function findingTitle(finding: MevClassified): string {
  if (finding.kind === "sandwich") {
    const attacker = finding.profits[0]?.actor.label ?? "a searcher";
    return `Sandwich: ${attacker} around ${finding.victim?.actor.label ?? "a victim"}`;
  }
  if (finding.kind === "arbitrage") return `Arbitrage by ${finding.profits[0]?.actor.label ?? "a searcher"}`;
  if (finding.kind === "jit") return `JIT liquidity by ${finding.profits[0]?.actor.label ?? "a provider"}`;
  if (finding.kind === "backrun") return `Back-run by ${finding.profits[0]?.actor.label ?? "a searcher"}`;
  return `Liquidation by ${finding.profits[0]?.actor.label ?? "a liquidator"}`;
}

/** Transactions of a finding, if they sit next to each other in the block (a bracket can hold them). */
function contiguousGroup(block: BlockView, group: number): BlockTxView[] | null {
  const members = block.txs.filter((tx) => tx.labels.some((l) => l.group === group));
  if (members.length < 2) return null;
  const first = members[0]!.index;
  return members.every((tx, i) => tx.index === first + i) ? members : null;
}

/** A finding's group as one bracket: its title, its transactions, the inspector's explanation. */
function findingGroup(finding: MevClassified, members: BlockTxView[], style: RowStyle): HTMLElement {
  return h(
    "li",
    { class: `mev-group kind-${finding.kind}`, "data-testid": "mev-group", "data-kind": finding.kind },
    inspectorLabel(finding),
    h(
      "ol",
      { class: "group-txs", "aria-label": findingTitle(finding) },
      members.map((m) => txRow(m, style)),
    ),
  );
}

/** The inspector's label over its bracket; its full sentence folds under it (MEV found has the figures). */
function inspectorLabel(finding: MevClassified): HTMLElement {
  return h(
    "details",
    { class: "reading" },
    h(
      "summary",
      { class: "group-title", "data-testid": "inspector-label" },
      h("span", { class: "badge kind" }, `Inspector: ${finding.kind}`),
      findingTitle(finding),
    ),
    h("p", { class: "explanation" }, finding.explanation),
  );
}

/** The run of consecutive transactions from `start` that came in the same bundle as it. */
function bundleRun(block: BlockView, start: number): BlockTxView[] {
  const bundle = block.txs[start]!.bundle;
  const run: BlockTxView[] = [];
  for (let i = start; i < block.txs.length && block.txs[i]!.bundle === bundle; i++) run.push(block.txs[i]!);
  return run;
}

/** A bundle's transactions in one shared border, with what the inspector found among them. */
function bundleGroup(
  hash: string,
  members: BlockTxView[],
  bundle: BundleView | undefined,
  findings: MevClassified[],
  style: RowStyle,
): HTMLElement {
  const paid = members.reduce((sum, tx) => sum + BigInt(tx.coinbaseFee) + BigInt(tx.coinbasePayment), 0n);
  return h(
    "li",
    { class: "bundle-group", "data-testid": "block-bundle", "data-hash": hash },
    h(
      "p",
      { class: "group-title" },
      h("span", { class: "badge private-tag" }, `bundle ${shortHash(hash)} · private`),
      ` ${bundle?.origin ?? "a sender"}: ${members.length} transaction${members.length === 1 ? "" : "s"}, all or nothing, paid ${ethText(paid.toString())}`,
    ),
    findings.map(inspectorLabel),
    h(
      "ol",
      { class: "group-txs", "aria-label": `Bundle ${shortHash(hash)}` },
      members.map((m) => txRow(m, style)),
    ),
  );
}

/** A MEV-Share refund: who the builder paid back, how much, and of what. */
function refundLine(block: BlockView, refund: RefundPaid): HTMLElement {
  const position = block.txs.findIndex((tx) => tx.hash === refund.refundTx) + 1;
  return h(
    "p",
    { class: "refund", "data-testid": "mev-share-refund", "data-amount": refund.amount },
    h("span", { class: "badge refund-tag" }, "MEV-Share refund"),
    ` ${refund.user.label} got `,
    h("strong", {}, ethText(refund.amount)),
    ` back (#${position}): ${formatBps(BigInt(refund.shareBps))} of the ${ethText(refund.searcherPayment)} ${refund.searcher.label}'s back-run paid the builder.`,
  );
}

function buildSummary(build: BuildView): HTMLElement {
  const included = build.bundles.filter((b) => b.outcome === "included").length;
  const dropped = build.bundles.length - included;
  const parts = [
    `Builder: ${included} bundle${included === 1 ? "" : "s"} on top`,
    dropped > 0 && `${dropped} dropped`,
    build.protectedTxs.length > 0 && `${build.protectedTxs.length} protected`,
    `then public transactions by tip (ordering: ${build.ordering})`,
  ].filter(Boolean);
  return h("p", { class: "muted", "data-testid": "build-summary" }, `${parts.join(" · ")}.`);
}

export function blockPanel(
  block: BlockView | null,
  animate: boolean,
  context: { bundles?: readonly BundleView[]; build?: BuildView; me?: string } = {},
): Child[] {
  const style: RowStyle = { animate, me: context.me };
  if (!block) return [h("p", { class: "muted empty" }, "No block mined in this run yet.")];
  const rows: Child[] = [];
  const drawn = new Set<string>();
  const shown = new Set<number>();
  const inBundle = (group: number) =>
    block.txs.some((tx) => tx.bundle !== null && tx.labels.some((l) => l.group === group));
  block.txs.forEach((tx, i) => {
    if (drawn.has(tx.hash)) return;
    if (tx.bundle !== null) {
      const members = bundleRun(block, i);
      for (const m of members) drawn.add(m.hash);
      const hashes = new Set(members.map((m) => m.hash));
      // Findings wholly inside the bundle are told inside its border.
      const inside = block.mev
        .map((finding, group) => ({ finding, group }))
        .filter(({ finding, group }) => !shown.has(group) && finding.txs.every((h) => hashes.has(h)));
      for (const { group } of inside) shown.add(group);
      const bundle = context.bundles?.find((b) => b.hash.toLowerCase() === tx.bundle!.toLowerCase());
      rows.push(
        bundleGroup(
          tx.bundle,
          members,
          bundle,
          inside.map((x) => x.finding),
          style,
        ),
      );
      return;
    }
    const group = tx.labels[0]?.group;
    const members = group === undefined || inBundle(group) ? null : contiguousGroup(block, group);
    if (group !== undefined && members) {
      for (const m of members) drawn.add(m.hash);
      shown.add(group);
      rows.push(findingGroup(block.mev[group]!, members, style));
      return;
    }
    drawn.add(tx.hash);
    rows.push(txRow(tx, style));
  });
  const loose = block.mev.filter((_, group) => !shown.has(group));
  return [
    h(
      "p",
      { class: "block-head" },
      h("strong", { "data-testid": "block-number" }, `Block #${block.number}`),
      ` · ${block.txs.length} transaction${block.txs.length === 1 ? "" : "s"} · base fee ${gweiText(block.baseFeePerGas)} · producer's take ${formatTokenAmount(block.coinbaseTake)}`,
    ),
    context.build && buildSummary(context.build),
    block.refunds.map((refund) => refundLine(block, refund)),
    block.txs.length === 0
      ? h("p", { class: "muted empty" }, "An empty block.")
      : h(
          "ol",
          {
            class: `block-txs${block.txs.length === 1 ? " single" : ""}`,
            "aria-label": `Transactions of block ${block.number}, in execution order`,
          },
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
    reorderSection(block),
  ];
}
