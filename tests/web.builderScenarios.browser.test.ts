/**
 * The builder and auction scenarios (issue 6: gas-auction, sealed-bid, protected-swap, jit-liquidity,
 * backrun) in a real browser against the real sandbox: the instructor picks each one in the page's own form, sets
 * its parameters there, plays or steps it to the end with the page's buttons, and the page's
 * builder, auction, bandit, mempool and block panels are compared with the run's events from the
 * REST API (and those with the chain where it matters). One sandbox for the file, runs one after another.
 */
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type {
  AuctionBid,
  BanditUpdated,
  BlockBuilt,
  BlockMined,
  MevClassified,
  RunFinished,
  SandboxEvent,
} from "../server/events";
import { roomOf } from "../server/http/socketEvents";
import type { Sandbox } from "../server/sandbox";
import { formatTokenAmount } from "../web/src/format";
import { pnlText } from "../web/src/views/outcome";
import {
  ensureWebBuild,
  launchChromium,
  openPage,
  PROJECTOR,
  recordAddedHashes,
  screenshot,
  type WatchedPage,
} from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

/** How long a page may take to show what the server did (a step runs bots and mines). */
const WAIT = { timeout: 30_000, interval: 100 };
const SEALED_ROUNDS = 3;

interface RunBody {
  id: string;
  status: string;
  stepCount: number;
  events: SandboxEvent[];
}

const ofType =
  <T extends SandboxEvent["type"]>(type: T) =>
  (e: SandboxEvent): e is Extract<SandboxEvent, { type: T }> =>
    e.type === type;

