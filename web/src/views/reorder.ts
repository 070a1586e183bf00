/**
 * Reorder the block: drag the block's transactions (or move them with the ↑ ↓ buttons) into another
 * order, replay it on the server (on a fork: the chain does not change), and read everyone's gains
 * and losses for that order beside the real order's. Kept in a closed disclosure until asked for.
 */
import "../styles/reorder.css";
import { ApiError, getWorld, type ReorderResult, reorderBlock } from "../api";
import { h } from "../dom";
import { changeText, shortHash } from "../format";
import type { BlockTxView, BlockView } from "../model/blocks";

/** The server replays blocks of at most this many transactions (server/control/reorder.ts). */
const MAX_TRANSACTIONS = 50;

interface State {
  block: BlockView;
  order: string[];
  real: ReorderResult | null;
  mine: ReorderResult | null;
  busy: boolean;
  message: string;
}

/** "+1.5 WETH · −3,000 USDC", or "no change". */
function changesText(changes: Record<string, string> | undefined, decimals: Map<string, number>): string {
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0) return "no change";
  return entries
    .map(([symbol, amount]) =>
      decimals.has(symbol)
        ? changeText({ amount, symbol, decimals: decimals.get(symbol)! })
        : `${amount} ${symbol} (base units)`,
    )
    .join(" · ");
}

function resultTable(
  caption: string,
  result: ReorderResult | null,
  names: readonly string[],
  decimals: Map<string, number>,
  compareTo?: ReorderResult | null,
): HTMLElement {
  const reverted = result?.transactions.filter((tx) => tx.status === "reverted") ?? [];
  return h(
    "table",
    { class: "reorder-table", "data-testid": caption === "Real order" ? "reorder-real" : "reorder-mine" },
    h(
      "caption",
      {},
      caption,
      reverted.length > 0 &&
        ` (${reverted.map((tx) => `${tx.from}'s ${shortHash(tx.hash)}`).join(", ")} reverted)`,
    ),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "who"), h("th", { scope: "col" }, "gains and losses")),
    ),
    h(
      "tbody",
      {},
      names.map((name) => {
        const text = result ? changesText(result.balanceChanges[name], decimals) : "…";
        const other = compareTo ? changesText(compareTo.balanceChanges[name], decimals) : text;
        return h(
          "tr",
          { class: other !== text ? "differs" : "" },
          h("th", { scope: "row" }, name),
          h(
            "td",
            { class: "mono" },
            text,
            other !== text && h("span", { class: "visually-hidden" }, " (differs from the real order)"),
          ),
        );
      }),
    ),
  );
}

