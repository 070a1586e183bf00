/**
 * The cross-chain arbitrageur's decision, pure: for each direction (buy WETH with USDC on one chain,
 * bridge it, sell it on the other), the closed-form size at the reserves read (server/math/crossChain.ts),
 * its gas on both chains; the best direction if it pays after gas, else a refusal with the numbers.
 * It decides on today's prices: the delay's price risk is named (the break-even drop), not priced in.
 */

import { priceInQuoteUnits } from "../../format";
import { decisionId } from "../../lib/decisionId";
import { breakEvenDropBps, type CrossChainRoute, optimalCrossChainTrade } from "../../math/crossChain";
import { orient } from "../../world/market";
import type { Refusal } from "../kit/decision";
import { gasCostWei } from "../kit/fees";
import { wethPriceOf, wethTo } from "../kit/pricing";
import { explainUnprofitable, formulasOf, inputsOf } from "./explain";
import { CROSS_CHAIN_ARBITRAGEUR, CROSS_CHAIN_TIP, LOCK_GAS, SWAP_GAS } from "./settings";
import type { ChainView, CrossChainPlan, CrossChainSnapshot, Direction } from "./types";

/** The trade to take, a refusal, or undefined when no direction gains anything even before gas. */
export function decide(snapshot: CrossChainSnapshot): CrossChainPlan | Refusal | undefined {
  const ranked = [directionOf(snapshot, 0, 1), directionOf(snapshot, 1, 0)]
    .filter((d) => d.outcome !== null)
    .sort((a, b) => (netOf(b) > netOf(a) ? 1 : netOf(b) < netOf(a) ? -1 : 0));
  const best = ranked[0];
  if (!best?.outcome) return undefined;
  const id = decisionId([
    CROSS_CHAIN_ARBITRAGEUR,
    best.from,
    ...snapshot.chains.flatMap((c) => [c.reserves.reserve0, c.reserves.reserve1, c.capital, c.bridgeFeeBps]),
  ]);
  const net = netOf(best);
  if (net <= 0n) {
    return {
      kind: "refuse",
      id,
      reason: "unprofitable-after-gas",
      explanation: explainUnprofitable(snapshot, best),
      inputs: inputsOf(snapshot, best),
      formulas: formulasOf(best),
    };
  }
  const outcome = best.outcome;
  return {
    kind: "cross-chain",
    snapshot,
    direction: best,
    outcome,
    net,
    breakEvenDropBps: breakEvenDropBps(outcome, best.gasUsdc),
    id,
  };
}

function netOf(direction: Direction): bigint {
  return (direction.outcome?.profit ?? 0n) - direction.gasUsdc;
}

/** WETH's price on a chain, in USDC base units per whole WETH. */
export function wethPrice(view: ChainView, wethDecimals: number): bigint {
  const { reserveIn: weth, reserveOut: usdc } = orient(view.pool, view.reserves, "WETH");
  return priceInQuoteUnits(weth, wethDecimals, usdc);
}

/** Buying on chain `from` and selling on chain `to`: the route, the sized trade, the gas. */
export function directionOf(snapshot: CrossChainSnapshot, from: number, to: number): Direction {
  const buying = snapshot.chains[from]!;
  const selling = snapshot.chains[to]!;
  const route: CrossChainRoute = {
    buy: { ...orient(buying.pool, buying.reserves, "USDC"), feeBps: buying.pool.feeBps },
    feeBps: buying.bridgeFeeBps,
    sell: { ...orient(selling.pool, selling.reserves, "WETH"), feeBps: selling.pool.feeBps },
  };
  // Buy and lock on one chain, sell on the other: both hold the same base fee.
  const gasWei =
    gasCostWei(SWAP_GAS + LOCK_GAS, snapshot.nextBaseFee, CROSS_CHAIN_TIP) +
    gasCostWei(SWAP_GAS, snapshot.nextBaseFee, CROSS_CHAIN_TIP);
  const decimals = snapshot.tokens.WETH!.decimals;
  return {
    from,
    to,
    route,
    outcome: optimalCrossChainTrade(route, buying.capital),
    gasWei,
    gasUsdc: wethTo("USDC", gasWei, wethPriceOf(buying.pool, buying.reserves)),
    prices: [wethPrice(snapshot.chains[0], decimals), wethPrice(snapshot.chains[1], decimals)],
  };
}
