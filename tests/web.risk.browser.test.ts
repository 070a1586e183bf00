/**
 * The page, in Chromium, for issue 16's risk controls and flash-loan monitor: the Risk panel shows
 * the bad-day run's arbitrageur halted by its drawdown stop, with the figures its limit compared; the
 * block view marks the flash liquidation's transaction with its loan's lender, amount and fee.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlashLoanTaken, RiskLimitHit } from "../server/events";
import { formatTokenAmount } from "../server/format";
import type { Sandbox } from "../server/sandbox";
import { ensureWebBuild, LAPTOP, launchChromium, openPage, screenshot } from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

const WAIT = { timeout: 30_000 };

describe("risk and flash loans on the page, in Chromium", { retry: 1 }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let api: ReturnType<typeof apiClient>;
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    const staticDir = ensureWebBuild();
    sandbox = await startTestSandbox(hre, { staticDir });
    api = apiClient(sandbox.http.url);
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, `${sandbox.http.url}/`, LAPTOP));
    await page.locator("#connection[data-state=connected]").waitFor(WAIT);
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it("shows the bad-day arbitrageur halted by its drawdown stop, with the figures it compared", async () => {
    const { body: run } = await api("POST", "/api/runs", { body: { scenario: "bad-day" }, ...asInstructor });
    for (const _ of run.steps) await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    const halt = sandbox.control.runs
      .view(run.id)
      .events.find((e): e is RiskLimitHit => e.type === "risk:limit-hit" && e.control === "drawdown")!;
    const bot = page.locator("[data-testid=risk-bot][data-bot=arbitrageur]");
    await bot.locator("[data-testid=risk-state]", { hasText: "drawdown stop" }).waitFor(WAIT);
    expect(await bot.getByTestId("risk-state").textContent()).toBe(
      `halted by the drawdown stop since block #${halt.block}`,
    );
    const figures = await bot.getByTestId("risk-figures").textContent();
    expect(figures).toContain(formatTokenAmount(halt.figures.drawdown));
    expect(figures).toContain(`stop at ${formatTokenAmount(halt.limits.maxDrawdown)}`);
    await page.locator("#risk-panel").scrollIntoViewIfNeeded();
    await screenshot(page, "risk-bad-day-1366x768");
    expect(errors).toEqual([]);
  });

  it("marks the flash liquidation's transaction with its loan: lender, amount, fee", async () => {
    const { body: run } = await api("POST", "/api/runs", {
      body: { scenario: "liquidation", params: { flash: true } },
      ...asInstructor,
    });
    const runId = run.id as string;
    let loan: FlashLoanTaken | undefined;
    while (!loan) {
      const { status } = await api("POST", `/api/runs/${runId}/step`, asInstructor);
      expect(status).toBe(200);
      loan = sandbox.control.runs
        .view(runId)
        .events.find((e): e is FlashLoanTaken => e.type === "flashloan:taken");
    }
    const badge = page.locator(`[data-testid=block-tx][data-hash="${loan.tx}"] [data-testid=tx-flash-loan]`);
    await badge.waitFor(WAIT);
    expect(await badge.textContent()).toBe(
      `⚡ flash loan: ${formatTokenAmount(loan.amount)} from lending pool, fee ${formatTokenAmount(loan.fee)}`,
    );
    await page.locator("#block-panel").scrollIntoViewIfNeeded();
    await screenshot(page, "flash-loan-block-1366x768");
    expect(errors).toEqual([]);
  });
});
