/**
 * The run and its story: its status and summary, each step's title, narration and formulas, the
 * blocks mined during it, and what the bots decided.
 */
import type {
  FormulaUse,
  OpportunityFound,
  OpportunitySkipped,
  PanelId,
  RunFinished,
  RunStarted,
  SandboxEvent,
} from "../../../server/events";
import { upsertBy } from "./lists";
import type { SliceReducer } from "./slice";

export interface StepView {
  index: number;
  title: string;
  status: "running" | "done";
  narration: string | null;
  formulas: FormulaUse[];
  /** The panels the step is about, most important first. */
  focus: PanelId[];
  /** Blocks mined during this step, in order. */
  blocks: number[];
}

export type Decision = OpportunityFound | OpportunitySkipped;

export interface RunInfo {
  id: string;
  scenario: string;
  params: Record<string, unknown>;
  seed: string;
  status: "running" | "finished" | "failed";
  error: { name: string; message: string } | null;
  summary: RunFinished["summary"] | null;
}

export interface RunSlice {
  run: RunInfo | null;
  steps: StepView[];
  /** The step in progress, -1 between steps. */
  currentStep: number;
  decisions: Decision[];
}

/** The run as its `run:started` event announces it (a new run starts a fresh view: see reducer.ts). */
export function startedRun(event: RunStarted): RunInfo {
  return {
    id: event.runId,
    scenario: event.scenario,
    params: event.params,
    seed: event.seed,
    status: "running",
    error: null,
    summary: null,
  };
}

export const runReducer: SliceReducer<RunSlice> = {
  empty: { run: null, steps: [], currentStep: -1, decisions: [] },
  reduce(state, event) {
    switch (event.type) {
      case "run:finished":
        return withRun(state, { status: "finished", summary: event.summary });
      case "run:failed":
        return withRun(state, { status: "failed", error: event.error });
      case "step:started":
      case "step:finished":
        return stepEvent(state, event);
      case "block:mined":
        return {
          steps: state.steps.map((s) =>
            s.index === event.step && !s.blocks.includes(event.block)
              ? { ...s, blocks: [...s.blocks, event.block] }
              : s,
          ),
        };
      case "opportunity:found":
      case "opportunity:skipped":
        return { decisions: [...state.decisions, event] };
      default:
        return {};
    }
  },
};

function withRun(state: RunSlice, patch: Partial<RunInfo>): Partial<RunSlice> {
  return state.run ? { run: { ...state.run, ...patch } } : {};
}

function stepEvent(
  state: RunSlice,
  event: Extract<SandboxEvent, { type: "step:started" | "step:finished" }>,
): Partial<RunSlice> {
  if (event.type === "step:started") {
    return {
      currentStep: event.index,
      steps: upsertStep(state.steps, {
        index: event.index,
        title: event.title,
        status: "running",
        narration: null,
        formulas: [],
        focus: event.focus,
        blocks: [],
      }),
    };
  }
  const previous = state.steps.find((s) => s.index === event.index);
  return {
    currentStep: -1,
    steps: upsertStep(state.steps, {
      index: event.index,
      title: event.title,
      status: "done",
      narration: event.narration,
      formulas: event.formulas,
      focus: event.focus,
      blocks: previous?.blocks ?? [],
    }),
  };
}

function upsertStep(steps: readonly StepView[], step: StepView): StepView[] {
  return upsertBy(steps, step, (s) => s.index === step.index).sort((a, b) => a.index - b.index);
}

/** The step to narrate: the selected one, else the one in progress, else the latest. */
export function stepToShow(
  state: Pick<RunSlice, "steps" | "currentStep">,
  selected: number | null,
): StepView | null {
  if (selected !== null) return state.steps.find((s) => s.index === selected) ?? null;
  if (state.currentStep >= 0) return state.steps.find((s) => s.index === state.currentStep) ?? null;
  return state.steps[state.steps.length - 1] ?? null;
}
