/**
 * The page's panels, by the names a step uses to say what it is about (its focus). The page
 * (web/src/panels.ts) draws one panel per name; a new panel joins with its name here.
 */
export type PanelId =
  | "step"
  | "timeline"
  | "mempool"
  | "block"
  | "answerKey"
  | "builder"
  | "auction"
  | "bandit"
  | "findings"
  | "pools"
  | "lending"
  | "actors"
  | "risk"
  | "chains";
