/**
 * Sandwich attack math on one constant-product pool, with the contracts' exact rounding (amm.ts).
 *
 * A victim sells exactly `victimAmountIn` of token X for token Y and accepts no less than
 * `amountOutMin` of Y. The attacker frontruns by selling f of X for Y in the same direction (the
 * victim then gets a worse price), lets the victim trade (pushing Y's price in X further up), then
 * backruns by selling all the Y it bought back for X. Profit is in X. The victim's `amountOutMin`
 * caps f: too large a frontrun and the victim's swap reverts, and so does the sandwich's point.
 */

import { BPS, getAmountOut } from "./amm";
import { minimalAmountIn } from "./arbitrage";
import { max, sqrt } from "./bigint";

// ─── Types ──────────────────────────────────────────────────────────────────────────────────────

/** A victim's pending swap, the pool it trades on, and what the attacker has. */
export interface SandwichParameters {
  /** Exact amount of X the victim sells. */
  victimAmountIn: bigint;
  /** Least amount of Y the victim accepts; below it the victim's swap reverts. */
  amountOutMin: bigint;
  /** The pool's reserve of X before the frontrun. */
  reserveIn: bigint;
  /** The pool's reserve of Y before the frontrun. */
  reserveOut: bigint;
  /** The pool's fee in basis points. */
  feeBps: bigint;
  /** Most X the attacker can put into the frontrun. */
  attackerCapital: bigint;
  /** Gas for the frontrun and the backrun together, in base units of X (0n when omitted). */
  gasCost?: bigint;
}

/** What went into and came out of one swap. */
export interface SwapLeg {
  amountIn: bigint;
  amountOut: bigint;
}

/** The three swaps of a sandwich, in block order, and who won or lost what. */
export interface SandwichOutcome {
  /** The attacker sells `frontrunIn` of X for Y. */
  frontrun: SwapLeg;
  /** The victim sells X for Y; when it would get less than `amountOutMin` it reverts and gets nothing. */
  victim: SwapLeg & { reverted: boolean };
  /** The attacker sells all the Y of the frontrun back for X. */
  backrun: SwapLeg;
  /** Y the victim gets less than it would have without the frontrun. */
  victimLoss: bigint;
  /** `backrun.amountOut − frontrun.amountIn`, in X. */
  grossProfit: bigint;
  gasCost: bigint;
  /** `grossProfit − gasCost`, in X. */
  netProfit: bigint;
  /** Pool reserves (X, Y) after the backrun. */
  reservesAfter: { reserveIn: bigint; reserveOut: bigint };
}

/** The largest frontrun allowed, and what bounds it. */
export interface LargestFrontrun {
  /** Largest f, in X (0n when none is possible). */
  amountIn: bigint;
  /** "slippage": f + 1 would make the victim revert; "capital": f is all the attacker has. */
  limitedBy: "slippage" | "capital" | "victim-would-revert";
}

/** Why a bot declines to sandwich a swap. */
export type SandwichSkipReason =
  /** Even without a frontrun the victim gets less than `amountOutMin`: its swap fails on its own. */
  | "victim-would-revert"
  /** The attacker's X is not enough for a frontrun that pays (or it has none). */
  | "capital-too-small"
  /** The victim's price move does not pay for two swap fees, whatever the frontrun. */
  | "victim-trade-too-small"
  /** A sandwich would pay, but the frontrun the victim's slippage allows is too small to. */
  | "slippage-too-tight"
  /** The best sandwich makes less than the gas it costs. */
  | "unprofitable-after-gas";

/** A bot's decision about a swap: a sandwich to send, or a reason not to, with the numbers behind it. */
export type SandwichDecision =
  | { kind: "sandwich"; maxFrontrun: LargestFrontrun; outcome: SandwichOutcome }
  | {
      kind: "skip";
      reason: SandwichSkipReason;
      /** What the victim would receive without a frontrun. */
      victimOutputAlone: bigint;
      amountOutMin: bigint;
      maxFrontrun: LargestFrontrun;
      /** The best sandwich found, when there was room for one. */
      best?: SandwichOutcome;
    };

// ─── Legs ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Returns the Y the victim receives after a frontrun of `frontrunIn` X (0n = no frontrun), before its
 * `amountOutMin` check.
 *
 * @example
 * victimOutputAfterFrontrun(0n, params); // what the victim's wallet quoted
 * victimOutputAfterFrontrun(10n ** 18n, params); // less: the frontrun moved the price first
 */
