/**
 * A crash mid-class: `npm start` on a data dir, a finished run and one played slowly, then kill -9
 * and a restart on the same data dir. The finished run is intact with every event; the cut one is
 * `interrupted`, with the events it had more than a second before the kill.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient, waitFor } from "./helpers/http";
import { type RunningScript, runScript, startScript } from "./helpers/script";

const TOKEN = "restart-test-token";
const asInstructor = { token: TOKEN };

async function startOn(dataDir: string): Promise<{ run: RunningScript; api: ReturnType<typeof apiClient> }> {
  const run = startScript("start.ts", [
    ...["--rpc-port", "0", "--http-port", "0", "--block-time", "0"],
    ...["--token", TOKEN, "--data-dir", dataDir],
  ]);
  const url = await waitFor(() => {
    if (run.child.exitCode !== null) throw new Error(`npm start exited: ${run.output().stderr}`);
    return run.output().stdout.match(/Visualizer\s+(http:\/\/\S+?)\/?\s/)?.[1];
  }, 120_000);
  await waitFor(() => (run.output().stdout.includes("Press Ctrl-C to stop.") ? true : undefined), 60_000);
  return { run, api: apiClient(url) };
}

describe("kill -9 mid-run, then a restart on the same data dir", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-crash-"));
  const children: RunningScript[] = [];

  afterAll(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the finished run whole and marks the cut one interrupted", async () => {
    const first = await startOn(dataDir);
    children.push(first.run);
    const { api } = first;
    await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    await api("POST", "/api/runs/run-1/play", { body: { speed: 100 }, ...asInstructor });
    const finished = await waitFor(async () => {
      const view = (await api("GET", "/api/runs/run-1")).body;
      return view.status === "finished" ? view : undefined;
    });
    await api("POST", "/api/runs", { body: { scenario: "arbitrage" }, ...asInstructor });
    expect((await api("POST", "/api/runs/run-2/step", asInstructor)).status).toBe(200);
    // Played at a tenth of the pace: step 2 runs at once, then the next waits 10 s; the kill falls there.
    await api("POST", "/api/runs/run-2/play", { body: { speed: 0.1 }, ...asInstructor });
    await waitFor(async () => ((await api("GET", "/api/runs/run-2")).body.nextStep === 2 ? true : undefined));
    const cut = (await api("GET", "/api/runs/run-2")).body;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    first.run.child.kill("SIGKILL");
    await first.run.exited;

    const second = await startOn(dataDir);
    children.push(second.run);
    const runs = (await second.api("GET", "/api/runs")).body.runs;
    expect(runs).toEqual([
      { id: "run-1", scenario: "sandwich", status: "finished" },
      { id: "run-2", scenario: "arbitrage", status: "interrupted" },
    ]);
    const kept = (await second.api("GET", "/api/runs/run-1")).body;
    expect(kept.events).toEqual(finished.events);
    expect(kept.events.at(-1).type).toBe("run:finished");
    const interrupted = (await second.api("GET", "/api/runs/run-2")).body;
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.events).toEqual(cut.events);
    expect(interrupted.steps.map((step: { state: string }) => step.state).slice(0, 3)).toEqual([
      "done",
      "done",
      "next",
    ]);
    // Every control request of the first process is in the audit chain, and the chain is whole.
    const verified = await runScript("audit.ts", ["verify", "--data-dir", dataDir]);
    expect(verified.stdout).toContain("audit chain intact: 5 entries");
    expect(verified.code).toBe(0);
    second.run.child.kill("SIGINT");
    expect(await second.run.exited).toBe(0);
  }, 240_000);
});
