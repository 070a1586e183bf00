/** The outcome for each actor: balances and profit or loss since the run started, after the latest block. */
import type { ActorBalances } from "../../../server/events";
import type { SliceReducer } from "./slice";

export interface OutcomeSlice {
  actors: ActorBalances[];
  /** The block of the latest balances. */
  actorsBlock: number | null;
}

export const outcomeReducer: SliceReducer<OutcomeSlice> = {
  empty: { actors: [], actorsBlock: null },
  reduce(_state, event) {
    return event.type === "balances:updated" ? { actors: event.actors, actorsBlock: event.block } : {};
  },
};
