/**
 * Bundles in the visualizer, in a real browser against the real sandbox: two searchers send the
 * builder bundles for the same swap (each with its exact minimum output, each paying the builder
 * with a coinbase transfer), so only one can land. The page shows both bundles as private groups
 * while they wait, then one included and one dropped for the conflict, with the builder's reason,
 * and the block groups the included bundle's transactions. A payment sent through the protected path
 * never shows in the mempool and is tagged "protected" in the block. Checked against the chain.
 */
import type { TransactionRequest } from "ethers";
import hre from "hardhat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockBuilt, BundleReceived, SandboxEvent } from "../server/events";
import { getAmountOut } from "../server/math/amm";
import type { Sandbox } from "../server/sandbox";
import { deadlineFromNow } from "../server/scenarios/actions";
import { defineScenario } from "../server/scenarios/scenario";
import { poolNamed } from "../server/scenarios/text";
import { COINBASE_ADDRESS } from "../server/world/actors";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { ethText } from "../web/src/format";
import {
  ensureWebBuild,
  LAPTOP,
  launchChromium,
  openPage,
  PROJECTOR,
  screenshot,
  type WatchedPage,
} from "./helpers/browser";
import { apiClient, startTestSandbox, TEST_TOKEN, throwingScenario } from "./helpers/http";

const WAIT = { timeout: 30_000, interval: 100 };
const ETH = 10n ** 18n;
const SWAP_IN = 20n * ETH;
/** What each searcher pays the builder: the searcher outbids the rival. */
const SEARCHER_PAYS = ETH / 20n;
const RIVAL_PAYS = ETH / 50n;
const POOL = "DEX A WETH/USDC";
const PROTECTED_TIP = 10n ** 9n;

/** `actor` swaps SWAP_IN WETH for USDC on DEX A, asking for every unit the pool gives now. */
async function exactSwap(world: World, actor: string, minOut: bigint): Promise<TransactionRequest> {
  const router = world.dexes.dexA.router;
  return {
    to: await router.getAddress(),
    data: router.interface.encodeFunctionData("swapExactTokensForTokens", [
      SWAP_IN,
      minOut,
      [world.tokens.WETH.address, world.tokens.USDC.address],
      actor,
      await deadlineFromNow(world),
    ]),
    gasLimit: 300_000n,
  };
}

const payBuilder = (value: bigint): TransactionRequest => ({
  to: COINBASE_ADDRESS,
  value,
  gasLimit: 21_000n,
});

/** Test-only: two bundles that cannot both pass their minimum output, then the block. */
const conflictingBundles = defineScenario({
  name: "two-conflicting-bundles",
  description: "two searchers bundle the same exact-output swap; only one can land (tests only)",
  params: {},
  bots: () => [],
  steps: [
    {
      title: "Two searchers send bundles for the same swap",
      async run({ world, engine }) {
        const pool = poolNamed(world, POOL);
        const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
        // Exactly what the pool gives now: whichever swap runs second gets less, and reverts.
        const minOut = getAmountOut(SWAP_IN, reserveIn, reserveOut, pool.feeBps);
        const { searcher, rival } = world.actors;
        await engine.sendBundle("searcher", searcher.address, [
          await exactSwap(world, searcher.address, minOut),
          payBuilder(SEARCHER_PAYS),
        ]);
        const router = await world.dexes.dexA.router.getAddress();
        await engine.sendBundle("rival", rival.address, [
          {
            to: world.tokens.WETH.address,
            data: world.tokens.WETH.contract.interface.encodeFunctionData("approve", [router, SWAP_IN]),
            gasLimit: 80_000n,
          },
          await exactSwap(world, rival.address, minOut),
          payBuilder(RIVAL_PAYS),
        ]);
        // alice pays bob through the protected path: only the builder sees it, too.
        await engine.sendProtected(world.actors.alice.address, {
          to: world.actors.bob.address,
          value: ETH,
          gasLimit: 21_000n,
          maxPriorityFeePerGas: PROTECTED_TIP,
        });
        await engine.observe();
        return {
          narration:
            "Two bundles and a protected payment wait for the builder; the public mempool never sees them.",
        };
      },
    },
    {
      title: "The builder builds the block",
      async run({ engine }) {
        await engine.mine();
        return { narration: "The builder kept one bundle and dropped the other." };
      },
    },
  ],
});

