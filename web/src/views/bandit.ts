/**
 * What a bidding bandit learned: per arm (a bid level, as a share of the opportunity's value) a bar
 * of its pulls and a bar of its win rate, with the mean profit per pull written beside them.
 */
import type { BanditArm } from "../../../server/events";
import { type Child, h, s } from "../dom";
import { changeText, formatBps } from "../format";
import { type AuctionSlice, type BanditView, winRateBps } from "../model/auction";

const WIDTH = 520;
const ROW = 26;
const LABEL = 80;
const BAR = 140;
/** Where the mean profit per pull is written, after the two bars. */
const PROFIT_X = LABEL + 2 * BAR + 20;

function armRow(arm: BanditArm, i: number, maxPulls: number, latest: boolean): Child[] {
  const y = 18 + i * ROW;
  const pulls = maxPulls === 0 ? 0 : (arm.pulls / maxPulls) * BAR;
  const rate = (Number(winRateBps(arm)) / 10_000) * BAR;
  return [
    s(
      "text",
      { x: LABEL - 8, y: y + 12, class: "tick", "text-anchor": "end" },
      `bid ${formatBps(BigInt(arm.bidBps))}`,
    ),
    s("rect", { x: LABEL, y, width: BAR - 4, height: 18, class: "bar-track" }),
    s("rect", { x: LABEL, y, width: pulls, height: 18, class: `bar pulls${latest ? " latest" : ""}` }),
    s("text", { x: LABEL + 4, y: y + 12, class: "bar-text" }, `${arm.pulls} pulls`),
    s("rect", { x: LABEL + BAR + 8, y, width: BAR - 4, height: 18, class: "bar-track" }),
    s("rect", { x: LABEL + BAR + 8, y, width: rate, height: 18, class: "bar wins" }),
    s("text", { x: LABEL + BAR + 12, y: y + 12, class: "bar-text" }, `${formatBps(winRateBps(arm))} won`),
    s(
      "text",
      { x: PROFIT_X, y: y + 12, class: "bar-text" },
      changeText({ amount: arm.meanProfit, symbol: "ETH", decimals: 18 }, 4),
    ),
  ];
}

function banditFigure(bandit: BanditView): HTMLElement {
  const maxPulls = Math.max(0, ...bandit.arms.map((a) => a.pulls));
  const last = bandit.rounds[bandit.rounds.length - 1];
  const height = 24 + bandit.arms.length * ROW;
  const wins = bandit.rounds.filter((r) => r.won).length;
  return h(
    "figure",
    { class: "chart-figure", "data-testid": "bandit", "data-bot": bandit.bot },
    h(
      "figcaption",
      {},
      h("strong", {}, bandit.bot),
      ` · ${bandit.rounds.length} round${bandit.rounds.length === 1 ? "" : "s"}, ${wins} won`,
      last &&
        ` · round ${last.round}: pulled bid ${formatBps(BigInt(bandit.arms[last.arm]?.bidBps ?? 0))}, ${last.won ? "won" : "lost"}, ${changeText(last.profit)}`,
    ),
    s(
      "svg",
      {
        viewBox: `0 0 ${WIDTH} ${height}`,
        role: "img",
        class: "chart bandit-chart",
        "aria-label": `${bandit.bot}'s arms: ${bandit.arms.map((a) => `bid ${formatBps(BigInt(a.bidBps))}, ${a.pulls} pulls, ${formatBps(winRateBps(a))} won`).join("; ")}`,
      },
      s("text", { x: LABEL, y: 12, class: "tick" }, "pulls"),
      s("text", { x: LABEL + BAR + 8, y: 12, class: "tick" }, "win rate"),
      s("text", { x: PROFIT_X, y: 12, class: "tick" }, "mean profit / pull"),
      bandit.arms.map((arm, i) => armRow(arm, i, maxPulls, last?.arm === i)),
    ),
    h(
      "table",
      { class: "arms" },
      h("caption", { class: "visually-hidden" }, `${bandit.bot}'s arms`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["arm", "pulls", "wins", "α / β", "mean profit per pull"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        bandit.arms.map((arm) =>
          h(
            "tr",
            { "data-testid": "bandit-arm" },
            h("th", { scope: "row" }, `bid ${formatBps(BigInt(arm.bidBps))} of value`),
            h("td", {}, String(arm.pulls)),
            h("td", {}, String(arm.wins)),
            h("td", {}, `${arm.alpha} / ${arm.beta}`),
            h("td", {}, changeText({ amount: arm.meanProfit, symbol: "ETH", decimals: 18 })),
          ),
        ),
      ),
    ),
  );
}

export function banditPanel(state: Pick<AuctionSlice, "bandits">): Child[] {
  if (state.bandits.length === 0) return [h("p", { class: "muted empty" }, "No bandit in this run.")];
  return state.bandits.map(banditFigure);
}
