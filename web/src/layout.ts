/**
 * The board's layout: which family and variant of styles/layout.css the run needs, as data
 * attributes on the board, from what the panels show.
 */
import type { LendingSlice } from "./model/lending";

/** "builder": bundles only; "market": bundles and bids; "auction": bids (or a bandit) without bundles. */
type Flow = "builder" | "auction" | "market";

export function layOutBoard(board: HTMLElement, view: Pick<LendingSlice, "positions">): void {
  // A lending run puts the health factor where the price chart would be.
  board.dataset.focus = view.positions.length > 0 ? "lending" : "pools";
  // A stack (the auction above the bandit) shows when one of its panels does.
  for (const stack of board.querySelectorAll<HTMLElement>(".stack")) hideWhenEmpty(stack);
  const flow = flowOf(isShown(board, ".area-builder"), isShown(board, ".area-market"));
  if (flow) board.dataset.flow = flow;
  else delete board.dataset.flow;
}

function isShown(board: HTMLElement, selector: string): boolean {
  const element = board.querySelector<HTMLElement>(selector);
  return element !== null && !element.hidden;
}

function flowOf(builder: boolean, market: boolean): Flow | null {
  if (builder) return market ? "market" : "builder";
  return market ? "auction" : null;
}

/** A group of panels (a stack, the class column) shows when one of its panels does. */
export function hideWhenEmpty(group: HTMLElement): void {
  group.hidden = [...group.children].every((child) => (child as HTMLElement).hidden);
}
