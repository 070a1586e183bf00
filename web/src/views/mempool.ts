/**
 * Pending transactions as cards, in arrival order: the public mempool that anyone (the bots too)
 * can read. Below it, the bundles waiting for their block, each drawn as one linked group with a
 * "private" tag: only the builder sees them.
 */
import type { BundleTx, TxPending } from "../../../server/events";
import { type Child, h } from "../dom";
import { gweiText, shortHash } from "../format";
import type { BundleView } from "../model/builder";
import { paymentText } from "./builder";

type CardTx = Pick<TxPending, "hash" | "from" | "nonce" | "tip" | "action"> & { replaces?: string | null };

/** The student using the page: their transactions read "you", and others' swaps can be back-run. */
export interface MempoolYou {
  address: string;
  backrun(tx: TxPending): void;
}

/** A "you" mark for the student's own transactions: a word, not only a colour. */
export function youBadge(from: { address: string }, me: string | undefined): Child {
  const mine = me !== undefined && from.address.toLowerCase() === me.toLowerCase();
  return mine && h("span", { class: "badge you", "data-testid": "you" }, "you");
}

/** "Back-run this" on someone else's public swap. */
function backrunAction(tx: TxPending, you: MempoolYou | undefined): Child {
  if (!you || tx.from.address.toLowerCase() === you.address.toLowerCase()) return null;
  if (!tx.action.kind.startsWith("swap")) return null;
  return h(
    "button",
    { type: "button", class: "small", "data-testid": "backrun-this", onclick: () => you.backrun(tx) },
    "Back-run this",
  );
}

function card(tx: CardTx, source: string, fresh: boolean, you?: MempoolYou, action?: Child): HTMLElement {
  const mine = you !== undefined && tx.from.address.toLowerCase() === you.address.toLowerCase();
  return h(
    "li",
    {
      class: `tx-card source-${source}${fresh ? " fresh" : ""}${mine ? " mine" : ""}`,
      "data-testid": source === "bundle" ? "bundle-pending-tx" : "mempool-tx",
      "data-hash": tx.hash,
    },
    h(
      "p",
      { class: "tx-head" },
      h("strong", { class: "actor" }, tx.from.label),
      youBadge(tx.from, you?.address),
      h("span", { class: "badge" }, source),
      h("span", { class: "tip" }, `tip ${gweiText(tx.tip)}`),
    ),
    h("p", { class: "sentence" }, tx.action.sentence),
    h(
      "p",
      { class: "muted mono" },
      `${shortHash(tx.hash)} · nonce ${tx.nonce} · ${tx.action.kind}${tx.replaces ? ` · replaces ${shortHash(tx.replaces)} (higher tip)` : ""}`,
    ),
    action,
  );
}

function bundleGroup(bundle: BundleView, fresh: (tx: BundleTx) => boolean, you?: MempoolYou): HTMLElement {
  return h(
    "li",
    {
      class: "bundle-group private",
      "data-testid": "mempool-bundle",
      "data-hash": bundle.hash,
      "aria-label": `Bundle ${shortHash(bundle.hash)} from ${bundle.origin}, private: seen only by the builder`,
    },
    h(
      "p",
      { class: "group-title" },
      h("span", { class: "badge private-tag" }, `bundle ${shortHash(bundle.hash)} · private`),
      ` ${bundle.origin} → block #${bundle.targetBlock}, all or nothing`,
    ),
    h(
      "ol",
      { class: "cards group-txs" },
      bundle.txs.map((tx) => card(tx, "bundle", fresh(tx), you)),
    ),
    h("p", { class: "muted" }, paymentText(bundle)),
  );
}

export function mempoolPanel(
  mempool: readonly TxPending[],
  seen: Set<string>,
  bundles: readonly BundleView[] = [],
  you?: MempoolYou,
): Child[] {
  if (mempool.length === 0 && bundles.length === 0) {
    return [h("p", { class: "muted empty" }, "Empty: no transaction is waiting to be mined.")];
  }
  const fresh = (tx: { hash: string }) => !seen.has(tx.hash);
  return [
    mempool.length === 0
      ? h("p", { class: "muted empty" }, "The public mempool is empty.")
      : [
          h("p", { class: "muted" }, `${mempool.length} waiting. Anyone can read these, including the bots.`),
          h(
            "ol",
            { class: "cards" },
            mempool.map((tx) => card(tx, tx.source, fresh(tx), you, backrunAction(tx, you))),
          ),
        ],
    bundles.length > 0 &&
      h(
        "section",
        { class: "private-flow", "aria-label": "Bundles: private, seen only by the builder" },
        h("h3", {}, `Seen only by the builder: ${bundles.length} bundle${bundles.length === 1 ? "" : "s"}`),
        h("p", { class: "muted" }, "Bots watching the mempool cannot see these."),
        h(
          "ol",
          { class: "bundle-groups" },
          bundles.map((b) => bundleGroup(b, fresh, you)),
        ),
      ),
  ];
}
