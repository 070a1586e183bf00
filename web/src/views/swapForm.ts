/**
 * The swap form: a DEX, one of its pools, the token to sell, an amount, a slippage tolerance and
 * the path (the public mempool, where bots read it, or the protected path, where only the builder
 * does). It quotes as you type with the pool's own formula on reserves read from the chain.
 */
import type { PoolState, TokenState, WorldState } from "../../../server/world/describe";
import { h } from "../dom";
import { formatBps, formatToken } from "../format";
import { parsePositiveAmount, parseSlippage } from "../wallet/amounts";
import { planSwap, type Reserves, type SwapPlan } from "../wallet/swap";

export interface SwapFormActions {
  reserves(pool: PoolState): Promise<Reserves>;
  swap(plan: SwapPlan, viaProtected: boolean): void;
  /** What the student holds of a token now, if known. */
  held(symbol: string): bigint | undefined;
}

const QUOTE_DELAY_MS = 250;

function select(id: string, label: string, name: string): [HTMLElement, HTMLSelectElement] {
  const element = h("select", { id, name, "data-testid": `swap-${name}` });
  return [h("p", { class: "field" }, h("label", { for: id }, label), element), element];
}

function options(element: HTMLSelectElement, values: readonly [string, string][]): void {
  const current = element.value;
  element.replaceChildren(
    ...values.map(([value, text]) => h("option", { value, selected: value === current }, text)),
  );
}

export function swapForm(world: WorldState, actions: SwapFormActions): HTMLFormElement {
  const dexes = [...new Set(world.pools.map((p) => p.dex))];
  const [dexField, dex] = select("swap-dex", "DEX", "dex");
  const [poolField, pool] = select("swap-pool", "Pair", "pool");
  const [sellField, sell] = select("swap-sell", "Sell", "sell");
  const amountLabel = h("label", { for: "swap-amount" }, "Amount");
  const amount = h("input", {
    id: "swap-amount",
    name: "amount",
    inputmode: "decimal",
    required: true,
    autocomplete: "off",
    "data-testid": "swap-amount",
  });
  const slippage = h("input", {
    id: "swap-slippage",
    name: "slippage",
    inputmode: "decimal",
    value: "0.5",
    required: true,
    "data-testid": "swap-slippage",
  });
  const quote = h("output", {
    class: "quote",
    for: "swap-amount swap-slippage",
    "aria-live": "polite",
    "data-testid": "swap-quote",
  });
  const path = (value: string, text: string, hint: string, checked: boolean) =>
    h(
      "label",
      { class: "radio" },
      h("input", { type: "radio", name: "path", value, checked, "data-testid": `swap-path-${value}` }),
      h("strong", {}, text),
      h("small", {}, hint),
    );

  options(
    dex,
    dexes.map((d) => [d, d]),
  );
  const selectedPool = () => world.pools.find((p) => p.name === pool.value);
  const tokenOf = (symbol: string | undefined) => world.tokens.find((t) => t.symbol === symbol);
  const sides = (): [TokenState, TokenState] | null => {
    const p = selectedPool();
    const tokenIn = tokenOf(sell.value);
    const tokenOut = tokenOf(p && (p.token0 === sell.value ? p.token1 : p.token0));
    return tokenIn && tokenOut ? [tokenIn, tokenOut] : null;
  };
  const fillPools = () => {
    const pools = world.pools.filter((p) => p.dex === dex.value);
    options(
      pool,
      pools.map((p) => [p.name, `${p.base}/${p.quote}`]),
    );
    fillSides();
  };
  const fillSides = () => {
    const p = selectedPool();
    options(
      sell,
      p
        ? [p.base, p.quote].map((symbol) => [symbol, `${symbol} for ${symbol === p.base ? p.quote : p.base}`])
        : [],
    );
    amountLabel.textContent = `Amount (${sell.value})`;
  };
  fillPools();

  /** The plan for what the form says now, on reserves read now; or the problem, in words. */
  async function plan(): Promise<SwapPlan | string> {
    const p = selectedPool();
    const pair = sides();
    if (!p || !pair) return "choose a pair";
    const [tokenIn, tokenOut] = pair;
    const amountIn = parsePositiveAmount(amount.value, tokenIn.decimals, tokenIn.symbol);
    if (!amountIn.ok) return amountIn.problem;
    const slippageBps = parseSlippage(slippage.value);
    if (!slippageBps.ok) return slippageBps.problem;
    const reserves = await actions.reserves(p);
    return planSwap({
      pool: p,
      tokenIn,
      tokenOut,
      amountIn: amountIn.value,
      reserves,
      slippageBps: slippageBps.value,
    });
  }

  function describe(result: SwapPlan | string): string {
    if (typeof result === "string") return result;
    const out = (value: bigint) => formatToken(value, result.tokenOut);
    const held = actions.held(result.tokenIn.symbol);
    const short =
      held !== undefined && held < result.amountIn
        ? ` ⚠ You hold only ${formatToken(held, result.tokenIn)}.`
        : "";
    return `The pool gives ${out(result.amountOut)} now; you accept no less than ${out(result.amountOutMin)} (slippage ${formatBps(result.slippageBps)}).${short}`;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const requote = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ask = ++asked;
      const text = await plan().then(describe, (error: Error) => `Could not read the pool: ${error.message}`);
      if (ask === asked) quote.textContent = text; // an older answer never overwrites a newer one
    }, QUOTE_DELAY_MS);
  };

  const form = h(
    "form",
    { class: "swap-form", "aria-label": "Swap", "data-testid": "swap-form" },
    h("div", { class: "row" }, dexField, poolField, sellField),
    h(
      "div",
      { class: "row" },
      h("p", { class: "field" }, amountLabel, amount),
      h("p", { class: "field" }, h("label", { for: "swap-slippage" }, "Slippage tolerance (%)"), slippage),
    ),
    h(
      "fieldset",
      { class: "path" },
      h("legend", {}, "Send it"),
      path("public", "Public", "to the mempool: anyone sees it, bots too", true),
      path("protected", "Protected", "privately to the builder: no bot sees it", false),
    ),
    quote,
    h(
      "p",
      { class: "field submit" },
      h(
        "button",
        { type: "submit", class: "primary", "data-testid": "swap-submit" },
        "Sign and send the swap",
      ),
    ),
  );
  dex.addEventListener("change", () => {
    fillPools();
    requote();
  });
  pool.addEventListener("change", () => {
    fillSides();
    requote();
  });
  sell.addEventListener("change", () => {
    amountLabel.textContent = `Amount (${sell.value})`;
    requote();
  });
  form.addEventListener("input", requote);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await plan().catch((error: Error) => `Could not read the pool: ${error.message}`);
    quote.textContent = describe(result);
    if (typeof result === "string") return;
    const viaProtected = (form.elements.namedItem("path") as RadioNodeList).value === "protected";
    actions.swap(result, viaProtected);
  });
  return form;
}
