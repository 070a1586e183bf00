/**
 * Runs that last: the sandbox writes every run and event to its store, lists earlier sessions' runs
 * after a restart, exports a run as JSON lines (the `--json` format) and replays an export in the
 * terminal with the scenario command's narration.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { narrate } from "../scripts/lib/narrator";
import type { SandboxEvent } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { openStore } from "../server/store";
import { apiClient, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";
import { runScript } from "./helpers/script";

const ROOT = join(__dirname, "..");
const asInstructor = { token: TEST_TOKEN };

describe("runs kept in the store", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-runs-"));
  let sandbox: Sandbox | undefined;
  let api: ReturnType<typeof apiClient>;
  let exported = "";

  async function start(): Promise<void> {
    sandbox = await startTestSandbox(hre, { store: openStore(dataDir, ROOT) });
    api = apiClient(sandbox.http.url);
  }

  beforeAll(start);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("exports a finished run as the scenario command's --json lines: its golden trace", async () => {
    const created = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    expect(created.body.id).toBe("run-1");
    await api("POST", "/api/runs/run-1/play", { body: { speed: 100 }, ...asInstructor });
    await waitFor(async () =>
      (await api("GET", "/api/runs/run-1")).body.status === "finished" ? true : undefined,
    );
    const response = await fetch(`${sandbox!.http.url}/api/runs/run-1/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    expect(response.headers.get("content-disposition")).toContain("filename=run-1-sandwich.jsonl");
    exported = await response.text();
    expect(exported).toBe(readFileSync(join(__dirname, "golden", "sandwich.jsonl"), "utf8"));
    expect((await api("GET", "/api/runs/run-9/export")).status).toBe(404);
  });

  it("after a restart: lists the earlier run with its events, refuses to run it, numbers new runs after it", async () => {
    const before = (await api("GET", "/api/runs/run-1")).body;
    await api("POST", "/api/runs", { body: { scenario: "arbitrage" }, ...asInstructor });
    await sandbox!.close();
    await start();

    const list = (await api("GET", "/api/runs")).body;
    expect(list.runs).toEqual([
      { id: "run-1", scenario: "sandwich", status: "finished" },
      { id: "run-2", scenario: "arbitrage", status: "ready" },
    ]);
    const after = (await api("GET", "/api/runs/run-1")).body;
    expect(after.events).toEqual(before.events);
    expect(after.steps).toEqual(before.steps);
    const step = await api("POST", "/api/runs/run-1/step", asInstructor);
    expect(step.status).toBe(409);
    expect(step.body.error.code).toBe("run_archived");
    expect(step.body.error.message).toContain("is from an earlier session and is finished");
    // A run created but never started comes back playable.
    expect((await api("POST", "/api/runs/run-2/step", asInstructor)).status).toBe(200);
    expect((await api("POST", "/api/runs/run-2/reset", asInstructor)).status).toBe(200);
    const created = await api("POST", "/api/runs", { body: { scenario: "backrun" }, ...asInstructor });
    expect(created.body.id).toBe("run-3");
  });

  it("npm run replay narrates an export exactly as the run was narrated", async () => {
    const file = join(dataDir, "run-1.jsonl");
    writeFileSync(file, exported);
    const events = exported
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as SandboxEvent);
    const stepCount = events.filter((event) => event.type === "step:started").length;
    const expected = events.flatMap((event) => narrate(event, stepCount)).join("\n");
    const replayed = await runScript("replay.ts", [file]);
    expect(replayed.stderr).toBe("");
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toBe(`${expected}\n`);
    expect(replayed.stdout).toContain("━━ Step 3/4");
  });

  it("npm run replay names the line of a malformed or cut-off file, with exit code 2", async () => {
    const lines = exported.trimEnd().split("\n");
    const cases: [string, string, string][] = [
      ["not-json", [lines[0], lines[1], "{oops", lines[3]].join("\n"), "not-json.jsonl:3: not JSON"],
      [
        "cut-off",
        `${lines.slice(0, 4).join("\n")}\n${lines[4]!.slice(0, 40)}`,
        "cut-off.jsonl:5: the file ends in the middle of an event: it was cut off (truncated)",
      ],
      [
        "unknown-type",
        [lines[0], '{"type":"coffee:made","runId":"run-1","step":0}'].join("\n"),
        'unknown-type.jsonl:2: unknown event type "coffee:made" (accepted: run:started',
      ],
      ["no-start", lines.slice(1, 3).join("\n"), "no-start.jsonl:1: the first event is"],
      ["empty", "", "empty.jsonl:1: the file holds no events"],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dataDir, `${name}.jsonl`);
      writeFileSync(file, text);
      const result = await runScript("replay.ts", [file]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toContain(message);
      expect(result.stdout, name).toBe("");
    }
    const missing = await runScript("replay.ts", [join(dataDir, "nope.jsonl")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  });
});
