/**
 * Golden traces: every scenario's default run must give exactly the events kept in
 * tests/golden/<scenario>.jsonl. A difference fails with the first event that differs, field by
 * field. When a change is meant to alter them: `npm run golden`, then review `git diff tests/golden`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { parseJsonLines, toJsonLines } from "../server/events";
import { playDefaultRun } from "../server/runs/golden";
import { SCENARIOS } from "../server/scenarios";
import { fieldDifferences, firstDifference } from "./helpers/eventDiff";

const GOLDEN_DIR = join(__dirname, "golden");
const REGENERATE =
  "if the change is meant to alter it, run `npm run golden` and review `git diff tests/golden`";

function goldenLines(name: string): string[] {
  return readFileSync(join(GOLDEN_DIR, `${name}.jsonl`), "utf8")
    .trimEnd()
    .split("\n");
}

describe("golden traces", () => {
  let clean: CleanWorld;

  beforeAll(async () => {
    clean = await CleanWorld.create(hardhatChain(hre));
  });

  it.each(SCENARIOS.map((s) => s.name))("%s plays exactly its golden trace", async (name) => {
    const expected = goldenLines(name);
    const actual = toJsonLines(await playDefaultRun(clean, name))
      .trimEnd()
      .split("\n");
    const difference = firstDifference(expected, actual);
    if (difference)
      expect.fail(`${name} differs from tests/golden/${name}.jsonl at ${difference}\n(${REGENERATE})`);
    expect(parseJsonLines(expected.join("\n"), `${name}.jsonl`).at(-1)?.type).toBe("run:finished");
  });
});

describe("the difference report", () => {
  it("names the first differing event and each differing field with both values", () => {
    const expected = [
      JSON.stringify({ type: "run:started", runId: "run-1", step: -1 }),
      JSON.stringify({
        type: "block:mined",
        runId: "run-1",
        step: 0,
        txs: [{ gasUsed: "21000" }],
        block: 30,
      }),
    ];
    const actual = [
      expected[0]!,
      JSON.stringify({
        type: "block:mined",
        runId: "run-1",
        step: 0,
        txs: [{ gasUsed: "21001" }],
        block: 31,
      }),
    ];
    expect(firstDifference(expected, actual)).toBe(
      [
        "event 2 (block:mined expected, block:mined got)",
        '  txs[0].gasUsed: expected "21000", got "21001"',
        "  block: expected 30, got 31",
      ].join("\n"),
    );
    expect(firstDifference(expected, expected)).toBeUndefined();
    expect(firstDifference(expected, expected.slice(0, 1))).toContain(
      "event 2 (block:mined expected, none got)",
    );
    expect(fieldDifferences({ a: 1 }, { a: 1, b: 2 })).toEqual(["b: expected undefined, got 2"]);
  });
});
