/**
 * A cross-chain run's two chains side by side: each chain's latest blocks with its pool's price after
 * each (newest first), the gap between the two prices, and the bridge's transfers: locked on one chain,
 * relayed and released on the other, with the blocks in between.
 */
import type { TokenAmount } from "../../../server/events";
import { type Child, h } from "../dom";
import { formatBps, formatTokenAmount } from "../format";
import type { ChainColumn, ChainsSlice, TransferView } from "../model/chains";
import { priceGapBps } from "../model/pools";

/** Blocks shown per chain: enough for a bridge's default delay, few enough for a projector. */
const BLOCKS_SHOWN = 8;

function priceText(price: TokenAmount | null): string {
  return price ? formatTokenAmount(price, 2) : "—";
}

function column(c: ChainColumn): HTMLElement {
  const latest = c.blocks.at(-1);
  return h(
    "section",
    { class: "chain", "data-testid": "chain", "data-chain": c.chain.id },
    h("h3", {}, `${c.chain.name} `, h("small", {}, `chain id ${c.chain.id}`)),
    h(
      "p",
      { class: "chain-price" },
      h("strong", { "data-testid": "chain-price" }, `1 WETH = ${priceText(latest?.price ?? null)}`),
      h("small", {}, ` ${c.pool}`),
    ),
    h(
      "ol",
      { class: "chain-blocks", reversed: true, "aria-label": `${c.chain.name}: latest blocks` },
      [...c.blocks]
        .reverse()
        .slice(0, BLOCKS_SHOWN)
        .map((b) =>
          h(
            "li",
            { "data-testid": "chain-block" },
            h("span", { class: "block-number" }, `#${b.number}`),
            h("span", { class: "muted" }, ` ${b.txs} tx${b.txs === 1 ? "" : "s"} · `),
            priceText(b.price),
          ),
        ),
    ),
  );
}

function transferText(t: TransferView): Child[] {
  const stages = [`locked in ${t.from.name} block #${t.lockedAt}`];
  if (t.relayedAt !== null)
    stages.push(`relayed in ${t.to.name} block #${t.relayedAt}, releasable from #${t.releasableAt}`);
  if (t.releasedAt !== null)
    stages.push(`released in #${t.releasedAt}, ${t.blocksWaited} blocks after the relay`);
  const state = t.releasedAt !== null ? "released" : t.relayedAt !== null ? "in flight" : "locked";
  return [
    h("strong", {}, `${formatTokenAmount(t.amountAfterFee, 4)} ${t.from.name} → ${t.to.name}`),
    h("span", { class: `badge transfer-${state.replace(" ", "-")}` }, state),
    ` ${t.sender}'s, after a fee of ${formatTokenAmount(t.fee, 6)}: ${stages.join("; ")}`,
  ];
}

export function chainsPanel(state: ChainsSlice): Child[] {
  if (!state.link) return [h("p", { class: "muted empty" }, "No second chain in this run.")];
  const prices = state.columns.map((c) => c.blocks.at(-1)?.price).filter((p): p is TokenAmount => !!p);
  const gap = prices.length === 2 ? priceGapBps(prices) : null;
  return [
    h(
      "p",
      { class: "chains-terms" },
      gap !== null && h("span", { class: "gap", "data-testid": "chains-gap" }, `gap ${formatBps(gap)} · `),
      `bridge: released ${state.link.delayBlocks} block${state.link.delayBlocks === 1 ? "" : "s"} after the relay, fee ${formatBps(BigInt(state.link.feeBps))}, relayed by ${state.link.relayer.label}`,
    ),
    h("div", { class: "chains" }, state.columns.map(column)),
    state.transfers.length > 0 &&
      h(
        "ul",
        { class: "transfers", "aria-label": "Transfers across the bridge" },
        state.transfers.map((t) => h("li", { "data-testid": "transfer" }, transferText(t))),
      ),
  ];
}