// One retry, as the other browser tests: on a loaded 2-core machine a page has (rarely) been slow.
describe("the builder and auction scenarios in the visualizer (Chromium)", { retry: 1 }, () => {
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

  // A page left open would follow the next run too (and load the machine): one page per test.
  let current: WatchedPage | undefined;
  afterEach(async () => {
    await current?.page.context().close();
    current = undefined;
  });

  /** A fresh page, signed in as the instructor with the token form. */
  async function openAsInstructor(): Promise<WatchedPage> {
    const watched = await openPage(browser, `${sandbox.http.url}/`, PROJECTOR);
    const { page } = watched;
    await page.locator("#connection[data-state=connected]").waitFor(WAIT);
    await page.getByTestId("token-input").fill(TEST_TOKEN);
    await page.getByTestId("token-submit").click();
    await page.locator("#controls:not([hidden])").waitFor(WAIT);
    current = watched;
    return watched;
  }

  /** Picks `scenario` in the page's form, fills `params` in its fields, starts it; the run the page made. */
  async function startFromPage(
    page: Page,
    scenario: string,
    params: Record<string, string | number | boolean> = {},
  ): Promise<{ id: string; stepCount: number }> {
    const newRun = page.locator("details.new-run");
    await newRun.waitFor(WAIT);
    if ((await newRun.getAttribute("open")) === null) await newRun.locator("summary").click();
    await page.locator("#scenario-select").selectOption(scenario);
    await expect.poll(() => page.getByTestId("start").textContent(), WAIT).toBe(`Start ${scenario}`);
    for (const [name, value] of Object.entries(params)) {
      const input = page.locator(`#param-${scenario}-${name}`);
      if (typeof value === "boolean") await input.setChecked(value);
      else await input.fill(String(value));
    }
    const created = page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/runs",
    );
    await page.getByTestId("start").click();
    const response = await created;
    expect(response.status()).toBe(201);
    const run = (await response.json()) as RunBody;
    // The page follows the new run: it shows it, and its socket has joined the run's room, so it
    // gets every event of every step live (not only a snapshot of their end).
    await expect.poll(() => page.locator("#run-info").textContent(), WAIT).toContain(` · ${run.id} · `);
    const room = () => sandbox.http.io.of("/").adapter.rooms.get(roomOf(run.id))?.size ?? 0;
    await expect.poll(room, WAIT).toBeGreaterThan(0);
    return { id: run.id, stepCount: run.stepCount };
  }

  /** Plays the run at the page's fastest speed and waits until the page says it finished. */
  async function playToEnd(page: Page): Promise<void> {
    await page.locator("#speed").selectOption("5");
    await page.getByTestId("play").click();
    await expect.poll(() => page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
  }

  /** Steps with the Step button until every step shows done, then waits for "finished". */
  async function stepToEnd(page: Page, stepCount: number): Promise<void> {
    const button = page.getByTestId("step");
    for (let done = 1; done <= stepCount; done++) {
      await expect.poll(() => button.isEnabled(), WAIT).toBe(true);
      expect(await button.textContent()).toContain(`Step ${done}/${stepCount}`);
      await button.click();
      await page.locator(`[data-testid=timeline-step]:nth-child(${done}).done`).waitFor(WAIT);
    }
    await expect.poll(() => page.getByTestId("run-status").textContent(), WAIT).toBe("finished");
  }

  async function finishedRun(id: string): Promise<RunBody> {
    const { body } = await api<RunBody>("GET", `/api/runs/${id}`);
    expect(body.status).toBe("finished");
    return body;
  }

  /** The run's summary (run:finished): each actor whose holdings moved, with its P&L at oracle prices. */
  async function expectSummary(page: Page, run: RunBody): Promise<void> {
    const finished = run.events.find(ofType("run:finished")) as RunFinished;
    const rows = page.getByTestId("actor-row");
    await expect.poll(() => page.getByTestId("actor-pnl-usd").count(), WAIT).toBeGreaterThan(0);
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({
        actor: el.getAttribute("data-actor"),
        usd: el.querySelector("[data-testid=actor-pnl-usd]")?.textContent ?? null,
      })),
    );
    for (const { actor, usd } of shown) {
      const pnl = finished.summary.pnl.find((p) => p.actor === actor);
      expect(pnl, `summary for ${actor}`).toBeDefined();
      expect(usd).toBe(pnlText(pnl!, finished.summary.valuation.dex));
    }
    // The last step is told on screen, as the run's events tell it.
    const last = run.events.filter(ofType("step:finished")).at(-1)!;
    expect(last.index).toBe(run.stepCount - 1);
    expect(await page.getByTestId("step-title").textContent()).toBe(last.title);
    expect(await page.getByTestId("narration").textContent()).toBe(last.narration);
  }

  const bundleCard = (page: Page, hash: string) => page.locator(`[data-testid=bundle][data-hash="${hash}"]`);
  const blockRow = (page: Page, hash: string) => page.locator(`[data-testid=block-tx][data-hash="${hash}"]`);

  /** The bids table's rows as the page shows them: bot, bid text, won. */
  const bidRows = (page: Page) =>
    page.getByTestId("bid-row").evaluateAll((rows) =>
      rows.map((row) => ({
        bot: row.getAttribute("data-bot"),
        bid: row.querySelectorAll("td")[1]?.textContent ?? "",
        won: row.getAttribute("data-won") === "true",
      })),
    );

  /** The bid chart's description: every bid, in order, as the page says it. */
  const chartWords = (page: Page) => page.locator("[data-testid=bid-chart] .chart-words").textContent();
  const bidsInWords = (bids: readonly AuctionBid[], won: (bid: AuctionBid) => boolean) =>
    bids
      .map((b, i) => `${i + 1}: ${b.bot} bids ${formatTokenAmount(b.bid)}${won(b) ? " (won)" : ""}`)
      .join("; ");

  it("sealed-bid, 3 rounds with the bandit: bundles per round, the sealed bids, the bandit's pulls", async () => {
    const watched = await openAsInstructor();
    const { page } = watched;
    const run = await startFromPage(page, "sealed-bid", { rounds: SEALED_ROUNDS, bandit: true });
    await playToEnd(page);
    const done = await finishedRun(run.id);
    await expectSummary(page, done);

    const bids = done.events.filter(ofType("auction:bid")) as AuctionBid[];
    expect(bids.every((b) => b.auction === "sealed")).toBe(true);
    const builds = (done.events.filter(ofType("block:built")) as BlockBuilt[]).filter(
      (b) => b.bundles.length > 0,
    );
    expect(builds).toHaveLength(SEALED_ROUNDS);
    const blocks = done.events.filter(ofType("block:mined")) as BlockMined[];

    // Builder panel: per round both bots' bundles, one included, one dropped with the builder's reason.
    await expect.poll(() => page.getByTestId("bundle").count(), WAIT).toBe(2 * SEALED_ROUNDS);
    const included = new Set<string>();
    for (const build of builds) {
      expect(build.bundles.map((b) => b.outcome).sort()).toEqual(["dropped", "included"]);
      const bots = build.bundles.map((o) => bids.find((b) => b.carrier === o.bundle)?.bot).sort();
      expect(bots).toEqual(["arbitrageur", "rival"]);
      for (const outcome of build.bundles) {
        const card = bundleCard(page, outcome.bundle);
        expect(await card.getAttribute("data-status")).toBe(outcome.outcome);
        expect(await card.locator(".actor").textContent()).toBe(outcome.origin);
        expect(await card.getByTestId("bundle-explanation").textContent()).toBe(
          `Builder: ${outcome.explanation}.`,
        );
        const status = await card.getByTestId("bundle-status").textContent();
        if (outcome.outcome === "included") {
          included.add(outcome.bundle);
          expect(status).toMatch(new RegExp(`^✔ included at #\\d+ of block #${build.block}$`));
          // The bid is what the bundle paid the builder directly, on chain.
          const bid = bids.find((b) => b.carrier === outcome.bundle)!;
          const mined = blocks.find((b) => b.block === build.block)!;
          const paid = mined.txs
            .filter((tx) => outcome.txs.includes(tx.hash))
            .reduce((sum, tx) => sum + BigInt(tx.coinbasePayment), 0n);
          expect(paid.toString()).toBe(bid.bid.amount);
        } else {
          expect(await card.getAttribute("data-reason")).toBe(outcome.reason);
          expect(status).toContain(`✘ dropped from block #${build.block}: ${outcome.reason} (`);
        }
      }
    }

    // Auction panel: the sealed bids in order, amounts as the events give them, winners marked.
    expect(bids).toHaveLength(2 * SEALED_ROUNDS);
    expect(await bidRows(page)).toEqual(
      bids.map((b) => ({ bot: b.bot, bid: formatTokenAmount(b.bid), won: included.has(b.carrier) })),
    );
    expect(await page.getByTestId("bid-chart").getAttribute("data-winners")).toBe(String(SEALED_ROUNDS));
    expect(await chartWords(page)).toBe(bidsInWords(bids, (b) => included.has(b.carrier)));

    // Bandit panel: the arbitrageur's arms, pulls summing to the rounds, as its last update says.
    const last = (done.events.filter(ofType("bandit:updated")) as BanditUpdated[]).at(-1)!;
    expect(last.bot).toBe("arbitrageur");
    const bandit = page.locator("[data-testid=bandit][data-bot=arbitrageur]");
    expect(await bandit.locator("figcaption").textContent()).toContain(`${SEALED_ROUNDS} rounds`);
    const pulls = await bandit
      .getByTestId("bandit-arm")
      .evaluateAll((rows) => rows.map((row) => Number(row.querySelectorAll("td")[0]?.textContent)));
    expect(pulls).toEqual(last.arms.map((a) => a.pulls));
    expect(pulls.reduce((a, b) => a + b, 0)).toBe(SEALED_ROUNDS);

    await screenshot(page, "sealed-bid-1920x1080");
    expect(watched.errors).toEqual([]);
  });

  it("gas-auction: both bots' public bids rise, and the winner is marked", async () => {
    const watched = await openAsInstructor();
    const { page } = watched;
    const run = await startFromPage(page, "gas-auction");
    await playToEnd(page);
    const done = await finishedRun(run.id);
    await expectSummary(page, done);

    const bids = done.events.filter(ofType("auction:bid")) as AuctionBid[];
    expect(bids.every((b) => b.auction === "public")).toBe(true);
    for (const bot of ["arbitrageur", "rival"]) {
      const amounts = bids.filter((b) => b.bot === bot).map((b) => BigInt(b.bid.amount));
      expect(amounts.length, `${bot}'s bids`).toBeGreaterThan(1);
      for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeGreaterThan(amounts[i - 1]!);
    }
    // The winner: the bid whose transaction was mined successfully, the highest.
    const mined = (done.events.filter(ofType("block:mined")) as BlockMined[]).flatMap((b) => b.txs);
    const landed = new Set(mined.filter((tx) => tx.status === "success").map((tx) => tx.hash));
    const winners = bids.filter((b) => landed.has(b.carrier));
    expect(winners).toHaveLength(1);
    const top = bids.reduce((a, b) => (BigInt(b.bid.amount) > BigInt(a.bid.amount) ? b : a));
    expect(winners[0]).toBe(top);

    // The table shows the latest bids (both bots), amounts as the events give them, the winner marked.
    const rows = await bidRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(
      bids.slice(-rows.length).map((b) => ({ bot: b.bot, bid: formatTokenAmount(b.bid), won: b === top })),
    );
    expect(new Set(rows.map((r) => r.bot))).toEqual(new Set(["arbitrageur", "rival"]));
    expect(await page.locator("[data-testid=bid-row][data-won=true] td").last().textContent()).toBe("✔ won");
    // The chart: every bid, in order, the winner ringed and said in words.
    expect(await page.getByTestId("bid-chart").getAttribute("data-winners")).toBe("1");
    expect(await chartWords(page)).toBe(bidsInWords(bids, (b) => b === top));
    // Public bids only: no bundle, so no builder panel.
    expect(await page.locator("#builder-panel").isHidden()).toBe(true);

    await screenshot(page, "gas-auction-1920x1080");
    expect(watched.errors).toEqual([]);
  });

  it("protected-swap: alice's swap never shows in the mempool and is tagged protected in the block", async () => {
    const watched = await openAsInstructor();
    const { page } = watched;
    const seenInMempool = await recordAddedHashes(
      page,
      "mempool",
      "[data-testid=mempool-tx], [data-testid=bundle-pending-tx]",
    );
    const run = await startFromPage(page, "protected-swap");
    await stepToEnd(page, run.stepCount);
    const done = await finishedRun(run.id);
    await expectSummary(page, done);

    const built = (done.events.filter(ofType("block:built")) as BlockBuilt[]).at(-1)!;
    expect(built.protectedTxs).toHaveLength(1);
    const swap = built.protectedTxs[0]!;
    const block = (done.events.filter(ofType("block:mined")) as BlockMined[]).at(-1)!;
    const minedSwap = block.txs.find((tx) => tx.hash === swap)!;
    expect(minedSwap.from.label).toBe("alice");
    expect(minedSwap.source).toBe("protected");
    expect(minedSwap.status).toBe("success");

    // The mempool panel showed the run's public transactions (alice's approval), never her swap.
    const publicHashes = done.events.filter(ofType("tx:pending")).map((e) => e.hash);
    expect(publicHashes).not.toContain(swap);
    const approval = done.events
      .filter(ofType("tx:pending"))
      .find((e) => e.from.label === "alice" && e.action.kind === "approve")!;
    const seen = await seenInMempool();
    expect(seen).toContain(approval.hash);
    expect(seen).not.toContain(swap);

    const row = blockRow(page, swap);
    await row.waitFor(WAIT);
    expect(await row.locator(".actor").textContent()).toBe("alice");
    expect(await row.getByTestId("tx-protected").textContent()).toBe("protected: sent privately");
    expect(await page.getByTestId("build-summary").textContent()).toContain("1 protected");
    // The builder's panel shows (it built a block with a protected transaction) and says so.
    expect(await page.locator("#builder-panel").isVisible()).toBe(true);
    expect(await page.locator("#builder").textContent()).toContain("protected transactions");

    await screenshot(page, "protected-swap-1920x1080");
    expect(watched.errors).toEqual([]);
  });

  it("jit-liquidity: the block groups the bundle's 4 transactions, with the JIT labels", async () => {
    const watched = await openAsInstructor();
    const { page } = watched;
    const run = await startFromPage(page, "jit-liquidity");
    await stepToEnd(page, run.stepCount);
    const done = await finishedRun(run.id);
    await expectSummary(page, done);

    const built = (done.events.filter(ofType("block:built")) as BlockBuilt[]).at(-1)!;
    const bundle = built.bundles.find((b) => b.outcome === "included")!;
    expect(bundle.txs).toHaveLength(4);
    const jit = done.events.find((e): e is MevClassified => e.type === "mev:classified" && e.kind === "jit")!;
    expect(jit.block).toBe(built.block);
    const [add, victim, remove] = jit.txs;

    const group = page.locator(`[data-testid=block-bundle][data-hash="${bundle.bundle}"]`);
    await group.waitFor(WAIT);
    expect(await group.locator(".private-tag").textContent()).toContain("· private");
    expect(
      await group.getByTestId("block-tx").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hash"))),
    ).toEqual(bundle.txs);
    expect(await group.getByTestId("inspector-label").textContent()).toContain("Inspector: jit");
    expect(await group.getByTestId("inspector-label").textContent()).toContain(
      `JIT liquidity by ${jit.profits[0]!.actor.label}`,
    );
    const roles = (hash: string) => blockRow(page, hash).getByTestId("tx-role").allTextContents();
    expect(await roles(add!)).toEqual(["JIT liquidity"]);
    expect(await roles(remove!)).toEqual(["JIT liquidity"]);
    expect(await roles(victim!)).toEqual(["jit · victim"]);
    expect(await page.locator("[data-testid=finding][data-kind=jit]").count()).toBe(1);
    // JIT liquidity deepens the pool: bob receives more than without it, and the page says so.
    const gained = -BigInt(jit.victim!.loss.amount);
    expect(gained).toBeGreaterThan(0n);
    const line = page.locator("[data-testid=finding][data-kind=jit] [data-testid=victim-loss]");
    expect(await line.textContent()).toBe(
      formatTokenAmount({ ...jit.victim!.loss, amount: gained.toString() }),
    );
    expect(await line.locator("xpath=..").textContent()).toContain("better off by");

    await screenshot(page, "jit-liquidity-1920x1080");
    expect(watched.errors).toEqual([]);
  });

  it("backrun: played to the end; the back-run sits right behind bob's swap in one bundle", async () => {
    const watched = await openAsInstructor();
    const { page } = watched;
    const run = await startFromPage(page, "backrun");
    await playToEnd(page);
    const done = await finishedRun(run.id);
    await expectSummary(page, done);

    const built = (done.events.filter(ofType("block:built")) as BlockBuilt[]).at(-1)!;
    const bundle = built.bundles.find((b) => b.outcome === "included")!;
    const finding = done.events.find(
      (e): e is MevClassified => e.type === "mev:classified" && e.kind === "backrun",
    )!;
    const group = page.locator(`[data-testid=block-bundle][data-hash="${bundle.bundle}"]`);
    await group.waitFor(WAIT);
    expect(
      await group.getByTestId("block-tx").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hash"))),
    ).toEqual(bundle.txs);
    const [target, backrunTx] = finding.txs;
    expect(bundle.txs.indexOf(backrunTx!)).toBe(bundle.txs.indexOf(target!) + 1);
    // The back-run is also an arbitrage in the inspector's eyes: it may carry both badges.
    const roles = (hash: string) => blockRow(page, hash).getByTestId("tx-role").allTextContents();
    expect(await roles(backrunTx!)).toContain("back-run");
    expect(await roles(target!)).toContain("backrun · victim");

    await screenshot(page, "backrun-1920x1080");
    expect(watched.errors).toEqual([]);
  });
});
