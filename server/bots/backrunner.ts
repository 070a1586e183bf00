import { ArbitrageExecutor__factory } from "../../typechain-types";
import type { Bot, BotContext } from "../engine/bot";
import { decisionId } from "../engine/engine";
import type { FormulaUse } from "../events";
import { BPS, getAmountsOut, type HopReserves } from "../math/amm";
import { type ArbitrageOpportunity, type Pool, rankArbitrages } from "../math/graph";
import { COINBASE_ADDRESS } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import type { World } from "../world/types";
import { executeGas } from "./arbitrageur";
import {
  GAS_TOKEN,
  gasCostWei,
  orient,
  PAYMENT_GAS,
  type PoolReserves,
  type RouterSwap,
  readBalance,
  readReserves,
  routerSwap,
  show,
  tokenAmount,
  type WorldIndex,
  worldIndex,
} from "./shared";

/** Room above the execute estimate, so the cycle never runs out of gas. */
const GAS_LIMIT_MARGIN = 50_000n;
/** The back-runner bids the builder this share of its profit after gas. */
export const BACKRUN_BID_BPS = 5_000n;

const executorInterface = ArbitrageExecutor__factory.createInterface();

export interface BackrunnerSettings {
  /** Longest cycle searched, in pools (≥ 2). */
  maxHops: number;
}

/** Everything decided for one target. */
interface Plan {
  swap: RouterSwap;
  trader: string;
  /** The target's output along its path, as the router will compute it. */
  amounts: bigint[];
  best: ArbitrageOpportunity | undefined;
  capital: bigint;
  gasUnits: bigint;
  gasCost: bigint;
  id: string;
}

