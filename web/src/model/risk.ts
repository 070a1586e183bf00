/** The bots' risk controls as the run's events tell them: each limit hit, kill and resume, in order. */
import type { RiskKilled, RiskLimitHit, RiskResumed } from "../../../server/events";
import type { SliceReducer } from "./slice";

export type RiskEvent = RiskLimitHit | RiskKilled | RiskResumed;

export interface RiskSlice {
  /** Every risk event of the run, oldest first. */
  riskEvents: RiskEvent[];
}

export const riskReducer: SliceReducer<RiskSlice> = {
  empty: { riskEvents: [] },
  reduce({ riskEvents }, event) {
    switch (event.type) {
      case "risk:limit-hit":
      case "risk:killed":
      case "risk:resumed":
        return { riskEvents: [...riskEvents, event] };
      default:
        return {};
    }
  },
};

/** Each bot's latest risk event and its latest figures (from its latest limit hit), by bot, in order of appearance. */
export function riskByBot(state: RiskSlice): { bot: string; latest: RiskEvent; hit: RiskLimitHit | null }[] {
  const bots = [...new Set(state.riskEvents.map((e) => e.bot))];
  return bots.map((bot) => {
    const own = state.riskEvents.filter((e) => e.bot === bot);
    const hits = own.filter((e): e is RiskLimitHit => e.type === "risk:limit-hit");
    return { bot, latest: own.at(-1)!, hit: hits.at(-1) ?? null };
  });
}
