/**
 * Classroom mode, tried as a hostile student would: every admin method, every way of signing with
 * the sandbox's accounts, on both JSON-RPC URLs and both transports. All refused, and afterwards the
 * world, the block height and a sandwich run are exactly those of an untouched sandbox.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxEvent } from "../server/events";
import { UNAUTHORIZED_CODE } from "../server/rpc/policy";
import type { Sandbox } from "../server/sandbox";
import { ACTORS, COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { type RpcReply, rpcCall, wsCall } from "./helpers/rpc";

const searcher = hardhatAccount(ACTORS.searcher.index).address;
const student = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 5).privateKey);
const SOME_HASH = `0x${"ab".repeat(32)}`;

/** What a hostile student tries, with plausible parameters (addresses are filled in per sandbox). */
function attacks(weth: string): [string, unknown[]][] {
  return [
    ["hardhat_reset", []],
    ["evm_snapshot", []],
    ["evm_revert", ["0x1"]],
    ["hardhat_setBalance", [student.address, "0x1000000000000000000000"]],
    ["hardhat_setStorageAt", [weth, "0x0", `0x${"00".repeat(32)}`]],
    ["hardhat_setCode", [weth, "0x00"]],
    ["hardhat_impersonateAccount", [hardhatAccount(ACTORS.lp.index).address]],
    ["hardhat_dropTransaction", [SOME_HASH]],
    ["hardhat_setCoinbase", [student.address]],
    ["hardhat_setNonce", [searcher, "0x100"]],
    ["evm_setAutomine", [true]],
    ["evm_setIntervalMining", [1000]],
    ["evm_setBlockGasLimit", ["0x5208"]],
    ["evm_increaseTime", [3600]],
    ["evm_mine", []],
    ["hardhat_mine", ["0x2"]],
    ["debug_traceTransaction", [SOME_HASH]],
    ["eth_sendTransaction", [{ from: searcher, to: student.address, value: "0x10f0cf064dd59200000" }]],
    ["eth_sign", [searcher, "0xdeadbeef"]],
    ["personal_sign", ["0xdeadbeef", searcher]],
    ["eth_signTypedData_v4", [searcher, "{}"]],
  ];
}

const SIGNING = new Set(["eth_sendTransaction", "eth_sign", "personal_sign", "eth_signTypedData_v4"]);

/** The events of a run with its id left out: what "the same run" means across two runs. */
function comparable(events: readonly SandboxEvent[]): string[] {
  return events.map(({ runId: _runId, ...rest }) => JSON.stringify(rest));
}

