/**
 * The visualizer in a real browser against the real sandbox (chain, bots, API, socket.io) on
 * ephemeral ports: the instructor steps a run, a viewer follows read-only, and what the pages show
 * is compared with the REST API. Screenshots of the end states go to test-artifacts/screenshots/.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MevClassified, OpportunityFound, SandboxEvent } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { changeText, formatAmount, formatTokenAmount } from "../web/src/format";
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
import { rpcCall } from "./helpers/rpc";

/** How long a page may take to show what the server did (a step runs bots and mines). */
const WAIT = { timeout: 30_000, interval: 100 };

// One retry: on a loaded 2-core machine a step has (rarely) not shown within the wait. A failure
// says what the page showed and saves test-artifacts/screenshots/failure-step-N.png.
describe("the visualizer in Chromium", { retry: 1 }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    const staticDir = ensureWebBuild();
    sandbox = await startTestSandbox(hre, { staticDir });
    api = apiClient(sandbox.http.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<WatchedPage> {
    const watched = await openPage(browser, `${sandbox.http.url}/`, viewport);
    pages.push(watched);
    await watched.page.locator("#connection[data-state=connected]").waitFor();
    return watched;
  }

  async function signIn(page: Page): Promise<void> {
    await page.getByTestId("token-input").fill(TEST_TOKEN);
    await page.getByTestId("token-submit").click();
    await page.locator("#controls:not([hidden])").waitFor();
  }

  async function startRun(page: Page, scenario: string): Promise<string> {
    const newRun = page.locator("details.new-run");
    if ((await newRun.getAttribute("open")) === null) await newRun.locator("summary").click();
    await page.locator("#scenario-select").selectOption(scenario);
    await page.getByTestId("start").click();
    await page.getByTestId("step").waitFor();
    const { body } = await api<{ runs: { id: string; scenario: string }[] }>("GET", "/api/runs");
    return body.runs.filter((r) => r.scenario === scenario).at(-1)!.id;
  }

  /** Steps once (the button, or the space bar) and waits until the page shows step `done` done. */
  async function step(page: Page, done: number, withKeyboard: boolean): Promise<void> {
    const button = page.getByTestId("step");
    await expect.poll(() => button.isEnabled(), WAIT).toBe(true);
    if (withKeyboard) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press("Space");
    } else {
      await button.click();
    }
    // The page has received the step's events: the timeline marks it done.
    try {
      await page.locator(`[data-testid=timeline-step]:nth-child(${done}).done`).waitFor(WAIT);
    } catch (error) {
      // Say what the page showed instead, and keep a picture of it.
      const connection = await page.locator("#connection").getAttribute("data-state");
      const doneSteps = await page.locator("[data-testid=timeline-step].done").count();
      const status = await page.getByTestId("run-status").textContent();
      await screenshot(page, `failure-step-${done}`);
      throw new Error(
        `step ${done} never showed as done: connection ${connection}, ${doneSteps} steps done, run ${status}`,
        { cause: error },
      );
    }
  }

  /** The steps the run has taken, once the last one has settled (the run finishes after its last step). */
  async function settledSteps(runId: string): Promise<number | undefined> {
    const { body } = await api("GET", `/api/runs/${runId}`);
    const settled = body.nextStep < body.stepCount || body.status === "finished" || body.status === "failed";
    return settled ? body.nextStep : undefined;
  }

  /** Steps until step `count` is done, alternating the button and the space bar. */
  async function stepUntil(page: Page, runId: string, count: number): Promise<void> {
    for (let done = (await settledSteps(runId))! + 1; done <= count; done++) {
      await step(page, done, done % 2 === 0);
      await expect.poll(() => settledSteps(runId), WAIT).toBe(done);
    }
  }

  async function stepToEnd(page: Page, runId: string): Promise<void> {
    const { body } = await api("GET", `/api/runs/${runId}`);
    await stepUntil(page, runId, body.stepCount);
    await expect.poll(() => page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
  }

  const rolesIn = (page: Page) =>
    page.locator("[data-testid=mev-group] [data-testid=block-tx]").evaluateAll((rows) =>
      rows.map((row) => ({
        role: row.getAttribute("data-role"),
        hash: row.getAttribute("data-hash"),
        text: row.textContent ?? "",
      })),
    );

  it("sandwich, stepped to the end by the instructor and followed by a read-only viewer", async () => {
    const instructor = await open(PROJECTOR);
    const viewer = await open(LAPTOP);
    await signIn(instructor.page);
    const runId = await startRun(instructor.page, "sandwich");
    await stepToEnd(instructor.page, runId);

    const { body: run } = await api<{ status: string; events: SandboxEvent[] }>("GET", `/api/runs/${runId}`);
    expect(run.status).toBe("finished");
    const sandwich = run.events.find(
      (e): e is MevClassified => e.type === "mev:classified" && e.kind === "sandwich",
    )!;
    expect(sandwich).toBeDefined();

    for (const { page } of [instructor, viewer]) {
      await expect.poll(() => page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
      const rows = await rolesIn(page);
      expect(rows.map((r) => r.role)).toEqual(["frontrun", "victim", "backrun"]);
      expect(rows.map((r) => r.hash)).toEqual(sandwich.txs);
      expect(rows.map((r) => r.text)).toEqual([
        expect.stringContaining("front-run"),
        expect.stringContaining("victim"),
        expect.stringContaining("back-run"),
      ]);
      await expect
        .poll(() => page.locator("[data-testid=mev-group] [data-testid=inspector-label]").textContent())
        .toContain("Inspector: sandwich");

      const loss = page.getByTestId("victim-loss");
      expect(await loss.getAttribute("data-amount")).toBe(sandwich.victim!.loss.amount);
      expect(await loss.textContent()).toBe(formatTokenAmount(sandwich.victim!.loss));
      const profit = page.locator(
        `[data-testid=searcher-profit][data-actor=${sandwich.profits[0]!.actor.label}]`,
      );
      expect(await profit.getAttribute("data-amount")).toBe(sandwich.profits[0]!.profit.amount);
      expect(await profit.textContent()).toContain(formatTokenAmount(sandwich.profits[0]!.profit));
    }

    // The answer key at the sandwicher's decision step: its profit curve, drawn, with its size marked.
    const decided = run.events.find(
      (e): e is OpportunityFound => e.type === "opportunity:found" && e.kind === "sandwich",
    )!;
    const { page: board } = instructor;
    await board
      .locator(`[data-testid=timeline-step]:nth-child(${decided.step + 1}) button`)
      .first()
      .click();
    const curve = board.getByTestId("answer-sandwich-profit");
    await curve.waitFor(WAIT);
    expect(await board.locator("#answerKey-panel").isVisible()).toBe(true);
    expect(await curve.getAttribute("data-chosen")).toBe(decided.size.amount);
    expect(await curve.locator(".chart-words").textContent()).toContain(
      `The bot chose ${formatAmount(BigInt(decided.size.amount), 18, 6)} WETH`,
    );
    // uPlot has drawn on its canvas (not a blank one), and the x·y = k chart beside it.
    const inked = await curve.locator("canvas").evaluate((canvas: HTMLCanvasElement) =>
      canvas
        .getContext("2d")!
        .getImageData(0, 0, canvas.width, canvas.height)
        .data.some((v) => v !== 0),
    );
    expect(inked).toBe(true);
    expect(await board.getByTestId("answer-sandwich-curve").isVisible()).toBe(true);
    await screenshot(board, "sandwich-answer-key-1920x1080");
    await board
      .locator(`[data-testid=timeline-step]:nth-child(${decided.step + 1}) button`)
      .first()
      .click();

    // The victim's receipt, from the event; its mitigations re-executed by the server on a click.
    const { page } = instructor;
    const receipt = page.getByTestId("victim-receipt");
    await receipt.locator("summary").click();
    expect(await page.getByTestId("receipt-pnl").textContent()).toBe(changeText(sandwich.victimReceipt!.pnl));
    const parts = await page
      .locator("[data-testid=victim-receipt-table] tr[data-amount]")
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute("data-part"), row.getAttribute("data-amount")]),
      );
    expect(parts).toEqual([
      ["lpFee", `-${sandwich.victimReceipt!.lpFee.amount}`],
      ["priceImpact", `-${sandwich.victimReceipt!.priceImpact.amount}`],
      ["mevLoss", `-${sandwich.victimReceipt!.mevLoss.amount}`],
      ["pnl", sandwich.victimReceipt!.pnl.amount],
      ["gas", `-${sandwich.victimReceipt!.gas.amount}`],
    ]);
    await receipt.getByRole("button", { name: "What would have saved it?" }).click();
    const protectedPath = page.locator("[data-testid=mitigation][data-kind=protected]");
    await expect.poll(() => protectedPath.count(), WAIT).toBe(1);
    expect(await protectedPath.getAttribute("data-amount")).toBe(sandwich.victim!.counterfactualOut.amount);
    expect(await page.getByTestId("mitigation").count()).toBe(3);

    // The viewer has no controls at all, and sees the same final state as the instructor.
    expect(await viewer.page.locator("#controls").isHidden()).toBe(true);
    expect(await viewer.page.getByTestId("step").count()).toBe(0);
    expect(await viewer.page.getByTestId("start").count()).toBe(0);
    expect(await viewer.page.getByTestId("viewer-badge").isVisible()).toBe(true);
    const stateOf = async (page: Page) => ({
      block: await page.getByTestId("block-number").allTextContents(),
      narration: await page.getByTestId("narration").allTextContents(),
      txs: await page.getByTestId("block-tx").allTextContents(),
      actors: await page.getByTestId("actor-row").allTextContents(),
      pools: await page.getByTestId("pool-row").allTextContents(),
    });
    expect(await stateOf(viewer.page)).toEqual(await stateOf(instructor.page));

    // A viewer who arrives after the run renders the same state at once, from the snapshot.
    const late = await open(LAPTOP);
    const final = await stateOf(instructor.page);
    await expect.poll(() => stateOf(late.page), WAIT).toEqual(final);

    await screenshot(instructor.page, "sandwich-1920x1080");
    await screenshot(viewer.page, "sandwich-1366x768");
    for (const { errors } of pages) expect(errors).toEqual([]);
  });

  it("liquidation: the gauge shows the health factor below 1 before the liquidation and above 1 after it", async () => {
    const instructor = await open(PROJECTOR);
    await signIn(instructor.page);
    const runId = await startRun(instructor.page, "liquidation");
    const gauge = instructor.page.getByTestId("health-factor");
    const { body: plan } = await api<{ stepCount: number }>("GET", `/api/runs/${runId}`);

    // Every step but the last: the borrower borrows, then the oracle drops the price.
    await stepUntil(instructor.page, runId, plan.stepCount - 1);
    await expect.poll(() => gauge.getAttribute("data-liquidatable"), WAIT).toBe("true");
    expect(BigInt((await gauge.getAttribute("data-value"))!)).toBeLessThan(10n ** 18n);
    expect(await gauge.textContent()).toContain("below 1");

    await stepToEnd(instructor.page, runId);
    await expect.poll(() => gauge.getAttribute("data-liquidatable"), WAIT).toBe("false");
    expect(BigInt((await gauge.getAttribute("data-value"))!)).toBeGreaterThan(10n ** 18n);
    expect(await gauge.textContent()).toContain("above 1");
    expect(await instructor.page.locator("[data-testid=block-tx][data-role=liquidation]").count()).toBe(1);

    await screenshot(instructor.page, "liquidation-1920x1080");
    await instructor.page.setViewportSize(LAPTOP);
    await screenshot(instructor.page, "liquidation-1366x768");
    for (const { errors } of pages) expect(errors).toEqual([]);
  });

  it("a viewer whose connection drops reconnects and catches up on what it missed", async () => {
    const viewer = await open(LAPTOP);
    const asInstructor = { token: TEST_TOKEN };
    const { body: run } = await api<{ id: string; stepCount: number }>("POST", "/api/runs", {
      body: { scenario: "sandwich" },
      ...asInstructor,
    });
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    // The viewer follows the run that holds the chain (not the previous run, whose first step is done too).
    await expect.poll(() => viewer.page.locator("#run-info").textContent(), WAIT).toContain(run.id);
    await viewer.page.locator("[data-testid=timeline-step]:nth-child(1).done").waitFor(WAIT);

    // Drop every connection under socket.io, as a network would, and play the rest of the run
    // before the viewer is back: it misses those events live.
    for (const socket of sandbox.http.io.of("/").sockets.values()) socket.conn.close();
    await viewer.page.locator("#connection[data-state=reconnecting]").waitFor(WAIT);
    for (let i = 1; i < run.stepCount; i++) await api("POST", `/api/runs/${run.id}/step`, asInstructor);

    await viewer.page.locator("#connection[data-state=connected]").waitFor(WAIT);
    await expect.poll(() => viewer.page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
    const { body: finished } = await api<{ events: SandboxEvent[] }>("GET", `/api/runs/${run.id}`);
    const lastBlock = finished.events.filter((e) => e.type === "block:mined").at(-1)!;
    expect(await viewer.page.getByTestId("block-number").first().textContent()).toBe(
      `Block #${lastBlock.type === "block:mined" ? lastBlock.block : ""}`,
    );
    expect(await viewer.page.locator("[data-testid=timeline-step].done").count()).toBe(run.stepCount);
    for (const { errors } of pages) expect(errors).toEqual([]);
  });

  it("tells every viewer when the sandbox heals itself after an outside hardhat_reset", async () => {
    const viewer = await open(LAPTOP);
    await rpcCall(sandbox.rpc.url, "hardhat_reset");
    const message = viewer.page.locator("#message");
    await expect
      .poll(() => message.textContent(), WAIT)
      .toContain("The sandbox healed itself: the chain was reset from outside (hardhat_reset)");
    expect(await message.textContent()).toContain(
      "deployed the world again from genesis, at the same addresses",
    );
    expect((await api("GET", "/api/health")).body.status).toBe("ok");
    for (const { errors } of pages) expect(errors).toEqual([]);
  });
});
