/**
 * Solo mode: the JSON-RPC port is open, so a learner can break the world. The sandbox notices and
 * heals itself: the clean world comes back at the same addresses, a run after it finishes with its
 * MEV, health tells the truth meanwhile. Each case below once needed a restart.
 */
import hre from "hardhat";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SandboxEvent, SandboxHealed } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { apiClient, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";
import { rpcCall } from "./helpers/rpc";

describe("the sandbox heals itself (solo mode)", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let cleanWorld: unknown;
  const healed: SandboxHealed[] = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { guardIntervalMs: 250 });
    api = apiClient(sandbox.http.url);
    sandbox.control.bus.on((event: SandboxEvent) => {
      if (event.type === "sandbox:healed") healed.push(event);
    });
    cleanWorld = (await api("GET", "/api/world")).body;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  beforeEach(() => {
    healed.length = 0;
  });

  const rpc = (method: string, params: unknown[] = []) => rpcCall(sandbox.rpc.url, method, params);

  /** Waits for the guard's event, then for health to be ok again. */
  async function healedBy(action: SandboxHealed["action"]): Promise<SandboxHealed> {
    const event = await waitFor(() => healed.find((e) => e.action === action), 20_000);
    await waitFor(async () => ((await api("GET", "/api/health")).body.status === "ok" ? true : undefined));
    return event;
  }

  /** A sandwich run through the API, played to the end: its status and the MEV the inspector found. */
  async function sandwichRun(): Promise<{ id: string; status: string; kinds: string[] }> {
    const created = await api("POST", "/api/runs", { token: TEST_TOKEN, body: { scenario: "sandwich" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    expect(
      (await api("POST", `/api/runs/${id}/play`, { token: TEST_TOKEN, body: { speed: 100 } })).status,
    ).toBe(202);
    const view = await sandbox.control.runs.settled(id);
    const kinds = view.events.flatMap((e) => (e.type === "mev:classified" ? [e.kind] : []));
    return { id, status: view.status, kinds };
  }

  async function expectCleanWorldAndWorkingSandbox(): Promise<void> {
    await sandbox.control.published.refresh();
    expect((await api("GET", "/api/world")).body).toEqual(cleanWorld);
    expect((await api("POST", "/api/mev/scan", { body: {} })).status).toBe(200);
    expect((await api("POST", "/api/live/mine", { token: TEST_TOKEN })).status).toBe(200);
    const run = await sandwichRun();
    expect(run.status).toBe("finished");
    expect(run.kinds).toContain("sandwich");
    expect((await api("POST", `/api/runs/${run.id}/reset`, { token: TEST_TOKEN })).status).toBe(200);
  }

  it("an outside hardhat_reset: the world is deployed again at the same addresses", async () => {
    expect((await rpc("hardhat_reset")).result).toBe(true);
    const event = await healedBy("redeployed");
    expect(event.problem).toContain("hardhat_reset");
    await expectCleanWorldAndWorkingSandbox();
  });

  it("evm_snapshot, then evm_revert of every snapshot 0x1…0x12: the clean world comes back", async () => {
    await rpc("evm_snapshot");
    for (let id = 1; id <= 0x12; id++) await rpc("evm_revert", [`0x${id.toString(16)}`]);
    const event = await healedBy("redeployed");
    expect(event.problem).toContain("evm_revert");
    await expectCleanWorldAndWorkingSandbox();
  });

  it("automine switched on: switched off again, and a sandwich run still has its sandwich", async () => {
    await rpc("evm_setAutomine", [true]);
    const event = await healedBy("settings-restored");
    expect(event.problem).toContain("automine was switched on");
    expect(await sandbox.chain.rpc("hardhat_getAutomine")).toBe(false);
    await expectCleanWorldAndWorkingSandbox();
  });

  it("the block gas limit or the coinbase changed: put back", async () => {
    await rpc("evm_setBlockGasLimit", ["0x5208"]);
    await rpc("hardhat_setCoinbase", [hardhatAccount(FIRST_LEARNER_ACCOUNT).address]);
    await healedBy("settings-restored");
    expect((await sandbox.chain.rpc<string>("eth_coinbase")).toLowerCase()).toBe(
      COINBASE_ADDRESS.toLowerCase(),
    );
    await expectCleanWorldAndWorkingSandbox();
    const latest = await sandbox.chain.latestBlock();
    expect(latest.gasLimit).toBe(30_000_000n);
  });

  it("WETH's code replaced: the world returns to its clean snapshot", async () => {
    const weth = sandbox.world.tokens.WETH.address;
    const code = await sandbox.chain.provider.getCode(weth);
    await rpc("hardhat_setCode", [weth, "0x00"]);
    const event = await healedBy("reverted");
    expect(event.problem).toContain("WETH");
    expect(await sandbox.chain.provider.getCode(weth)).toBe(code);
    await expectCleanWorldAndWorkingSandbox();
  });

  it("a run whose world is altered mid-way fails with the reason; the world is clean after", async () => {
    const created = await api("POST", "/api/runs", { token: TEST_TOKEN, body: { scenario: "sandwich" } });
    const { id } = created.body;
    expect((await api("POST", `/api/runs/${id}/step`, { token: TEST_TOKEN })).status).toBe(200);
    await rpc("hardhat_setCode", [sandbox.world.tokens.USDC.address, "0x00"]);
    await healedBy("reverted");
    const view = (await api("GET", `/api/runs/${id}`)).body;
    expect(view.status).toBe("failed");
    expect(view.error.name).toBe("WorldAlteredError");
    expect(view.error.message).toContain("USDC");
    expect((await api("GET", "/api/runs")).body.runningRunId).toBeNull();
    await expectCleanWorldAndWorkingSandbox();
  });

  it("reports degraded with the reason while it cannot heal, and ok once it has", async () => {
    const rebuild = sandbox.clean.rebuild.bind(sandbox.clean);
    sandbox.clean.rebuild = async () => {
      throw new Error("the deployment failed on purpose");
    };
    await rpc("hardhat_reset");
    const degraded = await waitFor(async () => {
      const health = (await api("GET", "/api/health")).body;
      return health.status === "degraded" ? health : undefined;
    });
    expect(degraded.reason).toContain("the deployment failed on purpose");
    sandbox.clean.rebuild = rebuild;
    await healedBy("redeployed");
    await expectCleanWorldAndWorkingSandbox();
  });

  it("an instructor's hardhat_reset after students joined: the world comes back, the students stay", async () => {
    const student = hardhatAccount(FIRST_LEARNER_ACCOUNT + 3).address;
    const joined = await api("POST", "/api/students", { body: { name: "Ada", address: student } });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect((await rpc("hardhat_reset")).result).toBe(true);
    await healedBy("redeployed");
    expect(sandbox.world.registry.lookup(student)?.name).toBe("Ada");
    const run = await sandwichRun();
    expect(run.status).toBe("finished");
    expect(run.kinds).toContain("sandwich");
  });
});
