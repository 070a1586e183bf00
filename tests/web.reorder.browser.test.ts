/**
 * The block view's reorder section in Chromium: after the sandwich run, the victim moved first with
 * the keyboard gets exactly the no-attack output in "Your order" beside the real order's loss; a
 * dragged order that breaks a sender's nonce order is refused with the server's reason.
 */
import hre from "hardhat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MevClassified } from "../server/events";
import { formatAmount } from "../server/format";
import type { Sandbox } from "../server/sandbox";
import { ensureWebBuild, launchChromium, openPage, PROJECTOR, screenshot } from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

const WAIT = { timeout: 20_000 };

describe("reorder the block (page)", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;

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

  it("replays the victim first and shows the no-attack output beside the real order's", async () => {
    const { page, errors } = await openPage(browser, `${sandbox.http.url}/`, PROJECTOR);
    const created = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, token: TEST_TOKEN });
    // The page follows a run while it holds the chain: let it see the first step before the rest
    // plays at full speed (a run over before the page hears of it leaves the page where it was).
    await page.locator("#connection[data-state=connected]").waitFor(WAIT);
    await api("POST", `/api/runs/${created.body.id}/step`, { token: TEST_TOKEN });
    await page.locator("#run-info").filter({ hasText: created.body.id }).waitFor(WAIT);
    await api("POST", `/api/runs/${created.body.id}/play`, { body: { speed: 100 }, token: TEST_TOKEN });
    await sandbox.control.runs.settled(created.body.id);
    const sandwich = sandbox.control.runs
      .view(created.body.id)
      .events.find((e): e is MevClassified => e.type === "mev:classified" && e.kind === "sandwich")!;
    const { counterfactualOut, actualOut, actor } = sandwich.victim!;
    await page.getByTestId("mev-group").waitFor(WAIT);

    const section = page.getByTestId("reorder");
    await section.locator("summary").click();
    const realRow = page.getByTestId("reorder-real").locator("tr", { hasText: actor.label });
    await expect
      .poll(() => realRow.textContent(), WAIT)
      .toContain(formatAmount(BigInt(actualOut.amount), 6, 6));

    const rows = page.getByTestId("reorder-tx");
    expect(await rows.evaluateAll((items) => items.map((i) => i.getAttribute("data-hash")))).toEqual(
      sandwich.txs,
    );
    // The victim moves up with the keyboard: its ↑ button, Enter.
    await rows.nth(1).locator("button.move-up").focus();
    await page.keyboard.press("Enter");
    const [front, victim, back] = sandwich.txs;
    expect(await rows.evaluateAll((items) => items.map((i) => i.getAttribute("data-hash")))).toEqual([
      victim,
      front,
      back,
    ]);
    await section.getByRole("button", { name: "Replay this order" }).click();
    const mineRow = page.getByTestId("reorder-mine").locator("tr", { hasText: actor.label });
    await expect
      .poll(() => mineRow.textContent(), WAIT)
      .toContain(`+${formatAmount(BigInt(counterfactualOut.amount), 6, 6)} USDC`);
    await screenshot(page, "reorder-sandwich-victim-first");

    // Dragged: the back-run first, before its own front-run: refused with the reason.
    await section.getByRole("button", { name: "Back to the real order" }).click();
    // HTML5 drag and drop, as the browser dispatches it (one DataTransfer from dragstart to drop).
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await rows.nth(2).dispatchEvent("dragstart", { dataTransfer });
    await rows.nth(0).dispatchEvent("dragover", { dataTransfer });
    await rows.nth(0).dispatchEvent("drop", { dataTransfer });
    expect(await rows.first().getAttribute("data-hash")).toBe(back);
    await section.getByRole("button", { name: "Replay this order" }).click();
    await expect.poll(() => page.getByTestId("reorder-status").textContent(), WAIT).toContain("nonce order");
    expect(errors.filter((e) => !e.includes("400"))).toEqual([]);
  });
});
