/** Pending transactions as cards, in arrival order; bundles (private flow) grouped together. */
import type { TxPending } from "../../../server/events";
import { type Child, h } from "../dom";
import { gweiText, shortHash } from "../format";

function card(tx: TxPending, fresh: boolean): HTMLElement {
  return h(
    "li",
    {
      class: `tx-card source-${tx.source}${fresh ? " fresh" : ""}`,
      "data-testid": "mempool-tx",
      "data-hash": tx.hash,
    },
    h(
      "p",
      { class: "tx-head" },
      h("strong", { class: "actor" }, tx.from.label),
      h("span", { class: "badge" }, tx.source),
      h("span", { class: "tip" }, `tip ${gweiText(tx.tip)}`),
    ),
    h("p", { class: "sentence" }, tx.action.sentence),
    h("p", { class: "muted mono" }, `${shortHash(tx.hash)} · nonce ${tx.nonce} · ${tx.action.kind}`),
  );
}

export function mempoolPanel(mempool: readonly TxPending[], seen: Set<string>): Child[] {
  if (mempool.length === 0) {
    return [h("p", { class: "muted empty" }, "Empty: no transaction is waiting to be mined.")];
  }
  const fresh = (tx: TxPending) => !seen.has(tx.hash);
  const bundled = mempool.filter((tx) => tx.source === "bundle");
  const open = mempool.filter((tx) => tx.source !== "bundle");
  return [
    h("p", { class: "muted" }, `${mempool.length} waiting. Anyone can read these, including the bots.`),
    h(
      "ol",
      { class: "cards" },
      open.map((tx) => card(tx, fresh(tx))),
    ),
    bundled.length > 0 &&
      h(
        "section",
        { class: "bundle", "aria-label": "Bundle (private, not in the public mempool)" },
        h("h3", {}, "Bundle: sent privately, all or nothing"),
        h(
          "ol",
          { class: "cards" },
          bundled.map((tx) => card(tx, fresh(tx))),
        ),
      ),
  ];
}
