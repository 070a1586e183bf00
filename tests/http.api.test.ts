import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../server/http/app";
import { MISSING_TOKEN_MESSAGE, WRONG_TOKEN_MESSAGE } from "../server/http/auth";
import { getAmountOut } from "../server/math/amm";
import type { Sandbox } from "../server/sandbox";
import { SCENARIOS } from "../server/scenarios";
import { FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { FAUCET_DRIP, TOKENS, toBaseUnits } from "../server/world/config";
import { reservesFor } from "../server/world/market";
import { AmmRouter__factory, TestToken__factory } from "../typechain-types";
import {
  apiClient,
  failsToStartScenario,
  startTestSandbox,
  TEST_TOKEN,
  throwingScenario,
  waitFor,
} from "./helpers/http";

describe("the REST API", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Runs a scenario to its end through the API and returns its final view. */
  async function playToEnd(scenario: string, params: Record<string, unknown> = {}) {
    const created = await api("POST", "/api/runs", { body: { scenario, params }, ...asInstructor });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const played = await api("POST", `/api/runs/${created.body.id}/play`, {
      body: { speed: 100 },
      ...asInstructor,
    });
    expect(played.status).toBe(202);
    return waitFor(async () => {
      const view = (await api("GET", `/api/runs/${created.body.id}`)).body;
      return view.status === "finished" || view.status === "failed" ? view : undefined;
    });
  }

  describe("reading", () => {
    it("GET /api/health answers with the chain's latest block", async () => {
      const { status, body } = await api("GET", "/api/health");
      expect(status).toBe(200);
      expect(body.status).toBe("ok");
      expect(body.block).toBe((await sandbox.chain.latestBlock()).number);
      expect(body.runningRunId).toBeNull();
    });

    it("GET /api/world lists chain id, tokens with decimals, pools with DEX and reserves, actors", async () => {
      const { status, body } = await api("GET", "/api/world");
      expect(status).toBe(200);
      expect(body.chainId).toBe("31337");
      expect(body.tokens.map((t: { symbol: string; decimals: number }) => [t.symbol, t.decimals])).toEqual(
        TOKENS.map((t) => [t.symbol, t.decimals]),
      );
      const pool = sandbox.world.pools[0]!;
      const [reserve0, reserve1] = await pool.pair.getReserves();
      expect(body.pools[0]).toMatchObject({
        name: pool.name,
        dex: sandbox.world.dexes[pool.dex].name,
        reserve0: reserve0.toString(),
        reserve1: reserve1.toString(),
      });
      expect(body.actors.find((a: { name: string }) => a.name === "alice").address).toBe(
        sandbox.world.actors.alice.address,
      );
    });

    it("GET /api/scenarios describes every scenario's parameters with defaults and limits", async () => {
      const { body } = await api("GET", "/api/scenarios");
      const names = body.scenarios.map((s: { name: string }) => s.name);
      expect(names).toEqual([
        ...SCENARIOS.map((s) => s.name),
        throwingScenario.name,
        failsToStartScenario.name,
      ]);
      const sandwich = body.scenarios.find((s: { name: string }) => s.name === "sandwich");
      const victimSize = sandwich.params.find((p: { name: string }) => p.name === "victimSize");
      expect(victimSize).toMatchObject({ default: "10", min: "0.01", max: "100", symbol: "WETH" });
    });

    it("sends security headers and serves the placeholder page at /", async () => {
      const response = await fetch(`${sandbox.http.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("MEV Sandbox");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(response.headers.get("x-powered-by")).toBeNull();
    });

    it("answers unknown routes with 404 in the error shape", async () => {
      for (const path of ["/api/nothing", "/nothing/here"]) {
        const { status, body } = await api("GET", path);
        expect(status).toBe(404);
        expect(body).toEqual({
          error: { code: "not_found", message: `no route GET ${path}`, details: null },
        });
      }
    });

    it("GET /metrics speaks Prometheus text", async () => {
      const response = await fetch(`${sandbox.http.url}/metrics`);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      for (const name of [
        "sandbox_blocks_total",
        "sandbox_transactions_total",
        "sandbox_opportunities_found_total",
        "sandbox_opportunities_skipped_total",
        "sandbox_mev_profit_tokens_total",
        "sandbox_decision_latency_seconds",
        "sandbox_viewers",
      ])
        expect(text).toContain(`# TYPE ${name}`);
    });
  });

  describe("who may do what", () => {
    it("refuses control without the token, or with a wrong one, with 401 and a clear message", async () => {
      const missing = await api("POST", "/api/runs", { body: { scenario: "sandwich" } });
      expect(missing.status).toBe(401);
      expect(missing.body.error).toEqual({
        code: "unauthorized",
        message: MISSING_TOKEN_MESSAGE,
        details: null,
      });
      expect(missing.headers.get("www-authenticate")).toContain("Bearer");
      const wrong = await api("POST", "/api/runs", {
        body: { scenario: "sandwich" },
        token: "not-the-token",
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toBe(WRONG_TOKEN_MESSAGE);
      for (const path of [
        "/api/runs/run-1/step",
        "/api/live",
        "/api/live/mine",
        "/api/mev/execute/0x0000000000000000",
      ]) {
        expect((await api("POST", path, { body: {} })).status).toBe(401);
      }
      expect((await api("GET", "/api/runs")).body.runs).toEqual([]); // nothing was created
    });

    it("rate-limits control endpoints with 429", async () => {
      const app = createApp({ ...sandboxDeps(), rateLimit: { windowMs: 60_000, limit: 2 } });
      const server: Server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const limited = apiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited("POST", "/api/runs", { body: {} })).status);
      const last = await limited("POST", "/api/runs", { body: {} });
      server.close();
      expect(statuses).toEqual([401, 401, 429]);
      expect(last.body.error.code).toBe("rate_limited");
      expect((await limited("GET", "/api/health").catch(() => null)) ?? null).toBeNull(); // server closed
    });

    function sandboxDeps() {
      return {
        control: sandbox.control,
        metrics: sandbox.metrics,
        token: TEST_TOKEN,
        connect: sandbox.connect,
      };
    }
  });

  describe("bad input", () => {
    it.each([
      ["malformed JSON", { raw: '{"scenario": "sandwich",' }, 400, "malformed_json"],
      ["a body that is not an object", { raw: "[1,2]" }, 400, "invalid_request"],
      ["a scenario of the wrong type", { body: { scenario: 5 } }, 400, "invalid_request"],
      ["unknown fields", { body: { scenario: "sandwich", colour: "red" } }, 400, "invalid_request"],
      ["params of the wrong type", { body: { scenario: "sandwich", params: [1] } }, 400, "invalid_request"],
      ["an unknown scenario", { body: { scenario: "heist" } }, 404, "unknown_scenario"],
    ])("POST /api/runs with %s → %i %s", async (_what, request, status, code) => {
      const response = await api("POST", "/api/runs", { ...request, ...asInstructor });
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(typeof response.body.error.message).toBe("string");
      expect(response.body.error).toHaveProperty("details");
    });

    it("names every out-of-range parameter with what is accepted", async () => {
      const { status, body } = await api("POST", "/api/runs", {
        body: { scenario: "sandwich", params: { victimSize: "1000", slippage: "lots", color: 1 } },
        ...asInstructor,
      });
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_params");
      const problems = body.error.details.problems.map((p: { param: string }) => p.param).sort();
      expect(problems).toEqual(["color", "slippage", "victimSize"]);
      expect(body.error.message).toContain("victimSize: must be an amount from 0.01 to 100 WETH");
    });

    it("answers unknown and malformed run ids", async () => {
      expect((await api("GET", "/api/runs/run-999")).body.error.code).toBe("unknown_run");
      expect((await api("GET", "/api/runs/run-999")).status).toBe(404);
      expect((await api("POST", "/api/runs/run-999/step", asInstructor)).status).toBe(404);
      const bad = await api("GET", "/api/runs/r%20u%20n");
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe("invalid_request");
    });

    it("validates MEV queries and bodies", async () => {
      const cases: [string, string, { body?: unknown; raw?: string; token?: string }, number][] = [
        ["GET", "/api/mev/opportunities?limit=0", {}, 400],
        ["GET", "/api/mev/opportunities?limit=ten", {}, 400],
        ["GET", "/api/mev/opportunities?kind=heist", {}, 400],
        ["POST", "/api/mev/scan", { body: { max_hops: 9 } }, 400],
        ["POST", "/api/mev/scan", { body: { tokens: ["DOGE"] } }, 400],
        ["POST", "/api/mev/scan", { body: { min_profit: "-1" } }, 400],
        ["POST", "/api/mev/simulate", { body: { txs: [] } }, 400],
        ["POST", "/api/mev/simulate", { body: { txs: ["0xzz"] } }, 400],
        ["POST", "/api/mev/simulate", { body: { txs: ["0x1234"] } }, 400],
        ["GET", "/api/mev/blocks/latest", {}, 400],
        ["GET", "/api/mev/blocks/999999", {}, 404],
        ["POST", "/api/mev/execute/xyz", asInstructor, 400],
        ["POST", "/api/mev/execute/0x0123456789abcdef", asInstructor, 404],
        ["POST", "/api/live", { body: { enabled: "yes" }, ...asInstructor }, 400],
        ["POST", "/api/live", { body: { enabled: true, blockTime: -1 }, ...asInstructor }, 400],
      ];
      for (const [method, path, options, status] of cases) {
        const response = await api(method, path, options);
        expect(response.status, `${method} ${path}`).toBe(status);
        expect(Object.keys(response.body.error).sort(), `${method} ${path}`).toEqual([
          "code",
          "details",
          "message",
        ]);
      }
    });
  });

  describe("runs", () => {
    it("steps a run, narrates each step, and refuses a second run with 409 and the running run's id", async () => {
      const created = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        scenario: "sandwich",
        status: "ready",
        nextStep: 0,
        stepCount: 4,
      });
      const id = created.body.id as string;

      const stepped = await api("POST", `/api/runs/${id}/step`, asInstructor);
      expect(stepped.status).toBe(200);
      expect(stepped.body.status).toBe("running");
      expect(stepped.body.steps[0].state).toBe("done");
      expect(stepped.body.steps[0].narration).toContain("DEX A's WETH/USDC pool holds");
      expect(stepped.body.events[0]).toMatchObject({ type: "run:started", runId: id, scenario: "sandwich" });

      const second = await api("POST", "/api/runs", { body: { scenario: "arbitrage" }, ...asInstructor });
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: "run_in_progress", details: { runningRunId: id } });
      expect((await api("POST", "/api/live", { body: { enabled: true }, ...asInstructor })).status).toBe(409);
      expect((await api("POST", "/api/live/mine", asInstructor)).status).toBe(409);
      expect((await api("GET", "/api/health")).body.runningRunId).toBe(id);

      const played = await api("POST", `/api/runs/${id}/play`, { body: { speed: 100 }, ...asInstructor });
      expect(played.status).toBe(202);
      expect(played.body.playing).toBe(true);
      const finished = await waitFor(async () => {
        const view = (await api("GET", `/api/runs/${id}`)).body;
        return view.status === "finished" ? view : undefined;
      });
      expect(finished.steps.every((s: { state: string }) => s.state === "done")).toBe(true);
      expect(finished.events.at(-1).type).toBe("run:finished");
      expect((await api("POST", `/api/runs/${id}/step`, asInstructor)).body.error.code).toBe("run_over");

      // Reset: ready again, the chain back to the clean world.
      const reset = await api("POST", `/api/runs/${id}/reset`, asInstructor);
      expect(reset.body).toMatchObject({ status: "ready", nextStep: 0, events: [] });
      expect(
        (await api("POST", `/api/runs/${id}/play`, { body: { speed: 1000 }, ...asInstructor })).status,
      ).toBe(400);
    });

    it("pauses a played run after the step in progress", async () => {
      const { body } = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
      await api("POST", `/api/runs/${body.id}/play`, { body: { speed: 0.5 }, ...asInstructor });
      const paused = await api("POST", `/api/runs/${body.id}/pause`, asInstructor);
      expect(paused.body.playing).toBe(false);
      const settled = await sandbox.control.runs.settled(body.id);
      expect(settled.nextStep).toBe(1); // the first step finished, then the run stopped
      expect(settled.status).toBe("running");
      const rest = await api("POST", `/api/runs/${body.id}/play`, { body: { speed: 100 }, ...asInstructor });
      expect(rest.status).toBe(202);
      expect((await sandbox.control.runs.settled(body.id)).status).toBe("finished");
    });

    it("marks a throwing scenario failed, with the error, and leaves server and chain usable", async () => {
      const failed = await playToEnd(throwingScenario.name);
      expect(failed.status).toBe("failed");
      expect(failed.error).toEqual({ name: "Error", message: "this step fails on purpose" });
      expect(failed.events.at(-1)).toMatchObject({
        type: "run:failed",
        error: { message: "this step fails on purpose" },
      });
      expect((await api("GET", "/api/health")).body.runningRunId).toBeNull();
      const next = await playToEnd("sandwich");
      expect(next.status).toBe("finished");
    });
  });

  describe("MEV", () => {
    it("lists the bots' decisions newest first, paginated, and counts them in stats", async () => {
      const all = (await api("GET", "/api/mev/opportunities?limit=200")).body;
      expect(all.total).toBeGreaterThanOrEqual(0);
      const page = (await api("GET", "/api/mev/opportunities?limit=1&offset=0")).body;
      expect(page.limit).toBe(1);
      expect(page.items.length).toBe(Math.min(1, all.total));
      if (all.total > 1) {
        const second = (await api("GET", "/api/mev/opportunities?limit=1&offset=1")).body;
        expect(second.items[0].seq).toBe(all.items[1].seq);
        expect(all.items[0].seq).toBeGreaterThan(all.items[1].seq);
      }
      const stats = (await api("GET", "/api/mev/stats")).body;
      const counted =
        Object.values(stats.found as Record<string, number>).reduce((a, b) => a + b, 0) +
        Object.values(stats.skipped as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(counted).toBe(all.total);
      expect(stats.latencyMs).toHaveProperty("p99");
    });

    it("simulates signed transactions on the current state without mining them", async () => {
      const wallet = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 1).privateKey);
      const { WETH, USDC } = sandbox.world.tokens;
      const router = await sandbox.world.dexes.dexA.router.getAddress();
      const before = await sandbox.chain.latestBlock();
      const pool = sandbox.world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
      const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
      // The learner has no WETH: faucet, approve and swap, all signed offline with explicit nonces.
      const fee = {
        maxFeePerGas: 100n * 10n ** 9n,
        maxPriorityFeePerGas: 10n ** 9n,
        gasLimit: 300_000n,
        chainId: 31337n,
        type: 2,
      };
      const amountIn = toBaseUnits(1n, 18);
      const nonce = await sandbox.chain.provider.getTransactionCount(wallet.address);
      const wethIface = TestToken__factory.createInterface();
      const routerIface = AmmRouter__factory.createInterface();
      const txs = [
        await wallet.signTransaction({
          ...fee,
          nonce,
          to: await sandbox.world.faucet.getAddress(),
          data: sandbox.world.faucet.interface.encodeFunctionData("drip", [wallet.address]),
        }),
        await wallet.signTransaction({
          ...fee,
          nonce: nonce + 1,
          to: WETH.address,
          data: wethIface.encodeFunctionData("approve", [router, amountIn]),
        }),
        await wallet.signTransaction({
          ...fee,
          nonce: nonce + 2,
          to: router,
          data: routerIface.encodeFunctionData("swapExactTokensForTokens", [
            amountIn,
            0n,
            [WETH.address, USDC.address],
            wallet.address,
            2n ** 40n,
          ]),
        }),
        await wallet.signTransaction({ ...fee, nonce: nonce + 2, to: router, data: "0x" }), // nonce already used
      ];
      const { status, body } = await api("POST", "/api/mev/simulate", { body: { txs } });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.block).toBe(before.number);
      expect(body.results.map((r: { status: string }) => r.status)).toEqual([
        "success",
        "success",
        "success",
        "rejected",
      ]);
      const swap = body.results[2];
      expect(swap.action.kind).toBe("swapExactTokensForTokens");
      expect(Number(swap.gasUsed)).toBeGreaterThan(21_000);
      expect(swap.logs.map((l: { event: string }) => l.event)).toContain("Swap");
      const learner = swap.balanceChanges.find(
        (c: { account: { address: string } }) =>
          c.account.address.toLowerCase() === wallet.address.toLowerCase(),
      );
      const out = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
      expect(learner.changes).toContainEqual({ amount: out.toString(), symbol: "USDC", decimals: 6 });
      expect(learner.changes).toContainEqual({
        amount: (-amountIn).toString(),
        symbol: "WETH",
        decimals: 18,
      });
      const dripped = body.results[0].balanceChanges.find(
        (c: { account: { address: string } }) =>
          c.account.address.toLowerCase() === wallet.address.toLowerCase(),
      );
      expect(dripped.changes).toContainEqual({
        amount: toBaseUnits(FAUCET_DRIP.WETH, 18).toString(),
        symbol: "WETH",
        decimals: 18,
      });
      // Nothing was kept.
      expect((await sandbox.chain.latestBlock()).hash).toBe(before.hash);
      expect(await WETH.contract.balanceOf(wallet.address)).toBe(0n);
    });

    it("scans for arbitrage, executes it as the arbitrageur, and refuses it once stale", async () => {
      // bob moves DEX B's WETH/USDC price; the live chain mines it.
      const { bob } = sandbox.world.actors;
      const { WETH, USDC } = sandbox.world.tokens;
      const routerB = sandbox.world.dexes.dexB.router.connect(bob.signer);
      await (await WETH.contract.connect(bob.signer).approve(await routerB.getAddress(), 2n ** 255n))
        .wait(0)
        .catch(() => {});
      await api("POST", "/api/live/mine", asInstructor);
      const block = await sandbox.chain.latestBlock();
      await routerB.swapExactTokensForTokens(
        toBaseUnits(50n, 18),
        0n,
        [WETH.address, USDC.address],
        bob.address,
        BigInt(block.timestamp + 600),
      );
      const mined = await api("POST", "/api/live/mine", asInstructor);
      expect(mined.status).toBe(200);
      expect(mined.body.txs.length).toBe(1);

      const scan = await api("POST", "/api/mev/scan", { body: { tokens: ["WETH", "USDC"], max_hops: 3 } });
      expect(scan.status).toBe(200);
      expect(scan.body.block).toBe(mined.body.block);
      const best = scan.body.opportunities[0];
      expect(best).toBeDefined();
      expect(best.pools.some((p: string) => p.startsWith("DEX B"))).toBe(true);
      const none = await api("POST", "/api/mev/scan", { body: { min_profit: "1000000000" } });
      expect(none.body.opportunities).toEqual([]);

      const wrongSearcher = await api("POST", `/api/mev/execute/${best.id}`, {
        body: { searcher: "alice" },
        ...asInstructor,
      });
      expect(wrongSearcher.status).toBe(400);
      expect(wrongSearcher.body.error.code).toBe("not_the_owner");

      const executed = await api("POST", `/api/mev/execute/${best.id}`, {
        body: { searcher: "arbitrageur" },
        ...asInstructor,
      });
      expect(executed.status, JSON.stringify(executed.body)).toBe(200);
      expect(executed.body.status).toBe("success");
      expect(executed.body.realisedProfit).toEqual(best.expectedProfit); // nothing moved in between
      const receipt = await sandbox.chain.provider.getTransactionReceipt(executed.body.txs[0]);
      expect(receipt?.blockNumber).toBe(executed.body.block);

      const labels = await api("GET", `/api/mev/blocks/${executed.body.block}`);
      expect(labels.body.labels.map((l: { kind: string }) => l.kind)).toContain("arbitrage");

      const stale = await api("POST", `/api/mev/execute/${best.id}`, asInstructor);
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe("stale_opportunity");
      expect(stale.body.error.message).toContain("moved since block");
    });
  });
});
