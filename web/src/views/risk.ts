/**
 * The bots' risk controls: for each bot whose limits acted in this run, whether it is stopped now and
 * by what, the figures its latest limit compared (equity, peak, drawdown against the limit, success
 * rate, failures in a row), and what happened, block by block.
 */
import type { RiskLimitHit } from "../../../server/events";
import { type Child, h } from "../dom";
import { formatBps, formatTokenAmount } from "../format";
import { type RiskEvent, type RiskSlice, riskByBot } from "../model/risk";

const CONTROL_TEXT: Record<RiskLimitHit["control"], string> = {
  position: "position limit",
  drawdown: "drawdown stop",
  "success-rate": "minimum success rate",
  throttle: "throttle",
};

/** "halted by the drawdown stop since block #40", "running". */
function stateText(latest: RiskEvent): string {
  if (latest.type === "risk:killed") return `killed by the instructor at block #${latest.block}`;
  if (latest.type === "risk:resumed") return `resumed by the instructor at block #${latest.block}`;
  if (latest.effect === "halted")
    return `halted by the ${CONTROL_TEXT[latest.control]} since block #${latest.block}`;
  if (latest.effect === "throttled") return `paused by the throttle until block #${latest.until}`;
  return `its ${CONTROL_TEXT[latest.control]} refused a trade at block #${latest.block}`;
}

function figures(hit: RiskLimitHit): HTMLElement {
  const { figures: f, limits } = hit;
  const rate = f.successRateBps === null ? "no trade yet" : formatBps(BigInt(f.successRateBps));
  const rows: [string, string][] = [
    ["equity", formatTokenAmount(f.equity)],
    [
      "drawdown from peak",
      `${formatTokenAmount(f.drawdown)} (stop at ${formatTokenAmount(limits.maxDrawdown)})`,
    ],
    [
      `success, last ${limits.successWindow}`,
      `${f.successes}/${f.attempts}: ${rate} (least ${formatBps(BigInt(limits.minSuccessRateBps))})`,
    ],
    ["failures in a row", `${f.consecutiveFailures} (throttle after ${limits.throttleAfterFailures})`],
  ];
  return h(
    "table",
    { class: "risk-figures", "data-testid": "risk-figures" },
    h("caption", {}, `Read from the chain after block #${f.block}`),
    rows.map(([name, value]) =>
      h("tr", {}, h("th", { scope: "row" }, name), h("td", { class: "mono" }, value)),
    ),
  );
}

function line(event: RiskEvent): HTMLElement {
  const what =
    event.type === "risk:limit-hit"
      ? `${CONTROL_TEXT[event.control]} (${event.effect})`
      : event.type.slice(5);
  return h("li", {}, h("strong", {}, `#${event.block} ${what}: `), event.explanation);
}

export function riskPanel(state: RiskSlice): Child[] {
  return riskByBot(state).map(({ bot, latest, hit }) =>
    h(
      "section",
      { class: "risk-bot", "data-testid": "risk-bot", "data-bot": bot, "data-state": latest.type },
      h("h3", {}, `${bot}: `, h("span", { "data-testid": "risk-state" }, stateText(latest))),
      hit && figures(hit),
      h(
        "details",
        {},
        h("summary", {}, "What its risk controls did"),
        h("ol", { class: "risk-events" }, state.riskEvents.filter((e) => e.bot === bot).map(line)),
      ),
    ),
  );
}