describe("bundles in the visualizer (Chromium)", { retry: 1 }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let watched: WatchedPage;
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    const staticDir = ensureWebBuild();
    sandbox = await startTestSandbox(hre, {
      staticDir,
      extraScenarios: [throwingScenario as never, conflictingBundles as never],
    });
    api = apiClient(sandbox.http.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const bundleCard = (page: Page, hash: string) => page.locator(`[data-testid=bundle][data-hash="${hash}"]`);

  it("shows two conflicting bundles: both private while pending, then one included and one dropped for the conflict", async () => {
    watched = await openPage(browser, `${sandbox.http.url}/`, PROJECTOR);
    const { page } = watched;
    await page.locator("#connection[data-state=connected]").waitFor(WAIT);
    const { body: run } = await api<{ id: string }>("POST", "/api/runs", {
      body: { scenario: conflictingBundles.name },
      ...asInstructor,
    });

    // Step 1: both bundles wait, drawn as private groups in the mempool view and pending in the builder panel.
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    const { body: afterSend } = await api<{ events: SandboxEvent[] }>("GET", `/api/runs/${run.id}`);
    const received = afterSend.events.filter((e): e is BundleReceived => e.type === "bundle:received");
    expect(received.map((b) => b.origin)).toEqual(["searcher", "rival"]);
    const groups = page.getByTestId("mempool-bundle");
    await expect.poll(() => groups.count(), WAIT).toBe(2);
    for (const bundle of received) {
      const group = page.locator(`[data-testid=mempool-bundle][data-hash="${bundle.bundle}"]`);
      expect(await group.textContent()).toContain("· private");
      expect(
        await group
          .locator("[data-testid=bundle-pending-tx]")
          .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hash"))),
      ).toEqual(bundle.txs.map((tx) => tx.hash));
      expect(await bundleCard(page, bundle.bundle).getAttribute("data-status")).toBe("pending");
    }
    expect(await page.getByTestId("mempool-tx").count()).toBe(0);
    await screenshot(page, "bundles-pending-1920x1080");

    // Step 2: the block.
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    const { body: done } = await api<{ events: SandboxEvent[]; status: string }>(
      "GET",
      `/api/runs/${run.id}`,
    );
    expect(done.status).toBe("finished");
    const built = done.events.find((e): e is BlockBuilt => e.type === "block:built")!;
    const included = built.bundles.find((b) => b.outcome === "included")!;
    const dropped = built.bundles.find((b) => b.outcome === "dropped")!;
    expect(included.origin).toBe("searcher");
    expect(dropped.origin).toBe("rival");
    expect(dropped.reason).toBe("conflict");

    // On chain: the searcher's bundle is the top of the block, the rival's left nothing.
    const block = await sandbox.chain.provider.getBlock(built.block);
    expect(block!.transactions.slice(0, included.txs.length)).toEqual(included.txs);
    for (const hash of dropped.txs)
      expect(await sandbox.chain.provider.getTransactionReceipt(hash)).toBeNull();
    expect(built.protectedTxs).toHaveLength(1);
    const protectedTx = (await sandbox.chain.provider.getTransactionReceipt(built.protectedTxs[0]!))!;
    expect(protectedTx.blockNumber).toBe(built.block);
    const protectedFee = protectedTx.gasUsed * (protectedTx.gasPrice - block!.baseFeePerGas!);
    const take =
      (await sandbox.chain.provider.getBalance(COINBASE_ADDRESS, built.block)) -
      (await sandbox.chain.provider.getBalance(COINBASE_ADDRESS, built.block - 1));

    const includedCard = bundleCard(page, included.bundle);
    const droppedCard = bundleCard(page, dropped.bundle);
    await expect.poll(() => includedCard.getAttribute("data-status"), WAIT).toBe("included");
    await expect.poll(() => droppedCard.getAttribute("data-status"), WAIT).toBe("dropped");
    expect(await includedCard.getByTestId("bundle-status").textContent()).toBe(
      `✔ included at #1 of block #${built.block}`,
    );
    expect(await droppedCard.getAttribute("data-reason")).toBe("conflict");
    expect(await droppedCard.getByTestId("bundle-status").textContent()).toContain("dropped");
    expect(await droppedCard.getByTestId("bundle-status").textContent()).toContain("conflict");
    expect(await droppedCard.getByTestId("bundle-explanation").textContent()).toBe(
      `Builder: ${dropped.explanation}.`,
    );
    // What the included bundle paid: what the builder's balance gained in this block, but alice's tip.
    expect(protectedFee).toBeGreaterThan(0n);
    expect(await includedCard.getByTestId("bundle-payment").textContent()).toContain(
      ethText((take - protectedFee).toString()),
    );
    expect(await page.getByTestId("mempool-bundle").count()).toBe(0);

    // The block view joins the included bundle's transactions in one group, in order.
    const group = page.locator(`[data-testid=block-bundle][data-hash="${included.bundle}"]`);
    await group.waitFor(WAIT);
    expect(await group.textContent()).toContain("· private");
    expect(
      await group
        .locator("[data-testid=block-tx]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hash"))),
    ).toEqual(included.txs);
    expect(await page.locator("[data-testid=block-bundle]").count()).toBe(1);
    // The protected payment: after the bundle, outside any group, tagged.
    const protectedRow = page.locator(`[data-testid=block-tx][data-hash="${protectedTx.hash}"]`);
    expect(await protectedRow.getByTestId("tx-protected").textContent()).toContain("protected");
    expect(await group.locator(`[data-hash="${protectedTx.hash}"]`).count()).toBe(0);

    // No bids and no bandit in this run: their panels stay hidden; the builder's shows.
    expect(await page.locator("#builder-panel").isVisible()).toBe(true);
    expect(await page.locator("#market").isHidden()).toBe(true);

    await screenshot(page, "bundles-built-1920x1080");
    await page.setViewportSize(LAPTOP);
    await screenshot(page, "bundles-built-1366x768");
    expect(watched.errors).toEqual([]);
  });
});
