/**
 * Runs that last, in the page: after a restart on the same data dir, "Runs" lists the earlier run and
 * shows it step by step from the store; a run file opened in the page shows the same steps; a
 * malformed file is refused with the line named, and the page keeps what it showed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import { openStore } from "../server/store";
import { ensureWebBuild, LAPTOP, launchChromium, openPage, screenshot } from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";

const WAIT = { timeout: 20_000 };
const ROOT = join(__dirname, "..");

describe("earlier runs and run files in the page", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-page-runs-"));
  let sandbox: Sandbox | undefined;
  let browser: Browser;
  let staticDir: string;
  let titles: string[] = [];

  const start = async () => {
    sandbox = await startTestSandbox(hre, { staticDir, store: openStore(dataDir, ROOT) });
    return apiClient(sandbox.http.url);
  };

  beforeAll(async () => {
    staticDir = ensureWebBuild();
    const api = await start();
    await api("POST", "/api/runs", { body: { scenario: "sandwich" }, token: TEST_TOKEN });
    await api("POST", "/api/runs/run-1/play", { body: { speed: 100 }, token: TEST_TOKEN });
    const view = await waitFor(async () => {
      const body = (await api("GET", "/api/runs/run-1")).body;
      return body.status === "finished" ? body : undefined;
    });
    titles = view.steps.map((step: { title: string }) => step.title);
    await sandbox!.close();
    await start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function timelineTitles(page: Page): Promise<string[]> {
    return page.getByTestId("timeline-step").evaluateAll((steps) => steps.map((s) => s.textContent ?? ""));
  }

  it("lists the earlier session's run and shows it step by step, without touching the chain", async () => {
    const blockBefore = await sandbox!.chain.latestBlock();
    const { page, errors } = await openPage(browser, `${sandbox!.http.url}/`, LAPTOP);
    await page.locator(".runs-menu summary").click();
    const button = page.locator("[data-testid=runs-list] button[data-run=run-1]");
    await button.waitFor(WAIT);
    expect(await button.textContent()).toBe("run-1 · sandwich · finished");
    await button.click();
    await expect.poll(() => page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
    const shown = await timelineTitles(page);
    for (const title of titles) expect(shown.join("\n")).toContain(title);
    await page.getByTestId("timeline-step").first().locator("button").first().click();
    expect(await page.locator("#step").textContent()).toContain(titles[0]!);
    await screenshot(page, "earlier-run-1366x768");
    expect((await sandbox!.chain.latestBlock()).number).toBe(blockBefore.number);
    expect(errors).toEqual([]);
  });

  it("opens an exported run file, and names the line of a broken one", async () => {
    const exported = await (await fetch(`${sandbox!.http.url}/api/runs/run-1/export`)).text();
    expect(exported).toBe(readFileSync(join(__dirname, "golden", "sandwich.jsonl"), "utf8"));
    const { page } = await openPage(browser, `${sandbox!.http.url}/`, LAPTOP);
    await page.locator(".runs-menu summary").click();
    const input = page.getByTestId("run-file");
    await input.setInputFiles({
      name: "run-1.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(exported),
    });
    await expect
      .poll(() => page.locator("#message").textContent(), WAIT)
      .toContain("run-1.jsonl: sandwich (run-1, finished)");
    const shown = await timelineTitles(page);
    for (const title of titles) expect(shown.join("\n")).toContain(title);

    const broken = exported.split("\n").slice(0, 3).join("\n").concat("\n{cut");
    await input.setInputFiles({
      name: "broken.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(broken),
    });
    await expect
      .poll(() => page.locator("#message").textContent(), WAIT)
      .toContain("broken.jsonl:4: the file ends in the middle of an event");
    expect(await timelineTitles(page)).toEqual(shown);
  });
});