export function createBackrunner(settings: BackrunnerSettings): Bot {
  const seen = new Set<string>();
  const bot: Bot = {
    name: "backrunner",
    actor: "arbitrageur",
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      for (const tx of txs) {
        if (seen.has(tx.hash)) continue;
        const swap = routerSwap(index, tx);
        if (!swap || swap.path.some((symbol) => symbol === undefined)) continue;
        seen.add(tx.hash);
        const plan = await planFor(swap, ctx, index);
        if (plan) await act(plan, ctx);
      }
    },
  };

  /** Reads every pool, plays the target on them, and sizes the best WETH cycle on the state it leaves. */
  async function planFor(swap: RouterSwap, ctx: BotContext, index: WorldIndex): Promise<Plan | undefined> {
    const { world } = ctx;
    const executor = await world.arbitrageExecutor.getAddress();
    const [reserves, capital] = await Promise.all([
      Promise.all(world.pools.map((pool) => readReserves(world, pool))),
      readBalance(world, GAS_TOKEN, executor),
    ]);
    const state = new Map(world.pools.map((pool, i) => [pool.address, reserves[i]!]));
    const amounts = playTarget(swap, index, state);
    if (!amounts) return undefined; // a path through a pool the world does not have: the router reverts it
    const pools: Pool[] = world.pools.map((pool) => ({
      id: pool.address,
      token0: pool.token0,
      token1: pool.token1,
      ...state.get(pool.address)!,
      feeBps: pool.feeBps,
    }));
    const [best] = rankArbitrages(pools, {
      maxHops: settings.maxHops,
      startTokens: [GAS_TOKEN],
      maxAmountIn: () => capital,
    });
    const gasUnits = best ? executeGas(best.hops.length) + PAYMENT_GAS : 0n;
    const gasCost = gasCostWei(gasUnits, ctx.nextBaseFee, 0n);
    const id = decisionId([
      bot.name,
      swap.tx.hash,
      ...reserves.flatMap((r) => [r.reserve0, r.reserve1]),
      capital,
    ]);
    return {
      swap,
      trader: world.registry.label(swap.tx.from),
      amounts,
      best,
      capital,
      gasUnits,
      gasCost,
      id,
    };
  }

  async function act(plan: Plan, ctx: BotContext): Promise<void> {
    const { best } = plan;
    if (!best || best.profit <= plan.gasCost) {
      skip(plan, ctx, best ? "unprofitable-after-gas" : "no-cycle");
      return;
    }
    const bid = ((best.profit - plan.gasCost) * BACKRUN_BID_BPS) / BPS;
    const sent = await sendBackrun(plan, best, bid, ctx);
    ctx.decide({
      type: "opportunity:found",
      id: plan.id,
      bot: bot.name,
      kind: "backrun",
      block: ctx.blockNumber,
      inputs: { ...inputsOf(ctx.world, plan), bundle: sent.bundle, "bid (wei)": bid.toString() },
      formulas: formulasOf(plan, best, bid),
      size: tokenAmount(ctx.world, GAS_TOKEN, best.amountIn),
      expectedProfit: tokenAmount(ctx.world, GAS_TOKEN, best.profit),
      gasCost: tokenAmount(ctx.world, GAS_TOKEN, plan.gasCost),
      txs: sent.txs,
      summary: summarize(ctx.world, plan, best, bid),
    });
  }

  function skip(plan: Plan, ctx: BotContext, reason: "no-cycle" | "unprofitable-after-gas"): void {
    const { world } = ctx;
    ctx.decide({
      type: "opportunity:skipped",
      id: plan.id,
      bot: bot.name,
      kind: "backrun",
      block: ctx.blockNumber,
      inputs: inputsOf(world, plan),
      formulas: plan.best ? formulasOf(plan, plan.best, 0n) : [],
      reason,
      explanation:
        reason === "no-cycle"
          ? `after ${plan.trader}'s swap no cycle of up to ${settings.maxHops} pools starting from WETH gains anything: nothing to back-run.`
          : `after ${plan.trader}'s swap the best cycle gains ${show(world, GAS_TOKEN, plan.best!.profit)}, not more than the ${show(world, GAS_TOKEN, plan.gasCost)} of gas.`,
    });
  }

  /** Signs [execute, payment] and bundles them right after the target's own signed transaction. */
  async function sendBackrun(
    plan: Plan,
    best: ArbitrageOpportunity,
    bid: bigint,
    ctx: BotContext,
  ): Promise<{ bundle: string; txs: string[] }> {
    const { world } = ctx;
    const executor = await world.arbitrageExecutor.getAddress();
    const hops = best.cycle.map((hop) => ({
      pair: hop.pool.id,
      tokenOut: world.tokens[hop.tokenOut as TokenSymbol].address,
    }));
    // minProfit = the exact expected profit: if the state differs from the plan, it reverts and the bundle is dropped.
    const data = executorInterface.encodeFunctionData("execute", [
      world.tokens[GAS_TOKEN].address,
      best.amountIn,
      hops,
      best.profit,
    ]);
    return ctx.sendBundle(bot.name, world.actors.arbitrageur.address, [
      { pendingTx: plan.swap.tx.hash },
      { to: executor, data, gasLimit: plan.gasUnits - PAYMENT_GAS + GAS_LIMIT_MARGIN },
      { to: COINBASE_ADDRESS, value: bid, gasLimit: PAYMENT_GAS },
    ]);
  }

  return bot;
}

/**
 * Plays the target's swap on `state` (pool address → reserves) with the router's math, updating the
 * reserves of every pool on its path; returns the amounts along the path, or undefined if a hop has no pool.
 */
function playTarget(
  swap: RouterSwap,
  index: WorldIndex,
  state: Map<string, PoolReserves>,
): bigint[] | undefined {
  const path = swap.path as TokenSymbol[];
  const pools = path.slice(1).map((tokenOut, i) => index.pools.get(`${swap.dex.id}:${path[i]}:${tokenOut}`));
  if (pools.some((pool) => !pool)) return undefined;
  const hops: HopReserves[] = pools.map((pool, i) => ({
    ...orient(pool!, state.get(pool!.address)!, path[i]!),
    feeBps: pool!.feeBps,
  }));
  const amounts = getAmountsOut(swap.amountIn, hops);
  pools.forEach((pool, i) => {
    const { reserve0, reserve1 } = state.get(pool!.address)!;
    const [amountIn, amountOut] = [amounts[i]!, amounts[i + 1]!];
    state.set(
      pool!.address,
      path[i] === pool!.token0
        ? { reserve0: reserve0 + amountIn, reserve1: reserve1 - amountOut }
        : { reserve0: reserve0 - amountOut, reserve1: reserve1 + amountIn },
    );
  });
  return amounts;
}