export function victimOutputAfterFrontrun(frontrunIn: bigint, params: SandwichParameters): bigint {
  const { reserveIn, reserveOut, feeBps, victimAmountIn } = params;
  const frontrunOut = frontrunIn > 0n ? getAmountOut(frontrunIn, reserveIn, reserveOut, feeBps) : 0n;
  return getAmountOut(victimAmountIn, reserveIn + frontrunIn, reserveOut - frontrunOut, feeBps);
}

/**
 * Plays frontrun, victim and backrun on the pool, with the contracts' rounding, and returns all legs.
 * A pair keeps the whole input (fee included) and pays out the output, so after each swap the reserves
 * are `(in + amountIn, out − amountOut)`.
 *
 * @example
 * const { grossProfit, victimLoss } = sandwichProfit(largestFrontrun(params).amountIn, params);
 */
export function sandwichProfit(frontrunIn: bigint, params: SandwichParameters): SandwichOutcome {
  const { feeBps, victimAmountIn, amountOutMin } = params;
  let [x, y] = [params.reserveIn, params.reserveOut];
  const frontrunOut = frontrunIn > 0n ? getAmountOut(frontrunIn, x, y, feeBps) : 0n;
  [x, y] = [x + frontrunIn, y - frontrunOut];
  const victimOut = getAmountOut(victimAmountIn, x, y, feeBps);
  const reverted = victimOut < amountOutMin;
  if (!reverted) [x, y] = [x + victimAmountIn, y - victimOut];
  const backrunOut = frontrunOut > 0n ? getAmountOut(frontrunOut, y, x, feeBps) : 0n;
  [x, y] = [x - backrunOut, y + frontrunOut];
  const victimAlone = victimOutputAfterFrontrun(0n, params);
  const grossProfit = backrunOut - frontrunIn;
  const gasCost = params.gasCost ?? 0n;
  return {
    frontrun: { amountIn: frontrunIn, amountOut: frontrunOut },
    victim: { amountIn: victimAmountIn, amountOut: reverted ? 0n : victimOut, reverted },
    backrun: { amountIn: frontrunOut, amountOut: backrunOut },
    victimLoss: victimAlone - (reverted ? 0n : victimOut),
    grossProfit,
    gasCost,
    netProfit: grossProfit - gasCost,
    reservesAfter: { reserveIn: x, reserveOut: y },
  };
}

// ─── Sizing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Returns the largest frontrun f ≤ `attackerCapital` after which the victim still receives
 * `amountOutMin`, exact to the wei: at f the victim gets ≥ `amountOutMin`, at f + 1 less (unless f is
 * capped by capital). Found by bisection, which is exact because the victim's output can only fall as
 * f grows (the frontrun adds X to the pool and removes Y).
 *
 * @example
 * const { amountIn, limitedBy } = largestFrontrun(params);
 * victimOutputAfterFrontrun(amountIn, params) >= params.amountOutMin; // true
 */
export function largestFrontrun(params: SandwichParameters): LargestFrontrun {
  const victimAccepts = (f: bigint) => victimOutputAfterFrontrun(f, params) >= params.amountOutMin;
  if (!victimAccepts(0n)) return { amountIn: 0n, limitedBy: "victim-would-revert" };
  const capital = max(0n, params.attackerCapital);
  if (victimAccepts(capital)) return { amountIn: capital, limitedBy: "capital" };
  let [ok, tooMuch] = [0n, capital];
  while (tooMuch - ok > 1n) {
    const mid = (ok + tooMuch) / 2n;
    if (victimAccepts(mid)) ok = mid;
    else tooMuch = mid;
  }
  return { amountIn: ok, limitedBy: "slippage" };
}

/**
 * Returns the largest frontrun from the closed form, without rounding and without the capital cap: an
 * estimate of {@link largestFrontrun} for narration and checks.
 *
 * With γ = 1 − fee, a frontrun f leaves reserves `(Rx + f, Ry·Rx/(Rx + γf))`, so the victim receives
 * `γ·v·Rx·Ry / ((Rx + γf)·(Rx + f + γv))`. Setting that equal to `amountOutMin` = m:
 *
 *   γ·f² + (Rx + γ·(Rx + γ·v))·f + Rx·(Rx + γ·v) − γ·v·Rx·Ry/m = 0
 *
 * and f is the positive root. In integers (γ = g/10000, everything multiplied by 10000²·m):
 * `A = g·10000·m`, `B = (g·(10000·Rx + g·v) + 10000²·Rx)·m`, `C = 10000·Rx·(10000·Rx + g·v)·m − 10000·g·v·Rx·Ry`,
 * `f = (√(B² − 4AC) − B) / 2A`. When C ≥ 0 the victim has no slack at all and the estimate is 0.
 *
 * @example
 * largestFrontrunEstimate(params); // within a few millionths of largestFrontrun(params).amountIn
 */
