/**
 * The board follows the story. Each panel of the board goes to one region of index.html:
 *   story    the step being told and the timeline, always first;
 *   focus    the panels the step is about, in the step's order, each grown to its whole content;
 *   context  the other panels the run uses, after them;
 *   unused   panels no step of the run names, folded to their title (a button opens one).
 * Live mode (no run) puts the mempool, the block and the findings in focus and folds nothing.
 * Nothing here knows a panel by name beyond the story's: a new panel joins by its name in a focus.
 */
import type { PanelId } from "../../server/events";
import type { BoardFocus } from "./model/focus";

type Region = "story" | "focus" | "context" | "unused";

const STORY: readonly string[] = ["step", "timeline"] satisfies PanelId[];
const LIVE: BoardFocus = { focus: ["mempool", "block", "findings"], used: new Set() };
const REGIONS: readonly Region[] = ["story", "focus", "context", "unused"];

/** Panels a viewer opened although the run does not use them: they stay open. */
const opened = new Set<string>();

export function landmarkId(name: string): string {
  return `${name}-panel`;
}

/** Moves each of `names` (the board's panels, in the registry's order) to its region. */
export function layOutBoard(board: HTMLElement, names: readonly PanelId[], plan: BoardFocus | null): void {
  const { focus, used } = plan ?? LIVE;
  board.dataset.mode = plan ? "story" : "live";
  const regionOf = (name: PanelId): Region => {
    if (STORY.includes(name)) return "story";
    if (focus.includes(name)) return "focus";
    return plan === null || used.has(name) ? "context" : "unused";
  };
  // The focus region in the step's order, the others in the registry's.
  const ordered = [...names].sort((a, b) => rank(a) - rank(b));
  function rank(name: PanelId): number {
    const index = focus.indexOf(name);
    return index < 0 ? focus.length + names.indexOf(name) : index;
  }
  for (const region of REGIONS) {
    const container = board.querySelector<HTMLElement>(`[data-region="${region}"]`)!;
    const members = ordered.filter((name) => regionOf(name) === region).map((name) => panelOf(name));
    for (const panel of members) fold(panel, region === "unused");
    placeIn(container, members);
  }
}

function panelOf(name: PanelId): HTMLElement {
  const panel = document.getElementById(landmarkId(name));
  if (!panel) throw new Error(`index.html has no section #${landmarkId(name)}`);
  return panel;
}

/** Appends only when the order differs: a moved element loses its keyboard focus and scroll. */
function placeIn(container: HTMLElement, members: readonly HTMLElement[]): void {
  const current = [...container.children];
  container.hidden = members.every((m) => m.hidden);
  if (members.length === current.length && members.every((m, i) => current[i] === m)) return;
  container.append(...members);
}

/** A folded panel shows its title line and a button that opens it. */
function fold(panel: HTMLElement, folded: boolean): void {
  const heading = panel.querySelector("h2");
  let toggle = panel.querySelector<HTMLButtonElement>(":scope > h2 > .panel-toggle");
  if (!folded) {
    delete panel.dataset.folded;
    toggle?.remove();
    return;
  }
  if (!toggle && heading) {
    toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "panel-toggle small";
    toggle.dataset.testid = "panel-toggle";
    toggle.addEventListener("click", () => {
      if (opened.has(panel.id)) opened.delete(panel.id);
      else opened.add(panel.id);
      fold(panel, true);
    });
    heading.append(toggle);
  }
  const open = opened.has(panel.id);
  panel.dataset.folded = open ? "open" : "closed";
  if (toggle) {
    toggle.textContent = open ? "Fold" : "Open";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.setAttribute(
      "aria-label",
      `${open ? "Fold" : "Open"} ${heading?.firstChild?.textContent ?? "the panel"}`,
    );
  }
}

/** A group of panels (the class column) shows when one of its panels does. */
export function hideWhenEmpty(group: HTMLElement): void {
  group.hidden = [...group.children].every((child) => (child as HTMLElement).hidden);
}
