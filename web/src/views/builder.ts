/**
 * The builder's panel: every bundle it received (only it saw them before their block), what each
 * offers or paid the block producer, and what became of it: waiting, included at a position,
 * dropped with the builder's reason, cancelled or replaced. Status is written out, never colour alone.
 */
import type { BundleDropReason, BundleTx } from "../../../server/events";
import { type Child, h } from "../dom";
import { ethText, gweiText, shortHash } from "../format";
import type { BlocksSlice } from "../model/blocks";
import { type BuilderSlice, type BundleStatus, type BundleView, buildOf } from "../model/builder";

const DROP_TEXT: Record<BundleDropReason, string> = {
  reverted: "a transaction reverts",
  conflict: "a bundle placed before it took the state it needed",
  "invalid-nonce": "a nonce is wrong",
  "too-late": "its block had passed",
  timestamp: "outside its time window",
  unprofitable: "pays the builder nothing",
};

/** A text in parts: strings show on the bundle's closed line, `{ more }` parts once it is opened. */
type Parts = (string | { more: string })[];

const joined = (parts: Parts) => parts.map((p) => (typeof p === "string" ? p : p.more)).join("");

/** The status: what happened on the closed line; where and why once opened. */
function statusParts(status: BundleStatus): Parts {
  switch (status.kind) {
    case "pending":
      return ["◌ pending", { more: ": waiting for its block" }];
    case "included":
      return status.position === null
        ? ["✔ included", { more: ` in block #${status.block}` }]
        : [`✔ included at #${status.position + 1}`, { more: ` of block #${status.block}` }];
    case "dropped":
      return [
        "✘ dropped",
        { more: ` from block #${status.block}` },
        `: ${status.reason}`,
        { more: ` (${DROP_TEXT[status.reason]})` },
      ];
    case "cancelled":
      return ["⊘ cancelled by its sender"];
    case "replaced":
      return [`↻ replaced by bundle ${shortHash(status.by)}`];
  }
}

/** The status as a learner reads it: "✔ included at #1 of block #12", "✘ dropped: conflict …". */
export function statusText(status: BundleStatus): string {
  return joined(statusParts(status));
}

/** What the bundle pays the builder: the amount on the closed line, how it is known once opened. */
function paymentParts(bundle: BundleView): Parts {
  if (bundle.paid !== null)
    return [
      `paid ${ethText(bundle.paid)}`,
      { more: " to the builder (priority fees + direct payments, on chain)" },
    ];
  if (bundle.simulated) {
    return [
      `offered ${ethText(bundle.simulated.coinbaseDiff)}`,
      { more: ` (simulated at the top of the block: ${gweiText(bundle.simulated.bundleGasPrice)} per gas)` },
    ];
  }
  const tips = bundle.txs.filter((tx) => tx.tip !== "0");
  const tipText =
    tips.length === 0 ? "" : ` plus tips of ${tips.map((tx) => gweiText(tx.tip)).join(", ")} per gas`;
  return [`offers ${ethText(bundle.payments)} directly`, { more: tipText }];
}

/** What the bundle pays the builder: on chain once included, else as simulated, else as sent. */
export function paymentText(bundle: BundleView): string {
  return joined(paymentParts(bundle));
}

/** The parts as nodes: the `more` ones show only once the bundle's line is opened. */
function withDetail(parts: Parts): Child[] {
  return parts.map((p) => (typeof p === "string" ? p : p.more && h("span", { class: "when-open" }, p.more)));
}

function bundleTx(tx: BundleTx, i: number): HTMLElement {
  const extras = [
    tx.tip !== "0" && `tip ${gweiText(tx.tip)}`,
    tx.coinbasePayment !== "0" && `pays the builder ${ethText(tx.coinbasePayment)}`,
    tx.mayRevert && "may revert",
  ].filter(Boolean);
  return h(
    "li",
    { class: "bundle-tx", "data-testid": "bundle-tx", "data-hash": tx.hash },
    // The sentence names the sender: "rival swaps 20 WETH for …".
    h("p", {}, h("span", { class: "position" }, `${i + 1}.`), " ", tx.action.sentence),
    h("p", { class: "muted mono" }, [shortHash(tx.hash), `nonce ${tx.nonce}`, ...extras].join(" · ")),
  );
}

/** A bundle on one line (sender, hash, status, payment); its reason, target and transactions fold. */
function bundleCard(bundle: BundleView): HTMLElement {
  const { status } = bundle;
  return h(
    "li",
    {
      class: `bundle-card status-${status.kind}`,
      "data-testid": "bundle",
      "data-hash": bundle.hash,
      "data-status": status.kind,
      "data-reason": status.kind === "dropped" ? status.reason : "",
    },
    h(
      "details",
      { class: "bundle-more" },
      h(
        "summary",
        { class: "tx-head" },
        h("strong", { class: "actor" }, bundle.origin),
        h(
          "span",
          { class: `bundle-status status-${status.kind}`, "data-testid": "bundle-status" },
          withDetail(statusParts(status)),
        ),
        h("span", { class: "payment", "data-testid": "bundle-payment" }, withDetail(paymentParts(bundle))),
      ),
      h("p", { class: "muted" }, `Bundle ${shortHash(bundle.hash)}, sent for block #${bundle.targetBlock}.`),
      (status.kind === "included" || status.kind === "dropped") &&
        h(
          "p",
          { class: "explanation", "data-testid": "bundle-explanation" },
          `Builder: ${status.explanation}.`,
        ),
      bundle.replaces && h("p", { class: "muted" }, `It replaces bundle ${shortHash(bundle.replaces)}.`),
      bundle.txs.length > 0
        ? h(
            "ol",
            { class: "bundle-txs", "aria-label": `Transactions of bundle ${shortHash(bundle.hash)}` },
            bundle.txs.map(bundleTx),
          )
        : h("p", { class: "muted" }, "Received before this view started: its transactions were not shown."),
    ),
  );
}

export function builderPanel(state: BuilderSlice & BlocksSlice): Child[] {
  if (state.bundles.length === 0) {
    return [
      h(
        "p",
        { class: "muted empty" },
        "No bundle in this run: the builder ordered the protected transactions with the public ones, by tip.",
      ),
    ];
  }
  const latest = state.builds[state.builds.length - 1];
  const included = state.bundles.filter((b) => b.status.kind === "included").length;
  const dropped = state.bundles.filter((b) => b.status.kind === "dropped").length;
  const lastBlock = state.blocks[state.blocks.length - 1];
  const lastBuild = lastBlock ? buildOf(state, lastBlock.number) : undefined;
  return [
    h(
      "p",
      { class: "muted" },
      `${state.bundles.length} bundle${state.bundles.length === 1 ? "" : "s"} (${included} included, ${dropped} dropped), newest first`,
      latest && ` · by ${latest.ordering === "gas-price" ? "payment per gas" : "total payment"}`,
      lastBuild && ` · block #${lastBuild.block}: then ${lastBuild.publicTxs} public by tip`,
      ".",
    ),
    h("ol", { class: "bundles" }, [...state.bundles].reverse().map(bundleCard)),
  ];
}
