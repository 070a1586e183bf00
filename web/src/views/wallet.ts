/**
 * The student's panel: "Join the class" until they have joined, then their wallet: balances read
 * from the chain, the swap form, the back-run form when they picked a pending transaction, and
 * the key's export. Forms are built once (or when what they offer changes) and kept across the
 * re-renders every event causes, so nothing typed is lost.
 */
import type { TokenState, WorldState } from "../../../server/world/describe";
import { type Child, h, keyed, replace } from "../dom";
import { formatToken } from "../format";
import type { WalletState } from "../student";
import type { Balances } from "../wallet/chain";
import type { SwapPlan } from "../wallet/swap";
import { type BackrunFormActions, backrunForm, statusLine } from "./backrunForm";
import { exportKey, type JoinFormActions, joinForm } from "./join";
import type { SwapFormActions } from "./swapForm";
import { swapForm } from "./swapForm";

export interface WalletActions extends JoinFormActions {
  refresh(): void;
  reserves: SwapFormActions["reserves"];
  swap(plan: SwapPlan, viaProtected: boolean): void;
  backrun: BackrunFormActions;
}

const ETH = { symbol: "ETH", decimals: 18 };

function balancesTable(
  balances: Balances | null,
  tokens: readonly TokenState[],
  problem: string | null,
): Child[] {
  if (problem) return [h("p", { class: "status error", role: "alert" }, problem)];
  if (!balances) return [h("p", { class: "muted" }, "Reading your balances from the chain…")];
  const row = (asset: { symbol: string; decimals: number }, amount: bigint) =>
    h(
      "tr",
      { "data-testid": "wallet-balance", "data-symbol": asset.symbol, "data-amount": amount.toString() },
      h("th", { scope: "row" }, asset.symbol),
      h("td", { class: "num" }, formatToken(amount, asset).replace(` ${asset.symbol}`, "")),
    );
  return [
    h(
      "table",
      { class: "balances" },
      h("caption", { class: "muted" }, `Your balances at block #${balances.block}`),
      h(
        "tbody",
        {},
        row(ETH, balances.eth),
        tokens.map((t) => row(t, balances.tokens[t.symbol] ?? 0n)),
      ),
    ),
  ];
}

/** The wallet panel's renderer: it keeps its forms between calls. */
export function createWalletView(
  actions: WalletActions,
): (state: WalletState, world: WorldState | null) => Child[] {
  const heading = h("h2", { id: "wallet-heading" });
  const join = keyed<HTMLFormElement>();
  const joinStatus = statusLine("join-status");
  const address = h("p", { class: "muted mono", "data-testid": "wallet-address" });
  const loading = h("p", { class: "muted" }, "Loading the pools…");
  const balances = h("div", { class: "wallet-balances" });
  const refresh = h(
    "button",
    { type: "button", class: "small", onclick: () => actions.refresh() },
    "↻ Refresh",
  );
  const swap = keyed<HTMLFormElement>();
  const swapStatus = statusLine("swap-status");
  const backrun = keyed<HTMLElement>();
  const backrunStatus = statusLine("backrun-status");
  const exported = keyed<HTMLElement>();

  return (state, world) => {
    if (state.mode === "join") {
      heading.textContent = "Join the class";
      const classroom = state.connect?.classroom ?? false;
      return [heading, join(String(classroom), () => joinForm(classroom, actions)), joinStatus(state.join)];
    }
    const identity = state.identity!;
    heading.textContent = `Your wallet · ${identity.joined?.name ?? ""}`;
    address.textContent = identity.address;
    replace(balances, balancesTable(state.balances, world?.tokens ?? [], state.balancesProblem), refresh);
    const held = (symbol: string) => state.balances?.tokens[symbol];
    const pools = world?.pools.map((p) => p.name).join() ?? "";
    const picked = state.backrun;
    return [
      heading,
      address,
      balances,
      picked && [
        backrun(`${picked.tx.hash}|${typeof picked.target === "string" ? picked.target : "ok"}`, () =>
          backrunForm(picked, actions.backrun),
        ),
        backrunStatus(picked.status),
      ],
      world
        ? swap(pools, () => swapForm(world, { reserves: actions.reserves, swap: actions.swap, held }))
        : loading,
      swapStatus(state.swap),
      exported(`${identity.privateKey}|${state.connect?.rpcPort}`, () =>
        exportKey(identity.privateKey, state.connect),
      ),
    ];
  };
}
