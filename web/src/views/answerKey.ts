/**
 * The answer key: on the step where a bot decides, the curve it optimised, computed in the page from
 * the same pure math (server/math) and the figures its decision event carries, with where it chose.
 * Sandwich: profit against frontrun and the x·y = k moves; arbitrage: profit against input;
 * liquidation: health factor over blocks, repaid against seized; auctions: each bid against the value
 * (drawn by the auction panel instead when the step's focus shows it).
 */
import type { AuctionBid } from "../../../server/events";
import type { WorldState } from "../../../server/world/describe";
import { arbitrageChart } from "../charts/arbitrageChart";
import { arbitrageInputs } from "../charts/arbitrageData";
import { auctionChart } from "../charts/auctionChart";
import { decimalToUnits, inputValue } from "../charts/decisionInputs";
import { healthChart, seizedChart } from "../charts/liquidationChart";
import { liquidationInputs } from "../charts/liquidationData";
import { sandwichCurveChart, sandwichProfitChart } from "../charts/sandwichChart";
import { sandwichInputs } from "../charts/sandwichData";
import { type Child, h } from "../dom";
import { type AuctionSlice, winningBids } from "../model/auction";
import type { BlocksSlice } from "../model/blocks";
import type { BuilderSlice } from "../model/builder";
import type { LendingSlice } from "../model/lending";
import { type Decision, type RunSlice, stepToShow } from "../model/run";

export type AnswerKeyState = RunSlice & LendingSlice & AuctionSlice & BuilderSlice & BlocksSlice;

/** Decisions with a curve to draw: sandwiches, arbitrages, liquidations. */
const CHARTED = new Set(["sandwich", "arbitrage", "liquidation"]);
/** At most this many decisions of one step are drawn (the latest): a projector holds no more. */
const MOST = 3;

/** The decisions and bids of the step shown (the selected one, the one in progress, else the latest). */
export function answerKeyItems(state: AnswerKeyState, selected: number | null) {
  const step = stepToShow(state, selected);
  const ofStep = <T extends { step: number }>(items: readonly T[]) =>
    step ? items.filter((i) => i.step === step.index) : items.slice(-MOST);
  const decisions = ofStep(state.decisions).filter(
    (d) => CHARTED.has(d.kind) && (d.type === "opportunity:found" || d.kind === "sandwich"),
  );
  // Where the auction panel is in the step's focus, its chart is the bids against the value: not drawn twice.
  const auctionShown = step?.focus.includes("auction") ?? false;
  return { decisions: decisions.slice(-MOST), bids: auctionShown ? [] : ofStep(state.bids) };
}

function decisionCharts(d: Decision, state: AnswerKeyState, world: WorldState | null): Child[] {
  const decimalsOf = (symbol: string) => world?.tokens.find((t) => t.symbol === symbol)?.decimals ?? 18;
  const sandwich = sandwichInputs(d);
  if (sandwich) return [sandwichProfitChart(sandwich, decimalsOf), sandwichCurveChart(sandwich, decimalsOf)];
  const arbitrage = arbitrageInputs(d);
  if (arbitrage) return [arbitrageChart(arbitrage, decimalsOf(arbitrage.startToken))];
  const liquidation = liquidationInputs(d);
  if (!liquidation) return [];
  const user = inputValue(d.inputs, "user") ?? "";
  const position = state.positions.find((p) => user.toLowerCase().includes(p.user.address.toLowerCase()));
  return [
    position &&
      healthChart(position.user.label, position.history, {
        block: d.block,
        healthFactor: decimalToUnits(inputValue(d.inputs, "healthFactor"), 18) ?? null,
      }),
    seizedChart(liquidation),
  ];
}

function heading(d: Decision): HTMLElement {
  const verb = d.type === "opportunity:found" ? `✔ ${d.bot} acts` : `✘ ${d.bot} declines`;
  return h("h3", { class: "decision-note" }, `${verb} (${d.kind}) at block #${d.block}`);
}

export function answerKeyPanel(
  state: AnswerKeyState,
  selected: number | null,
  world: WorldState | null,
): Child[] {
  const { decisions, bids } = answerKeyItems(state, selected);
  const won = new Set<AuctionBid>(winningBids(state));
  return [
    decisions.map((d) =>
      h(
        "section",
        { class: "answer-key", "data-testid": "answer-key", "data-kind": d.kind, "data-decision": d.id },
        heading(d),
        decisionCharts(d, state, world),
      ),
    ),
    bids.length > 0 &&
      h(
        "section",
        { class: "answer-key", "data-testid": "answer-key", "data-kind": "auction" },
        auctionChart(bids, won, "Each bid against the opportunity's value", "answer-bids"),
      ),
  ];
}
