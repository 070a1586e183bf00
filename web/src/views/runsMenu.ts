/**
 * "Runs": any run the sandbox kept (this session's and earlier ones'), shown again step by step
 * from the store, and a run file opened from disk. Both are read-only: nothing touches the chain.
 */
import type { RunsList } from "../api";
import { type Child, h, replace } from "../dom";

export interface RunsMenuInput {
  listRuns(): Promise<RunsList>;
  onShow(runId: string): void;
  onFile(name: string, text: string): void;
}

export function runsMenu({ listRuns, onShow, onFile }: RunsMenuInput): Child {
  const list = h("ul", { class: "runs-list", "data-testid": "runs-list" });
  const fill = async () => {
    replace(list, h("li", { class: "muted" }, "Reading the runs…"));
    try {
      const { runs } = await listRuns();
      replace(
        list,
        runs.length === 0
          ? h("li", { class: "muted" }, "No run yet.")
          : [...runs]
              .reverse()
              .map((run) =>
                h(
                  "li",
                  {},
                  h(
                    "button",
                    { type: "button", class: "small", "data-run": run.id, onclick: () => onShow(run.id) },
                    `${run.id} · ${run.scenario} · ${run.status}`,
                  ),
                ),
              ),
      );
    } catch (error) {
      replace(list, h("li", { class: "muted" }, `The runs could not be read: ${(error as Error).message}`));
    }
  };
  const file = h("input", {
    type: "file",
    accept: ".jsonl,.json,application/x-ndjson",
    "data-testid": "run-file",
    onchange: async (event: Event) => {
      const chosen = (event.target as HTMLInputElement).files?.[0];
      if (chosen) onFile(chosen.name, await chosen.text());
    },
  });
  return h(
    "details",
    {
      class: "runs-menu",
      ontoggle: (event: Event) => (event.target as HTMLDetailsElement).open && void fill(),
    },
    h("summary", {}, "Runs"),
    h(
      "div",
      { class: "runs-menu-body" },
      list,
      h("label", { class: "run-file" }, "Open a run file (.jsonl) ", file),
    ),
  );
}