/** A stateful section for the block view: keeps its order and results while the page re-renders. */
export function createReorderSection(): (block: BlockView | null) => HTMLElement | null {
  let state: State | null = null;
  let decimals = new Map<string, number>([["ETH", 18]]);
  const root = h("details", { class: "reorder", "data-testid": "reorder" });
  const body = h("div", { class: "reorder-body" });
  root.append(h("summary", {}, "Reorder this block: who gains, who loses in another order?"), body);
  root.addEventListener("toggle", () => {
    if (root.open && state && !state.real && !state.busy) void replay(true);
  });

  const txOf = (hash: string): BlockTxView => state!.block.txs.find((tx) => tx.hash === hash)!;

  async function replay(real: boolean): Promise<void> {
    if (!state) return;
    const current = state;
    current.busy = true;
    current.message = real ? "Replaying the real order…" : "Replaying your order…";
    draw();
    try {
      if (decimals.size === 1) {
        const world = await getWorld();
        decimals = new Map([
          ["ETH", 18],
          ...world.tokens.map((t): [string, number] => [t.symbol, t.decimals]),
        ]);
      }
      const order = real ? current.block.txs.map((tx) => tx.hash) : current.order;
      const result = await reorderBlock(current.block.number, order);
      if (real) current.real = result;
      else current.mine = result;
      current.message = real ? "" : "Your order replayed on a copy of the chain before this block.";
    } catch (error) {
      current.message =
        error instanceof ApiError ? error.message : `The replay failed: ${(error as Error).message}`;
    } finally {
      current.busy = false;
      if (state === current) draw();
    }
  }

  function move(from: number, to: number, focus?: "up" | "down"): void {
    if (!state || to < 0 || to >= state.order.length || from === to) return;
    const [hash] = state.order.splice(from, 1);
    state.order.splice(to, 0, hash!);
    state.mine = null;
    state.message = "Order changed: replay it to see what everyone gets.";
    draw();
    if (focus) body.querySelector<HTMLButtonElement>(`li[data-hash="${hash}"] button.move-${focus}`)?.focus();
  }

  function row(hash: string, index: number): HTMLElement {
    const tx = txOf(hash);
    const count = state!.order.length;
    const item = h(
      "li",
      { class: "reorder-tx", draggable: "true", "data-hash": hash, "data-testid": "reorder-tx" },
      h("span", { class: "position" }, `${index + 1}.`),
      h("strong", {}, tx.from.label),
      h("span", { class: "sentence" }, tx.action.sentence),
      h(
        "button",
        {
          type: "button",
          class: "move-up",
          "aria-label": `Move ${tx.from.label}'s transaction ${shortHash(hash)} up`,
          disabled: index === 0,
          onclick: () => move(index, index - 1, "up"),
        },
        "↑",
      ),
      h(
        "button",
        {
          type: "button",
          class: "move-down",
          "aria-label": `Move ${tx.from.label}'s transaction ${shortHash(hash)} down`,
          disabled: index === count - 1,
          onclick: () => move(index, index + 1, "down"),
        },
        "↓",
      ),
    );
    item.addEventListener("dragstart", (event) => {
      event.dataTransfer?.setData("text/plain", String(index));
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", () => item.classList.remove("dragging"));
    item.addEventListener("dragover", (event) => event.preventDefault());
    item.addEventListener("drop", (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer?.getData("text/plain"));
      if (Number.isInteger(from)) move(from, index);
    });
    return item;
  }

  function draw(): void {
    if (!state) return;
    const { order, real, mine, busy, message, block } = state;
    const isReal = order.every((hash, i) => hash === block.txs[i]!.hash);
    const names = [
      ...new Set([...Object.keys(real?.balanceChanges ?? {}), ...Object.keys(mine?.balanceChanges ?? {})]),
    ];
    body.replaceChildren(
      h(
        "p",
        { class: "muted" },
        "Drag a transaction, or move it with ↑ ↓, then replay. A sender's own transactions keep their nonce order.",
      ),
      h("ol", { class: "reorder-list", "aria-label": `Block ${block.number} in your order` }, order.map(row)),
      h(
        "p",
        { class: "reorder-actions" },
        h(
          "button",
          { type: "button", disabled: busy || isReal, onclick: () => void replay(false) },
          "Replay this order",
        ),
        h(
          "button",
          {
            type: "button",
            disabled: busy || isReal,
            onclick: () => {
              state!.order = block.txs.map((tx) => tx.hash);
              state!.mine = null;
              state!.message = "";
              draw();
            },
          },
          "Back to the real order",
        ),
      ),
      h(
        "p",
        { class: "muted", role: "status", "aria-live": "polite", "data-testid": "reorder-status" },
        message,
      ),
      h(
        "div",
        { class: "reorder-results" },
        resultTable("Real order", real, names, decimals),
        mine && resultTable("Your order", mine, names, decimals, real),
      ),
    );
  }

  return (block) => {
    if (!block || block.txs.length < 2 || block.txs.length > MAX_TRANSACTIONS) return null;
    if (state?.block.hash !== block.hash) {
      state = {
        block,
        order: block.txs.map((tx) => tx.hash),
        real: null,
        mine: null,
        busy: false,
        message: "",
      };
      root.open = false;
      draw();
    }
    return root;
  };
}
