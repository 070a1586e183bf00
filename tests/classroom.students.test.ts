/**
 * Students join by name with an address their browser made: the sandbox funds the account on the
 * chain, and the name replaces the address everywhere. Bad input names the problem; a student's
 * token opens nothing the instructor's does.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STUDENT_ETH } from "../server/classroom/funding";
import { STUDENT_TOKEN_MESSAGE } from "../server/http/auth";
import type { Sandbox } from "../server/sandbox";
import { FAUCET_DRIP, toBaseUnits } from "../server/world/config";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";

describe("students join the class (classroom mode)", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const ada = Wallet.createRandom();
  const bea = Wallet.createRandom();
  let code: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true, classCode: "LEARN42" });
    api = apiClient(sandbox.http.url);
    code = sandbox.classCode!;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const join = (body: Json) => api("POST", "/api/students", { body });

  it("tells a page how to reach the chain", async () => {
    const { body } = await api("GET", "/api/connect");
    expect(body).toEqual({
      chainId: 31337,
      rpcPort: sandbox.rpc.port,
      tls: false,
      protectedPath: "/protect",
      classroom: true,
      coinbase: sandbox.world.actors.builder.address,
    });
  });

  it("joins ada, funds her account on the chain with the faucet's amounts and ETH, and names her", async () => {
    const joined = await join({ name: "ada", address: ada.address, code });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body).toMatchObject({ id: "student-1", name: "ada", address: ada.address });
    expect(joined.body.token).toMatch(/^[0-9a-f]{32}$/);

    const { world } = sandbox;
    expect(await world.chain.provider.getBalance(ada.address)).toBe(STUDENT_ETH);
    for (const [symbol, whole] of Object.entries(FAUCET_DRIP)) {
      const token = world.tokens[symbol as keyof typeof FAUCET_DRIP];
      expect(await token.contract.balanceOf(ada.address), symbol).toBe(toBaseUnits(whole, token.decimals));
    }
    expect(world.registry.label(ada.address)).toBe("ada");
    const latest = await world.chain.provider.getBlockNumber();
    const block = (await api("GET", `/api/mev/blocks/${latest}`)).body;
    expect(block.txs.map((tx: Json) => tx.to.label)).toContain("ada");
    expect((await api("GET", "/api/students")).body.students).toEqual([
      { id: "student-1", name: "ada", address: ada.address, funded: true },
    ]);
  });

  it.each([
    [
      "an empty name",
      { name: "  ", address: () => bea.address, code: () => code },
      400,
      "name must not be empty",
    ],
    [
      "a name over 32 characters",
      { name: "x".repeat(33), address: () => bea.address, code: () => code },
      400,
      "at most 32 characters",
    ],
    [
      "control characters",
      { name: "be\ta", address: () => bea.address, code: () => code },
      400,
      "control characters",
    ],
    [
      "a name another address took",
      { name: "ADA", address: () => bea.address, code: () => code },
      409,
      'the name "ADA" is taken by another student',
    ],
    [
      "an actor's name",
      { name: "alice", address: () => bea.address, code: () => code },
      409,
      "it is the sandbox's actor",
    ],
    [
      "a wrong class code",
      { name: "bea", address: () => bea.address, code: () => "WRONG1" },
      403,
      "the class code is wrong",
    ],
    [
      "no class code",
      { name: "bea", address: () => bea.address, code: () => undefined },
      403,
      "the class code is wrong",
    ],
    [
      "a malformed address",
      { name: "bea", address: () => "0x1234", code: () => code },
      400,
      "address must be a 20-byte hex address",
    ],
    [
      "an actor's address",
      { name: "bea", address: () => sandbox.world.actors.searcher.address, code: () => code },
      409,
      "is the sandbox's actor",
    ],
  ])("refuses %s, naming the problem, and changes nothing", async (_what, input, status, message) => {
    const before = (await api("GET", "/api/students")).body;
    const refused = await join({ name: input.name, address: input.address(), code: input.code() });
    expect(refused.status).toBe(status);
    expect(refused.body.error.message).toContain(message);
    expect((await api("GET", "/api/students")).body).toEqual(before);
  });

  it("joins again from a new tab with a fresh token; another name for the same address is refused", async () => {
    const again = await join({ name: "ada", address: ada.address, code });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe("student-1");
    const renamed = await join({ name: "ada2", address: ada.address, code });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.message).toContain('already joined as "ada"');
  });

  it("refuses a student's token on every instructor route, saying it is a student's", async () => {
    const { token } = (await join({ name: "bea", address: bea.address, code })).body;
    for (const [method, path, body] of [
      ["POST", "/api/runs", { scenario: "sandwich" }],
      ["POST", "/api/runs/run-1/step", {}],
      ["POST", "/api/live", { enabled: true }],
      ["POST", "/api/live/mine", {}],
      ["PUT", "/api/mev/builder", { ordering: "profit" }],
      ["POST", "/api/mev/execute/0x0000000000000000", {}],
      ["POST", "/api/challenges", { kind: "searcher" }],
      ["POST", "/api/polls", { question: "?", kind: "number" }],
      ["POST", "/api/polls/poll-1/reveal", {}],
    ] as const) {
      const refused = await api(method, path, { body, token });
      expect(refused.status, `${method} ${path}`).toBe(401);
      expect(refused.body.error.message).toBe(STUDENT_TOKEN_MESSAGE);
    }
    expect((await api("GET", "/api/runs")).body.runs).toEqual([]);
  });

  it("funds the class again once a scenario has taken the chain back to the clean world", async () => {
    const run = (await api("POST", "/api/runs", { body: { scenario: "arbitrage" }, token: TEST_TOKEN })).body;
    await api("POST", `/api/runs/${run.id}/play`, { body: { speed: 100 }, token: TEST_TOKEN });
    await sandbox.control.runs.settled(run.id);
    expect((await api("POST", `/api/runs/${run.id}/reset`, { token: TEST_TOKEN })).status).toBe(200);
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      !(await api("GET", "/api/students")).body.students.every((s: Json) => s.funded)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await api("GET", "/api/students")).body.students.map((s: Json) => s.funded)).toEqual([
      true,
      true,
    ]);
    expect(await sandbox.world.chain.provider.getBalance(ada.address)).toBe(STUDENT_ETH);
  });
});
