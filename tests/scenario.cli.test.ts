import { describe, expect, it } from "vitest";
import { parseScenarioArgs } from "../scripts/lib/scenarioArgs";
import { SCENARIOS } from "../server/scenarios";
import { runScript } from "./helpers/script";

describe("npm run scenario arguments", () => {
  it("reads a scenario, parameters in either case, and flags", () => {
    expect(
      parseScenarioArgs(["sandwich", "--victim-size", "20", "--slippage=1", "--json", "--step"]),
    ).toEqual({
      kind: "run",
      scenario: "sandwich",
      params: { victimSize: "20", slippage: "1" },
      json: true,
      step: true,
    });
  });

  it("lists scenarios when no name is given", () => {
    expect(parseScenarioArgs([])).toEqual({ kind: "list" });
    expect(parseScenarioArgs(["--list"])).toEqual({ kind: "list" });
  });

  it("refuses a parameter without a value", () => {
    expect(parseScenarioArgs(["sandwich", "--slippage"])).toEqual({
      kind: "error",
      message: "--slippage needs a value",
    });
  });
});

const runScenario = (args: string[], stdin?: string) => runScript("scenario.ts", args, stdin);

describe("npm run scenario", () => {
  it("lists the scenarios with their parameters and defaults", async () => {
    const { code, stdout } = await runScenario(["--list"]);
    expect(code).toBe(0);
    for (const name of [
      "sandwich",
      "arbitrage",
      "liquidation",
      "triangular",
      "protected-swap",
      "jit-liquidity",
      "backrun",
    ])
      expect(stdout).toContain(`  ${name} — `);
    expect(stdout).toContain("--slippage <value>");
    expect(stdout).toContain("default 2");
  });

  it("exits 2 on an unknown scenario, naming the accepted ones", async () => {
    const { code, stderr, stdout } = await runScenario(["sandwhich"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      `unknown scenario "sandwhich" (accepted: ${SCENARIOS.map((s) => s.name).join(", ")})`,
    );
  });

  it("exits 2 on a bad parameter, saying what is accepted", async () => {
    const { code, stderr } = await runScenario(["sandwich", "--slippage", "90"]);
    expect(code).toBe(2);
    expect(stderr).toContain("slippage: must be a number from 0.01 to 50 (%)");
  });

  it("prints only JSON events on stdout with --json, and the same bytes twice", async () => {
    const first = await runScenario(["sandwich", "--json"]);
    const second = await runScenario(["sandwich", "--json"]);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trimEnd().split("\n");
    const events = lines.map((line) => JSON.parse(line) as { type: string });
    expect(events[0]!.type).toBe("run:started");
    expect(events.at(-1)!.type).toBe("run:finished");
    expect(events.map((e) => e.type)).toContain("mev:classified");
    expect(second.stdout).toBe(first.stdout);
  }, 120_000);

  it("narrates the run and ends with the profit and loss table", async () => {
    const { code, stdout } = await runScenario(["sandwich"]);
    expect(code).toBe(0);
    expect(stdout).toContain("━━ Step 1/4");
    expect(stdout).toContain("Profit and loss per actor");
    expect(stdout).toMatch(/builder\s+\+0\.\d+ ETH/);
  }, 120_000);

  it("--step waits for Enter before each step, also from piped input", async () => {
    const { code, stderr, stdout } = await runScenario(["liquidation", "--step"], "\n\n\n");
    expect(code, stderr).toBe(0);
    for (const step of [1, 2, 3]) expect(stderr).toContain(`[Enter] step ${step}/3`);
    expect(stdout).toContain("Profit and loss per actor");
  }, 120_000);
});