export function largestFrontrunEstimate(params: SandwichParameters): bigint {
  const { reserveIn: rx, reserveOut: ry, victimAmountIn: v, amountOutMin: m } = params;
  if (m <= 0n) throw new RangeError("the estimate needs amountOutMin > 0 (with 0 any frontrun is accepted)");
  const g = BPS - params.feeBps;
  const a = g * BPS * m;
  const b = (g * (BPS * rx + g * v) + BPS * BPS * rx) * m;
  const c = BPS * rx * (BPS * rx + g * v) * m - BPS * g * v * rx * ry;
  if (c >= 0n) return 0n;
  return (sqrt(b * b - 4n * a * c) - b) / (2n * a);
}

/**
 * Decides whether and how to sandwich a swap: the frontrun that maximises profit among those the
 * victim's slippage and the attacker's capital allow, or the reason to skip.
 *
 * The profit is checked at the largest allowed frontrun and around the best point of a ternary search
 * below it (the profit rises with f while the victim's move is worth more than the two fees on f, then
 * falls; with a binding slippage limit the best f is usually the largest).
 *
 * @example
 * const decision = planSandwich({ ...params, gasCost: 2n * 120_000n * gasPrice });
 * if (decision.kind === "skip") log(`skipped: ${decision.reason}`);
 * else send(decision.outcome.frontrun.amountIn);
 */
export function planSandwich(params: SandwichParameters): SandwichDecision {
  const victimOutputAlone = victimOutputAfterFrontrun(0n, params);
  const maxFrontrun = largestFrontrun(params);
  const skip = (reason: SandwichSkipReason, best?: SandwichOutcome): SandwichDecision => ({
    kind: "skip",
    reason,
    victimOutputAlone,
    amountOutMin: params.amountOutMin,
    maxFrontrun,
    ...(best && { best }),
  });
  if (maxFrontrun.limitedBy === "victim-would-revert") return skip("victim-would-revert");
  if (params.attackerCapital <= 0n) return skip("capital-too-small");
  if (!victimMoveBeatsFees(params)) return skip("victim-trade-too-small");
  if (maxFrontrun.amountIn === 0n) return skip("slippage-too-tight");
  const best = bestFrontrun(params, maxFrontrun.amountIn);
  if (best.grossProfit <= 0n)
    return skip(maxFrontrun.limitedBy === "capital" ? "capital-too-small" : "slippage-too-tight", best);
  if (best.netProfit <= 0n) return skip("unprofitable-after-gas", best);
  return { kind: "sandwich", maxFrontrun, outcome: best };
}

/**
 * Whether a tiny frontrun would profit: buying Y at the pool's price before the victim and selling it
 * at the price after the victim must beat paying the fee twice, `γ²·(Ry/Rx)·(Rx'/Ry') > 1` where
 * (Rx', Ry') are the reserves after the victim alone. The profit rises then falls as f grows (checked
 * numerically over random pools, not proven here), so if it falls at f = 0 it never becomes positive.
 */
function victimMoveBeatsFees(params: SandwichParameters): boolean {
  const { reserveIn: rx, reserveOut: ry, victimAmountIn: v } = params;
  const g = BPS - params.feeBps;
  const victimOut = victimOutputAfterFrontrun(0n, params);
  return g * g * ry * (rx + v) > BPS * BPS * rx * (ry - victimOut);
}

/**
 * The most profitable frontrun in [1, fMax]: ternary search, then the end point. Within the inputs that
 * buy the same amount of Y the smallest one profits most, so each probe is first moved down to it:
 * without that, a 6-decimal Y makes the profit a sawtooth with 10⁹-wei teeth that misleads the search.
 */
function bestFrontrun(params: SandwichParameters, fMax: bigint): SandwichOutcome {
  const pool = { reserveIn: params.reserveIn, reserveOut: params.reserveOut, feeBps: params.feeBps };
  const cheapestForSameOutput = (f: bigint) => {
    const bought = getAmountOut(f, pool.reserveIn, pool.reserveOut, pool.feeBps);
    return bought > 0n ? minimalAmountIn(bought, [pool])! : f;
  };
  const profit = (f: bigint) => sandwichProfit(cheapestForSameOutput(f), params).grossProfit;
  let [lo, hi] = [1n, fMax];
  while (hi - lo > 2n) {
    const third = (hi - lo) / 3n;
    const [m1, m2] = [lo + third, hi - third];
    if (profit(m1) < profit(m2)) lo = m1 + 1n;
    else hi = m2;
  }
  let best = fMax;
  for (let f = lo; f <= hi; f++) if (profit(f) > profit(best)) best = f;
  return sandwichProfit(cheapestForSameOutput(best), params);
}
