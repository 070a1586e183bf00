/**
 * Students in a real browser against the real sandbox: each browser context is a student's laptop
 * (its own localStorage, so its own key). A student joins by name and reads their funded balances
 * from the chain; swaps in the page (approval and swap signed in the browser, sent to the public
 * mempool); sees their transactions marked "you" in the mempool and the block, and balances that
 * agree with the chain to the base unit. A name already taken shows the server's words as they are.
 * Another student's pending swap is back-run in a click: the bundle lands whole, as the builder said.
 * Live mode: a student sandwiched by the house bot reads their loss, on the block the instructor sees.
 * Three students answer a poll whose truth is read from the run. A searcher challenge started from
 * the instructor's page: a student back-runs a scripted trader; the standings equal the chain's
 * balance changes. Screenshots of the end states go to test-artifacts/.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MevClassified, Standing } from "../server/events";
import { formatTokenAmount } from "../server/format";
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
import { expectedStanding } from "./helpers/standings";

const WAIT = { timeout: 30_000, interval: 100 };
const ETH = 10n ** 18n;
const POOL = "DEX A WETH/USDC";

describe("students in Chromium", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const pages: WatchedPage[] = [];
  /** The sandwich the live-mode test saw (the poll's truth). */
  let liveSandwich: MevClassified | undefined;

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
    liveSandwich = sandwich;
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

  it("a poll is answered by the three students in their pages and revealed with the run's true value", async () => {
    const [ada, bo] = [pages[0]!.page, pages[2]!.page];
    const { page: cy } = await open();
    await join(cy, "cy");
    const opened = await api("POST", "/api/polls", {
      token: TEST_TOKEN,
      body: {
        question: "How many WETH did ada lose to the sandwich?",
        kind: "number",
        answerFrom: { runId: "live", event: "mev:classified", path: "victim.loss" },
      },
    });
    expect(opened.status).toBe(201);
    const sandwich = liveSandwich!;
    const exact = formatTokenAmount(sandwich.victim!.loss, sandwich.victim!.loss.decimals).split(" ")[0]!;
    const answers: [Page, string][] = [
      [ada, "1"],
      [bo, exact.replaceAll(",", "")],
      [cy, "1000"],
    ];
    for (const [page, answer] of answers) {
      await page.getByTestId("poll-answer").fill(answer);
      await page.getByTestId("poll-submit").click();
    }
    await expect.poll(() => cy.getByTestId("poll-count").textContent(), WAIT).toBe("3 answers so far");
    const revealed = await api("POST", `/api/polls/${opened.body.id}/reveal`, { token: TEST_TOKEN });
    expect(revealed.status).toBe(200);
    expect(revealed.body.reveal.truth).toBe(formatTokenAmount(sandwich.victim!.loss));
    expect(revealed.body.reveal.closest).toEqual(["bo"]);
    for (const page of [ada, bo, cy]) {
      await expect.poll(() => page.getByTestId("poll-truth").textContent(), WAIT).toContain(exact);
    }
    expect(await bo.getByTestId("poll-closest").textContent()).toContain("you are among them");
    await screenshot(cy, "class-poll-laptop");
  });

  it("a searcher challenge from the instructor's page: ada back-runs a trader, the standings are the chain's", async () => {
    const instructor = pages[4]!.page;
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
    // A scripted trader's swap is pending on the live chain: ada shows it and back-runs it in a click.
    if (!(await ada.locator("#run-info").textContent())?.includes("Live chain"))
      await ada.getByTestId("follow").click();
    await expect.poll(() => ada.locator("#run-info").textContent(), WAIT).toContain("Live chain");
    const traders = ada.locator("[data-testid=mempool-tx]:not(.mine)").filter({ hasText: /^(alice|bob)/ });
    await expect.poll(() => traders.count(), WAIT).toBeGreaterThan(0);
    const target = traders.first();
    const targetHash = (await target.getAttribute("data-hash"))!;
    await target.getByTestId("backrun-this").click();
    await ada.getByTestId("backrun-submit").click();
    await expect.poll(() => ada.getByTestId("backrun-status").getAttribute("data-kind"), WAIT).toBe("done");
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
    // ada's bundle landed whole, right behind the trader's swap.
    const receipt = (await sandbox.world.chain.provider.getTransactionReceipt(targetHash))!;
    const block = await sandbox.world.chain.provider.getBlock(receipt.blockNumber);
    const next = await sandbox.world.chain.provider.getTransactionReceipt(
      block!.transactions[receipt.index + 1]!,
    );
    expect(next?.from).toBe(await ada.getByTestId("wallet-address").textContent());
    expect(next?.status).toBe(1);
    // Every standing is what the chain says, to the base unit.
    const { provider } = sandbox.world.chain;
    for (const standing of body.standings as Standing[]) {
      const { note: _note, ...figures } = standing;
      expect(figures).toEqual(
        await expectedStanding(sandbox.world, provider, standing, body.fromBlock, body.toBlock),
      );
    }
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
    // Page 1 was refused a taken name on purpose (the browser logs that 409); no other page erred.
    for (const { errors } of pages.filter((_, i) => i !== 1))
      expect(errors, JSON.stringify(errors)).toEqual([]);
  });
});
