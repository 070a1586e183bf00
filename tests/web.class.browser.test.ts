/**
 * Students in a real browser against the real sandbox: each browser context is a student's laptop
 * (its own localStorage, so its own key). A student joins by name and reads their funded balances
 * from the chain; swaps in the page (approval and swap signed in the browser, sent to the public
 * mempool); sees their transactions marked "you" in the mempool and the block, and balances that
 * agree with the chain to the base unit. A name already taken shows the server's words as they are.
 * Another student's pending swap is back-run in a click: the bundle lands whole, as the builder said.
 * A poll is answered in the page and revealed. Screenshots of the end states go to test-artifacts/.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAmountOut } from "../server/math/amm";
import type { Sandbox } from "../server/sandbox";
import { poolNamed } from "../server/scenarios/text";
import { readBalance, reservesFor } from "../server/world/market";
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
const ETH = 10n ** 18n;
const POOL = "DEX A WETH/USDC";

describe("students in Chromium", () => {
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

  async function open(viewport = LAPTOP): Promise<WatchedPage> {
    const watched = await openPage(browser, `${sandbox.http.url}/`, viewport);
    pages.push(watched);
    await watched.page.locator("#connection[data-state=connected]").waitFor(WAIT);
    return watched;
  }

  /** Joins as `name` in the page; returns the address the page made a key for. */
  async function join(page: Page, name: string): Promise<string> {
    await page.getByTestId("join-name").fill(name);
    await page.getByTestId("join-submit").click();
    await page.getByTestId("student-badge").waitFor(WAIT);
    return (await page.getByTestId("wallet-address").textContent())!;
  }

  /** The balance the wallet shows (base units), or null while it shows none: read without waiting. */
  const balanceIn = (page: Page, symbol: string) =>
    page.evaluate(
      (symbol) =>
        document
          .querySelector(`[data-testid=wallet-balance][data-symbol=${symbol}]`)
          ?.getAttribute("data-amount") ?? null,
      symbol,
    );

  async function swap(page: Page, sell: string, amount: string): Promise<void> {
    await page.getByTestId("swap-dex").selectOption("DEX A");
    await page.getByTestId("swap-pool").selectOption(POOL);
    await page.getByTestId("swap-sell").selectOption(sell);
    await page.getByTestId("swap-amount").fill(amount);
    await page.getByTestId("swap-submit").click();
    await expect.poll(() => page.getByTestId("swap-status").getAttribute("data-kind"), WAIT).toBe("done");
  }

  const mine = () => api("POST", "/api/live/mine", { token: TEST_TOKEN });

  it("a student joins, trades from the page and sees it as theirs, to the base unit", async () => {
    const { page, errors } = await open();
    await page.getByTestId("join-form").waitFor(WAIT);
    const address = await join(page, "ada");
    const { body } = await api("GET", "/api/students");
    expect(body.students.map((s: { name: string; address: string }) => [s.name, s.address])).toEqual([
      ["ada", address],
    ]);

    // Funded by the sandbox: the page reads what the chain says, from the JSON-RPC port (another
    // origin than the page's: the page's Content-Security-Policy must let it connect there).
    await expect
      .poll(async () => (await balanceIn(page, "WETH")) !== null || errors.length > 0, WAIT)
      .toBe(true);
    expect(errors).toEqual([]);
    const { world } = sandbox;
    const chainBalance = (symbol: "WETH" | "USDC") => readBalance(world, symbol, address);
    await expect
      .poll(async () => balanceIn(page, "WETH"), WAIT)
      .toBe((await chainBalance("WETH")).toString());
    const usdcBefore = await chainBalance("USDC");
    const wethBefore = await chainBalance("WETH");
    expect(wethBefore).toBeGreaterThan(ETH);

    const { reserveIn, reserveOut } = await reservesFor(poolNamed(world, POOL), "WETH");
    const expectedOut = getAmountOut(ETH, reserveIn, reserveOut, poolNamed(world, POOL).feeBps);
    await swap(page, "WETH", "1");
    // The approval first, then the swap: both pending in public, both the student's own.
    const mineInMempool = page.locator("[data-testid=mempool-tx].mine");
    await expect.poll(() => mineInMempool.count(), WAIT).toBe(2);
    expect(await mineInMempool.getByTestId("you").count()).toBe(2);
    expect(await page.getByTestId("backrun-this").count()).toBe(0);

    expect((await mine()).status).toBe(200);
    const mineInBlock = page.locator("[data-testid=block-tx].mine");
    await expect.poll(() => mineInBlock.count(), WAIT).toBe(2);
    expect(await mineInBlock.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")))).toEqual([
      "success",
      "success",
    ]);
    await expect.poll(() => balanceIn(page, "USDC"), WAIT).toBe((usdcBefore + expectedOut).toString());
    expect(await chainBalance("USDC")).toBe(usdcBefore + expectedOut);
    expect(await balanceIn(page, "WETH")).toBe((wethBefore - ETH).toString());
    await screenshot(page, "class-student-swap-laptop");
    expect(errors).toEqual([]);
  });

  it("a name taken by another address shows the server's words as they are", async () => {
    const { page } = await open();
    const refused = await api("POST", "/api/students", {
      body: { name: "ada", address: "0x000000000000000000000000000000000000dEaD" },
    });
    expect(refused.status).toBe(409);
    await page.getByTestId("join-name").fill("ada");
    await page.getByTestId("join-submit").click();
    await expect
      .poll(() => page.getByTestId("join-status").textContent(), WAIT)
      .toBe(refused.body.error.message);
    expect(await page.getByTestId("student-badge").count()).toBe(0);
  });

  it("a student back-runs another student's pending swap with a bundle that lands whole", async () => {
    const ada = pages[0]!.page;
    const { page: bo } = await open(PROJECTOR);
    const boAddress = await join(bo, "bo");
    await expect.poll(() => balanceIn(bo, "WETH"), WAIT).not.toBeNull();
    // bo's first swap approves the router; the second one, alone in the mempool, is the target.
    await swap(bo, "WETH", "1");
    await mine();
    await expect.poll(() => bo.locator("[data-testid=block-tx].mine").count(), WAIT).toBe(2);
    await swap(bo, "WETH", "5");
    const target = ada.locator(`[data-testid=mempool-tx]:not(.mine)`);
    await expect.poll(() => target.count(), WAIT).toBe(1);
    const targetHash = (await target.getAttribute("data-hash"))!;
    expect(await target.locator(".actor").textContent()).toBe("bo");

    await target.getByTestId("backrun-this").click();
    await ada.getByTestId("backrun-amount").waitFor(WAIT);
    expect(await ada.getByTestId("backrun-preview").textContent()).toMatch(/^You receive .* WETH/);
    await ada.getByTestId("backrun-submit").click();
    await expect.poll(() => ada.getByTestId("backrun-status").getAttribute("data-kind"), WAIT).toBe("done");
    expect(await ada.getByTestId("backrun-status").textContent()).toMatch(/took bundle 0x[0-9a-f]{8}/);

    await mine();
    const bundle = ada.locator("[data-testid=block-bundle]");
    await expect.poll(() => bundle.count(), WAIT).toBe(1);
    const hashes = await bundle
      .getByTestId("block-tx")
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-hash"), r.getAttribute("data-status")]));
    // bo's swap first, then ada's approval, swap and payment: all four succeeded, in this order.
    expect(hashes.map(([hash]) => hash)[0]).toBe(targetHash);
    expect(hashes.map(([, status]) => status)).toEqual(["success", "success", "success", "success"]);
    expect(await bundle.locator("[data-testid=block-tx].mine").count()).toBe(3);
    const receipt = await sandbox.world.chain.provider.getTransactionReceipt(targetHash);
    expect(receipt?.from).toBe(boAddress);
    await screenshot(ada, "class-backrun-laptop");
    await screenshot(bo, "class-backrun-projector");
  });

  it("a poll is answered in the page and revealed with the true value", async () => {
    const ada = pages[0]!.page;
    const opened = await api("POST", "/api/polls", {
      token: TEST_TOKEN,
      body: { question: "How many USDC will alice lose?", kind: "number" },
    });
    expect(opened.status).toBe(201);
    await ada.getByTestId("poll-answer").fill("1900");
    await ada.getByTestId("poll-submit").click();
    await expect.poll(() => ada.getByTestId("poll-count").textContent(), WAIT).toBe("1 answer so far");
    const revealed = await api("POST", `/api/polls/${opened.body.id}/reveal`, {
      token: TEST_TOKEN,
      body: { answer: "1920" },
    });
    expect(revealed.status).toBe(200);
    await expect.poll(() => ada.getByTestId("poll-truth").textContent(), WAIT).toContain("1920");
    expect(await ada.getByTestId("poll-closest").textContent()).toContain("you are among them");
    await screenshot(ada, "class-poll-laptop");
  });

  it("live mode from the page: every viewer follows the live chain, and a sandwiched student reads their loss", async () => {
    // An old run, failed and over: a page opened now shows it.
    const run = await api("POST", "/api/runs", {
      token: TEST_TOKEN,
      body: { scenario: "throws-on-purpose" },
    });
    for (let i = 0; i < 2; i++) await api("POST", `/api/runs/${run.body.id}/step`, { token: TEST_TOKEN });
    const { page: viewer } = await open();
    await viewer.getByTestId("watch-only").click();
    await expect.poll(() => viewer.locator("#run-info").textContent(), WAIT).toContain("throws-on-purpose");
    expect(await viewer.locator("#connection").textContent()).toBe("● connected");
    expect(await viewer.getByTestId("live-mode").textContent()).toBe("Live mode off");

    const { page: instructor } = await open(PROJECTOR);
    await instructor.getByTestId("watch-only").click();
    await instructor.getByTestId("token-input").fill(TEST_TOKEN);
    await instructor.getByTestId("token-submit").click();
    await instructor.getByTestId("live-enabled").check();
    await instructor.getByTestId("live-block-time").fill("0");
    await instructor.getByTestId("live-apply").click();
    for (const page of [viewer, instructor]) {
      await expect
        .poll(() => page.getByTestId("live-mode").textContent(), WAIT)
        .toBe("Live mode on · blocks only on request");
      await expect.poll(() => page.locator("#run-info").textContent(), WAIT).toContain("Live chain");
    }

    // ada trades with a loose slippage in public: the house sandwicher attacks.
    const ada = pages[0]!.page;
    await expect.poll(() => ada.locator("#run-info").textContent(), WAIT).toContain("Live chain");
    await ada.getByTestId("swap-slippage").fill("5");
    await swap(ada, "WETH", "8");
    await expect
      .poll(
        async () => (await api("GET", "/api/mev/opportunities?kind=sandwich&type=found")).body.items.length,
        WAIT,
      )
      .toBeGreaterThan(0);
    await instructor.getByTestId("mine-now").click();
    const loss = ada.getByTestId("your-loss-amount");
    await loss.waitFor(WAIT);
    const blockText = (await ada.getByTestId("block-number").textContent()) ?? "";
    const block = Number(blockText.replace("Block #", ""));
    // The instructor's page shows the same block.
    await expect.poll(() => instructor.getByTestId("block-number").textContent(), WAIT).toBe(blockText);
    const mev = await api("GET", `/api/mev/blocks/${block}`);
    expect(mev.status, JSON.stringify(mev.body)).toBe(200);
    const labels = mev.body.labels;
    const sandwich = labels.find((l: { kind: string }) => l.kind === "sandwich");
    expect(sandwich.victim.actor.label).toBe("ada");
    expect(await loss.getAttribute("data-amount")).toBe(sandwich.victim.loss.amount);
    expect(await ada.getByTestId("your-loss").textContent()).toContain(`block #${block}`);
    await screenshot(ada, "class-sandwiched-laptop");
    await screenshot(instructor, "class-instructor-projector");

    // Anyone may go back to the run, and to the live chain again.
    await viewer.getByTestId("follow").click();
    await expect.poll(() => viewer.locator("#run-info").textContent(), WAIT).toContain("throws-on-purpose");
    await viewer.getByTestId("follow").click();
    await expect.poll(() => viewer.locator("#run-info").textContent(), WAIT).toContain("Live chain");
    await api("POST", "/api/live", { token: TEST_TOKEN, body: { enabled: false } });
  });

  it("a challenge started from the instructor's page: every page shows the standings, then the podium", async () => {
    const instructor = pages.at(-1)!.page;
    const ada = pages[0]!.page;
    await instructor.locator("details.class-controls summary").click();
    await instructor.getByTestId("challenge-kind").selectOption("searcher");
    await instructor.locator("#challenge-blocks").fill("2");
    await instructor.getByTestId("challenge-start").click();
    for (const page of [ada, instructor]) {
      await expect
        .poll(() => page.getByTestId("challenge").getAttribute("data-status"), WAIT)
        .toBe("running");
    }
    for (let i = 0; i < 2; i++) {
      await instructor.getByTestId("mine-now").click();
      await expect.poll(() => instructor.locator("#message").textContent(), WAIT).toContain("Mined block");
      await instructor.evaluate(() => {
        document.getElementById("message")!.textContent = "";
      });
    }
    await expect.poll(() => ada.getByTestId("challenge").getAttribute("data-status"), WAIT).toBe("finished");
    const { body } = await api("GET", "/api/challenges/challenge-1");
    expect(body.status).toBe("finished");
    const shown = await ada
      .getByTestId("standing")
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute("data-name"),
          r.querySelector("[data-testid=standing-score]")?.textContent,
        ]),
      );
    expect(shown.map(([name]) => name)).toEqual(body.standings.map((s: { name: string }) => s.name));
    expect(await ada.getByTestId("podium").locator("li").count()).toBe(Math.min(3, body.standings.length));
    expect(await ada.locator("[data-testid=standing].mine [data-testid=you]").count()).toBe(1);
    await screenshot(ada, "class-challenge-laptop");
    await instructor.setViewportSize(LAPTOP);
    await screenshot(instructor, "class-instructor-laptop");
  });
});
