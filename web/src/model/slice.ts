/**
 * What every slice of the page's state provides: what it starts as, and how an event moves it.
 * `reduce` reads the state it is given (its own fields, and the others' it declares in `Reads`)
 * and returns only its own fields that change: `{}` when the event is not its business.
 */
import type { SandboxEvent } from "../../../server/events";

export interface SliceReducer<Own, Reads = Own> {
  empty: Own;
  reduce(state: Reads, event: SandboxEvent): Partial<Own>;
}
