/**
 * The layout follows the story (issue 12, part 1): at each step of the sandwich, liquidation,
 * sealed-bid, cascade and cross-chain scenarios, on a laptop (1366×768) and a projector (1920×1080),
 * every panel the step names in its focus shows its whole content: nothing scrolls inside it, nothing
 * is under the fold.
 * One browser, one page per size, both watching the same run; a screenshot per scenario, size and
 * step goes to test-artifacts/screenshots/. `?view=projector` shows only the step and its focus.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PanelId } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import {
  ensureWebBuild,
  LAPTOP,
  launchChromium,
  openPage,
  PROJECTOR,
  screenshot,
  type WatchedPage,
} from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

const WAIT = { timeout: 30_000, interval: 100 };
const SIZES = [LAPTOP, PROJECTOR] as const;

interface PlannedStep {
  index: number;
  focus: PanelId[];
}

/** What a panel of the focus shows beyond its box: the panel's own and its inner scrolling elements'. */
interface Overflow {
  panel: string;
  problems: string[];
}

/** The focus panels (and the step) that show, with what is clipped or under the fold. */
function overflowsIn(page: Page, focus: readonly PanelId[]): Promise<Overflow[]> {
  return page.evaluate((names) => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    return ["step", ...names].flatMap((name) => {
      const panel = document.getElementById(`${name}-panel`);
      // A panel with nothing to show in this run (the builder without bundles) stays hidden.
      if (!panel || panel.hidden) return [];
      const problems: string[] = [];
      const box = panel.getBoundingClientRect();
      if (box.top < 0 || box.left < 0 || box.bottom > height + 0.5 || box.right > width + 0.5)
        problems.push(
          `box ${Math.round(box.top)}–${Math.round(box.bottom)} in a ${width}×${height} viewport`,
        );
      for (const element of [panel, ...Array.from(panel.querySelectorAll<HTMLElement>("*"))]) {
        const { overflowY, overflowX } = getComputedStyle(element);
        const scrolls = (value: string) => value === "auto" || value === "scroll";
        if (scrolls(overflowY) && element.scrollHeight > element.clientHeight + 1)
          problems.push(
            `${element.tagName}.${element.className} scrolls ${element.scrollHeight}/${element.clientHeight}`,
          );
        if (scrolls(overflowX) && element.scrollWidth > element.clientWidth + 1)
          problems.push(`${element.tagName}.${element.className} scrolls sideways`);
      }
      return problems.length > 0 ? [{ panel: name, problems }] : [];
    });
  }, focus);
}

describe("the layout follows the story, in Chromium", { retry: 1 }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    const staticDir = ensureWebBuild();
    sandbox = await startTestSandbox(hre, { staticDir });
    api = apiClient(sandbox.http.url);
    browser = await launchChromium();
    // The instructor's page: its controls take their room at the top, as in class.
    for (const size of SIZES) {
      const watched = await openPage(browser, `${sandbox.http.url}/`, size);
      await watched.page.locator("#connection[data-state=connected]").waitFor(WAIT);
      await watched.page.getByTestId("token-input").fill(TEST_TOKEN);
      await watched.page.getByTestId("token-submit").click();
      await watched.page.locator("#controls:not([hidden])").waitFor(WAIT);
      pages.push(watched);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  async function startRun(scenario: string): Promise<{ id: string; steps: PlannedStep[] }> {
    const start = () => api("POST", "/api/runs", { body: { scenario, params: {} }, token: TEST_TOKEN });
    let { status, body } = await start();
    if (status === 409) {
      // A retried test: the first attempt's run still holds the chain.
      await api("POST", `/api/runs/${body.error.details.runningRunId}/reset`, { token: TEST_TOKEN });
      ({ status, body } = await start());
    }
    expect(status).toBe(201);
    return body;
  }

  /** Runs the next step and waits until `page` shows it done, at the top of the page. */
  async function shows(page: Page, runId: string, done: number): Promise<void> {
    // The page follows the run once it holds the chain (its first step).
    await page.locator("#run-info").filter({ hasText: runId }).waitFor(WAIT);
    // Attached, not visible: the projector view hides the timeline.
    await page
      .locator(`[data-testid=timeline-step]:nth-child(${done}).done`)
      .waitFor({ state: "attached", ...WAIT });
    // Starting a run from the new-run form folds it; these runs came through the API.
    const newRun = page.locator("details.new-run[open]");
    if ((await newRun.count()) > 0) await newRun.locator("summary").click();
    await page.evaluate(() => window.scrollTo(0, 0));
  }

  for (const scenario of ["sandwich", "liquidation", "sealed-bid", "cascade", "cross-chain"]) {
    it(`${scenario}: each step's focus shows whole, above the fold, at 1366×768 and 1920×1080`, async () => {
      const run = await startRun(scenario);
      for (const step of run.steps) {
        const { status } = await api("POST", `/api/runs/${run.id}/step`, { token: TEST_TOKEN });
        expect(status).toBe(200);
        expect(step.focus.length).toBeGreaterThan(0);
        for (const { page } of pages) {
          await shows(page, run.id, step.index + 1);
          const size = page.viewportSize()!;
          await screenshot(page, `layout-${scenario}-${size.width}x${size.height}-step${step.index + 1}`);
          // The focus panels come first, in the step's order, right after the story.
          const focused = await page
            .locator("[data-region=focus] > .panel:not([hidden])")
            .evaluateAll((panels) => panels.map((p) => p.id.replace(/-panel$/, "")));
          expect(focused).toEqual(step.focus.filter((name) => focused.includes(name)));
          expect(focused.length).toBeGreaterThan(0);
          const clipped = await overflowsIn(page, step.focus);
          expect(clipped, `${scenario} step ${step.index + 1} at ${size.width}×${size.height}`).toEqual([]);
        }
      }
      // Panels no step names fold to their title line, and open on a click.
      const { page } = pages[0]!;
      const folded = page.locator("[data-region=unused] > .panel[data-folded=closed]:not([hidden])").first();
      if ((await folded.count()) > 0) {
        const box = (await folded.boundingBox())!;
        expect(box.height).toBeLessThan(60);
        await folded.getByTestId("panel-toggle").click();
        await page.locator("[data-region=unused] > .panel[data-folded=open]").first().waitFor(WAIT);
      }
      for (const { errors } of pages) expect(errors).toEqual([]);
    });
  }

  it("?view=projector shows the step and its focus panels only", async () => {
    const run = await startRun("sandwich");
    const watched = await openPage(browser, `${sandbox.http.url}/?view=projector`, PROJECTOR);
    const { page } = watched;
    for (const step of run.steps.slice(0, 3)) {
      await api("POST", `/api/runs/${run.id}/step`, { token: TEST_TOKEN });
      await shows(page, run.id, step.index + 1);
      const visible = await page
        .locator(".panel")
        .evaluateAll((panels) =>
          panels.filter((p) => p.getClientRects().length > 0).map((p) => p.id.replace(/-panel$/, "")),
        );
      expect(visible[0]).toBe("step");
      expect(visible.slice(1).every((name) => step.focus.includes(name as PanelId))).toBe(true);
      expect(visible.length).toBeGreaterThan(1);
      expect(await overflowsIn(page, step.focus)).toEqual([]);
      await screenshot(page, `layout-projector-sandwich-step${step.index + 1}`);
    }
    expect(watched.errors).toEqual([]);
    await watched.page.context().close();
  });
});