// ─── What the back-runner tells learners ────────────────────────────────────────────────────────

function poolName(world: World, id: string): string {
  return world.registry.label(id);
}

function route(world: World, best: ArbitrageOpportunity): string {
  return best.cycle
    .map((hop) => `${hop.tokenIn} → ${hop.tokenOut} on ${poolName(world, hop.pool.id)}`)
    .join(", ");
}

function inputsOf(world: World, plan: Plan): Record<string, string> {
  const path = plan.swap.path as TokenSymbol[];
  const inputs: Record<string, string> = {
    trader: plan.trader,
    targetTx: plan.swap.tx.hash,
    path: path.join(" → "),
    [`target amountIn (${path[0]})`]: plan.swap.amountIn.toString(),
    [`target amountOut (${path.at(-1)})`]: plan.amounts.at(-1)!.toString(),
    [`executor balance (${GAS_TOKEN})`]: plan.capital.toString(),
    "gas cost (wei)": plan.gasCost.toString(),
  };
  for (const hop of plan.best?.cycle ?? []) {
    const name = poolName(world, hop.pool.id);
    inputs[`${name} reserve0 after the target`] = hop.pool.reserve0.toString();
    inputs[`${name} reserve1 after the target`] = hop.pool.reserve1.toString();
  }
  return inputs;
}

function formulasOf(plan: Plan, best: ArbitrageOpportunity, bid: bigint): FormulaUse[] {
  return [
    {
      name: "the target's effect (router getAmountsOut)",
      expression: "amounts[i+1] = getAmountOut(amounts[i], Rin, Rout); each pool on the path gets +in, −out",
      inputs: { amountIn: plan.swap.amountIn.toString() },
      result: plan.amounts.map(String).join(" → "),
    },
    {
      name: "best cycle on the state after the target",
      expression:
        "Bellman-Ford over −ln(rate·(1−fee)) finds the cycles; each is sized for the largest amountOut − amountIn with the pools' exact rounding, at most the executor's balance",
      inputs: { hops: best.hops.length.toString(), capital: plan.capital.toString() },
      result: `amountIn ${best.amountIn}, amountOut ${best.amountOut}, profit ${best.profit} (WETH base units)`,
    },
    {
      name: "gas and the builder's bid",
      expression: `gas = (executeGas(hops) + ${PAYMENT_GAS})·baseFee; bid = (profit − gas)·${BACKRUN_BID_BPS}/10000`,
      inputs: { gasUnits: plan.gasUnits.toString(), profit: best.profit.toString() },
      result: `gas ${plan.gasCost} wei, bid ${bid} wei`,
    },
  ];
}

function summarize(world: World, plan: Plan, best: ArbitrageOpportunity, bid: bigint): string {
  const weth = (amount: bigint) => show(world, GAS_TOKEN, amount);
  const path = plan.swap.path as TokenSymbol[];
  return (
    `${plan.trader} swaps ${show(world, path[0]!, plan.swap.amountIn)} for ${show(world, path.at(-1)!, plan.amounts.at(-1)!)} ` +
    `(played on the reserves read now). On the prices it leaves, the best cycle is ${route(world, best)}: ` +
    `${weth(best.amountIn)} in, ${weth(best.amountOut)} out, ${weth(best.profit)} profit. ` +
    `It sends one bundle — ${plan.trader}'s own signed transaction, then its cycle, then ${weth(bid)} to the builder — ` +
    `so its trade runs right after the target: ${weth(best.profit - plan.gasCost - bid)} left after ${weth(plan.gasCost)} of gas and the bid.`
  );
}