describe("classroom mode: a hostile student on the JSON-RPC port", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let urls: string[];

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, {
      classroom: true,
      rpcRateLimits: {
        requests: { perSecond: 1_000, burst: 10_000 },
        simulations: { perSecond: 100, burst: 100 },
      },
    });
    api = apiClient(sandbox.http.url);
    urls = [sandbox.rpc.url, sandbox.rpc.protectedUrl];
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function playSandwich(): Promise<SandboxEvent[]> {
    const { runs } = sandbox.control;
    const { id } = runs.create("sandwich", {});
    runs.play(id, 100);
    const view = await runs.settled(id);
    expect(view.status).toBe("finished");
    await runs.reset(id);
    return view.events;
  }

  it("refuses each admin method without the token, naming it and saying it is the instructor's", async () => {
    for (const url of urls) {
      for (const [method, params] of attacks(sandbox.world.tokens.WETH.address)) {
        for (const call of [rpcCall, wsCall]) {
          const reply: RpcReply = await call(url, method, params);
          expect(reply.error?.code, `${method} on ${url}`).toBe(UNAUTHORIZED_CODE);
          expect(reply.error?.message).toContain(method);
          if (SIGNING.has(method)) expect(reply.error?.message).toContain("signs for nobody");
          else if (method === "hardhat_reset")
            expect(reply.error?.message).toContain("POST /api/runs/:id/reset");
          else expect(reply.error?.message).toContain(`${method} is the instructor's`);
        }
      }
    }
  });

  it("a wrong token is told it is wrong", async () => {
    const reply = await rpcCall(sandbox.rpc.url, "evm_mine", [], { token: "not-the-token" });
    expect(reply.error?.code).toBe(UNAUTHORIZED_CODE);
    expect(reply.error?.message).toContain("the instructor token sent is wrong");
  });

  it("leaves the world, the block height and the next sandwich run exactly as an untouched sandbox has them", async () => {
    const world = (await api("GET", "/api/world")).body;
    const height = await sandbox.chain.provider.getBlockNumber();
    const untouched = await playSandwich();
    const heightAfterRun = await sandbox.chain.provider.getBlockNumber();
    expect(heightAfterRun).toBe(height); // the reset took the chain back to the clean world

    for (const url of urls) {
      for (const [method, params] of attacks(sandbox.world.tokens.WETH.address)) {
        await rpcCall(url, method, params);
        await wsCall(url, method, params);
      }
    }

    expect(await sandbox.chain.provider.getBlockNumber()).toBe(height);
    await sandbox.control.published.refresh();
    expect((await api("GET", "/api/world")).body).toEqual(world);
    expect(await sandbox.chain.rpc("hardhat_getAutomine")).toBe(false);
    expect((await sandbox.chain.rpc<string>("eth_coinbase")).toLowerCase()).toBe(
      COINBASE_ADDRESS.toLowerCase(),
    );
    expect(comparable(await playSandwich())).toEqual(comparable(untouched));
    expect((await api("GET", "/api/health")).body.status).toBe("ok");
  });

  it("still serves what wallets and searchers need to everyone", async () => {
    const url = sandbox.rpc.url;
    expect((await rpcCall(url, "eth_chainId")).result).toBe("0x7a69");
    expect((await rpcCall(url, "net_version")).result).toBe("31337");
    expect(typeof (await rpcCall(url, "web3_clientVersion")).result).toBe("string");
    expect((await rpcCall(url, "eth_getBalance", [searcher, "latest"])).result).toMatch(/^0x/);
    expect((await rpcCall(url, "eth_newPendingTransactionFilter")).result).toMatch(/^0x/);
    expect((await wsCall(url, "eth_subscribe", ["newHeads"])).result).toMatch(/^0x/);
    const nonce = Number((await rpcCall(url, "eth_getTransactionCount", [student.address, "latest"])).result);
    const raw = await student.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: searcher,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const sent = await rpcCall(url, "eth_sendRawTransaction", [raw]);
    expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await rpcCall(url, "eth_getTransactionByHash", [sent.result])).result).toMatchObject({
      blockNumber: null,
    });
    // Mining is the instructor's: the student's transaction waits for the next block.
    const mined = await rpcCall(url, "evm_mine", [], { token: TEST_TOKEN });
    expect(mined.error).toBeUndefined();
    const receipt = (await rpcCall(url, "eth_getTransactionReceipt", [sent.result])).result as {
      status: string;
    };
    expect(receipt.status).toBe("0x1");
  });
});

describe("classroom mode: the instructor's token on the JSON-RPC port", () => {
  let sandbox: Sandbox;
  const learner = hardhatAccount(FIRST_LEARNER_ACCOUNT + 7).address;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const call = (method: string, params: unknown[] = []) =>
    rpcCall(sandbox.rpc.url, method, params, { token: TEST_TOKEN });

  it("takes a snapshot, changes a balance, and reverts to the snapshot it handed out", async () => {
    const before = (await call("eth_getBalance", [learner, "latest"])).result;
    const snapshot = (await call("evm_snapshot")).result as string;
    expect((await call("hardhat_setBalance", [learner, "0x1"])).error).toBeUndefined();
    expect((await call("eth_getBalance", [learner, "latest"])).result).toBe("0x1");
    expect((await call("evm_revert", [snapshot])).result).toBe(true);
    expect((await call("eth_getBalance", [learner, "latest"])).result).toBe(before);
  });

  it("mines through the builder, one block per evm_mine", async () => {
    const height = await sandbox.chain.provider.getBlockNumber();
    expect((await call("evm_mine")).result).toBe("0x0");
    expect(await sandbox.chain.provider.getBlockNumber()).toBe(height + 1);
  });

  it("still may not reset the chain, revert the sandbox's own snapshot, or sign for its accounts", async () => {
    const reset = await call("hardhat_reset");
    expect(reset.error?.code).toBe(UNAUTHORIZED_CODE);
    expect(reset.error?.message).toContain("POST /api/runs/:id/reset");
    const clean = sandbox.clean.cleanSnapshotId!;
    const revert = await call("evm_revert", [clean]);
    expect(revert.error?.code).toBe(UNAUTHORIZED_CODE);
    expect(revert.error?.message).toContain("only snapshots this port handed out");
    const signing = await call("eth_sendTransaction", [{ from: searcher, to: learner, value: "0x1" }]);
    expect(signing.error?.code).toBe(UNAUTHORIZED_CODE);
    expect(sandbox.clean.cleanSnapshotId).toBe(clean);
  });
});
