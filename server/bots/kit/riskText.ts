/** A bot's risk controls as the events and the API carry them, and in sentences. Pure. */
import type { RiskControl, RiskFiguresView, RiskLimitsView, RiskStopView } from "../../events";
import { formatBps } from "../../format";
import { decisionId } from "../../lib/decisionId";
import { ethAmount, showEth } from "./amounts";
import type { Refusal } from "./decision";
import { type RiskFigures, type RiskLimits, type RiskStop, successRateBps } from "./risk";

/** Each control by the name a learner reads. */
export const CONTROL_NAMES: Record<RiskControl, string> = {
  "kill-switch": "the instructor's kill switch",
  position: "the position limit",
  drawdown: "the drawdown stop",
  "success-rate": "the minimum success rate",
  throttle: "the throttle",
};

export function limitsView(limits: RiskLimits): RiskLimitsView {
  return {
    maxPosition: ethAmount(limits.maxPosition),
    maxDrawdown: ethAmount(limits.maxDrawdown),
    minSuccessRateBps: limits.minSuccessRateBps,
    successWindow: limits.successWindow,
    throttleAfterFailures: limits.throttleAfterFailures,
    throttleBlocks: limits.throttleBlocks,
  };
}

export function figuresView(figures: RiskFigures): RiskFiguresView {
  return {
    block: figures.block,
    equity: ethAmount(figures.equity),
    peak: ethAmount(figures.peak),
    drawdown: ethAmount(figures.drawdown),
    position: ethAmount(figures.position),
    attempts: figures.attempts,
    successes: figures.successes,
    successRateBps: successRateBps(figures),
    consecutiveFailures: figures.consecutiveFailures,
    throttledUntil: figures.throttledUntil,
  };
}

const percent = (bps: number) => formatBps(BigInt(bps));

/** Why `stop` stops the bot, with the figures and limits behind it. */
export function stopExplanation(stop: RiskStop, figures: RiskFigures, limits: RiskLimits): string {
  switch (stop.control) {
    case "kill-switch":
      return `the instructor pulled its kill switch at block #${stop.since}${stop.reason ? ` (${stop.reason})` : ""}: it sends nothing until resumed`;
    case "drawdown":
      return `its equity, ${showEth(figures.equity)} read from the chain after block #${figures.block}, is ${showEth(figures.drawdown)} below its peak of ${showEth(figures.peak)}: more than its ${showEth(limits.maxDrawdown)} drawdown limit, so it halts until the instructor resumes it`;
    case "success-rate":
      return `only ${figures.successes} of its last ${figures.attempts} trades succeeded (${percent(successRateBps(figures) ?? 0)}), below its minimum of ${percent(limits.minSuccessRateBps)}: it halts until the instructor resumes it`;
    case "throttle":
      return `its last ${figures.consecutiveFailures} trades failed in a row (the throttle acts after ${limits.throttleAfterFailures}): it sits out until block #${stop.until} is mined, ${limits.throttleBlocks} blocks, then tries again`;
    case "position":
      return `this trade would put in ${showEth(stop.proposed ?? 0n)}${figures.position > 0n ? ` on top of ${showEth(figures.position)} in trades not yet mined` : ""}, more than its ${showEth(limits.maxPosition)} position limit: it declines this one`;
  }
}

export function stopView(stop: RiskStop, figures: RiskFigures, limits: RiskLimits): RiskStopView {
  return {
    control: stop.control,
    effect: stop.effect,
    since: stop.since,
    until: stop.until,
    explanation: stopExplanation(stop, figures, limits),
  };
}

/** The figures and limits a refusal names, as the decision's inputs (exact strings). */
export function riskInputs(stop: RiskStop, figures: RiskFigures, limits: RiskLimits): Record<string, string> {
  return {
    "risk control": stop.control,
    "equity (wei)": figures.equity.toString(),
    "peak equity (wei)": figures.peak.toString(),
    "drawdown (wei)": figures.drawdown.toString(),
    "max drawdown (wei)": limits.maxDrawdown.toString(),
    [`successes of the last ${limits.successWindow} trades`]: `${figures.successes}/${figures.attempts}`,
    "failures in a row": figures.consecutiveFailures.toString(),
    ...(stop.proposed !== undefined && {
      "trade size (wei)": stop.proposed.toString(),
      "max position (wei)": limits.maxPosition.toString(),
    }),
  };
}

/**
 * A bot's refusal because a risk control stops it: `lead` says what it would have done ("the best
 * cycle … would make 0.01 WETH after gas"), the sentence goes on to name the control and why; the
 * decision's own inputs and formulas, plus the figures and limits the control compared.
 */
export function riskRefusal(
  decision: Pick<Refusal, "id" | "inputs" | "formulas">,
  lead: string,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  const reason = `risk-${stop.control}`;
  return {
    kind: "refuse",
    id: decisionId([decision.id, reason]),
    reason,
    explanation: `${lead}, but ${CONTROL_NAMES[stop.control]} holds it back: ${stopExplanation(stop, figures, limits)}.`,
    inputs: { ...decision.inputs, ...riskInputs(stop, figures, limits) },
    formulas: decision.formulas,
  };
}
