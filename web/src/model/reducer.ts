/**
 * The page's reducer: a pure function from the sandbox's events (server/events.ts) to what the page
 * shows. No DOM, no I/O, no clock: the same events give the same view, which is what lets a viewer
 * who joins mid-run, or reconnects, rebuild the page at once from the run's event list.
 *
 * The view is made of slices, one file each in this folder. Every event goes to every slice, and
 * each returns the fields of its own that change. A new slice: its file and one line in SLICES.
 * The shapes of the events are imported, never copied. Amounts stay decimal strings of base units.
 */
import type { SandboxEvent } from "../../../server/events";
import { auctionReducer } from "./auction";
import { blocksReducer } from "./blocks";
import { builderReducer } from "./builder";
import { chainsReducer } from "./chains";
import { lendingReducer } from "./lending";
import { mempoolReducer } from "./mempool";
import { outcomeReducer } from "./outcome";
import { poolsReducer } from "./pools";
import { riskReducer } from "./risk";
import { runReducer, startedRun } from "./run";

/** Every slice of the view, by name. */
export const SLICES = {
  run: runReducer,
  mempool: mempoolReducer,
  blocks: blocksReducer,
  pools: poolsReducer,
  lending: lendingReducer,
  builder: builderReducer,
  auction: auctionReducer,
  outcome: outcomeReducer,
  risk: riskReducer,
  chains: chainsReducer,
};

export type SliceName = keyof typeof SLICES;

/** `A | B` → `A & B`: the distributive function-parameter trick. */
type Together<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The fields of the slices named `K`, together: what a panel that reads those slices is given. */
export type SlicesOf<K extends SliceName> = Together<(typeof SLICES)[K]["empty"]>;

export type ViewState = SlicesOf<SliceName> & {
  /** Events applied, for the page's "n events" and for tests. */
  eventCount: number;
};

/** Every slice empty: the view before any event. */
export const EMPTY_STATE: ViewState = Object.assign(
  { eventCount: 0 },
  ...Object.values(SLICES).map((slice) => slice.empty),
);

/** Applies one event. A `run:started` starts a fresh view: the page shows one run at a time. */
export function reduce(state: ViewState, event: SandboxEvent): ViewState {
  if (event.type === "run:started") return { ...EMPTY_STATE, run: startedRun(event), eventCount: 1 };
  const next: ViewState = { ...state, eventCount: state.eventCount + 1 };
  // Each slice reads the state before this event and changes only its own fields.
  for (const slice of Object.values(SLICES)) Object.assign(next, slice.reduce(state, event));
  return next;
}

/** Folds a whole event list, from an empty view. */
export function replay(events: readonly SandboxEvent[]): ViewState {
  return events.reduce(reduce, EMPTY_STATE);
}
