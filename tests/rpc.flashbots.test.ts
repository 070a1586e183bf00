/**
 * Bundles belong to their sender: X-Flashbots-Signature is verified as Flashbots does, and a
 * replacementUuid is scoped to the signer (else to the bundle's first transaction's sender), so no
 * one else can replace or cancel a bundle. Classroom mode.
 */
import { id, keccak256, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { rpcPost } from "./helpers/rpc";

const ada = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey);
const eve = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 1).privateKey);

describe("bundles belong to their sender (X-Flashbots-Signature)", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true });
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Posts a JSON-RPC request, signed by `signer` as Flashbots' clients sign it (or not at all). */
  async function call(method: string, params: unknown[], signer?: Wallet, header?: string): Promise<Json> {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
    const signature = signer ? `${signer.address}:${await signer.signMessage(id(body))}` : header;
    return rpcPost(sandbox.rpc.url, body, {
      headers: signature ? { "x-flashbots-signature": signature } : {},
    });
  }

  /** A one-transaction bundle from `wallet` paying the builder, for the next block. */
  async function bundleOf(wallet: Wallet, value: bigint): Promise<{ txs: string[]; blockNumber: string }> {
    const nonce = await sandbox.chain.provider.getTransactionCount(wallet.address, "latest");
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: COINBASE_ADDRESS,
      value,
      gasLimit: 21_000n,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 0n,
    });
    const next = (await sandbox.chain.provider.getBlockNumber()) + 1;
    return { txs: [raw], blockNumber: `0x${next.toString(16)}` };
  }

  const pending = () => sandbox.builder.pendingBundles();

  it("keeps a signed bundle's uuid to its signer: another signer neither replaces nor cancels it", async () => {
    const mine = await call(
      "eth_sendBundle",
      [{ ...(await bundleOf(ada, 1n)), replacementUuid: "lesson-1" }],
      ada,
    );
    expect(mine.result.bundleHash).toMatch(/^0x[0-9a-f]{64}$/);
    const theirs = await call(
      "eth_sendBundle",
      [{ ...(await bundleOf(eve, 2n)), replacementUuid: "lesson-1" }],
      eve,
    );
    expect(theirs.result.bundleHash).not.toBe(mine.result.bundleHash);
    expect(pending().map((b) => b.hash)).toEqual(
      expect.arrayContaining([mine.result.bundleHash, theirs.result.bundleHash]),
    );

    const eveCancels = await call("eth_cancelBundle", [{ replacementUuid: "lesson-1" }], eve);
    expect(eveCancels.result).toEqual([theirs.result.bundleHash]);
    const eveAgain = await call("eth_cancelBundle", [{ replacementUuid: "lesson-1" }], eve);
    expect(eveAgain.error.code).toBe(-32602);
    expect(eveAgain.error.message).toContain(`no pending bundle sent by ${eve.address}`);
    expect(pending().map((b) => b.hash)).toContain(mine.result.bundleHash);

    const replaced = await call(
      "eth_sendBundle",
      [{ ...(await bundleOf(ada, 3n)), replacementUuid: "lesson-1" }],
      ada,
    );
    expect(pending().map((b) => b.hash)).toEqual([replaced.result.bundleHash]);
    expect((await call("eth_cancelBundle", [{ replacementUuid: "lesson-1" }], ada)).result).toEqual([
      replaced.result.bundleHash,
    ]);
    expect(pending()).toEqual([]);
  });

  it("scopes an unsigned bundle to its first transaction's sender, and needs a signed cancel in class", async () => {
    const sent = await call("eth_sendBundle", [{ ...(await bundleOf(ada, 1n)), replacementUuid: "u-2" }]);
    expect(sent.result.bundleHash).toBeDefined();
    const unsigned = await call("eth_cancelBundle", [{ replacementUuid: "u-2" }]);
    expect(unsigned.error.message).toContain("eth_cancelBundle must say who is asking");
    expect((await call("eth_cancelBundle", [{ replacementUuid: "u-2" }], eve)).error.message).toContain(
      "belongs to someone else",
    );
    expect((await call("eth_cancelBundle", [{ replacementUuid: "u-2" }], ada)).result).toEqual([
      sent.result.bundleHash,
    ]);
  });

  it("refuses a bad or mismatched signature, naming the problem, and keeps nothing", async () => {
    const params = [{ ...(await bundleOf(ada, 1n)), replacementUuid: "u-3" }];
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendBundle", params });
    const byEve = await eve.signMessage(id(body));
    const mismatched = (await rpcPost(sandbox.rpc.url, body, {
      headers: { "x-flashbots-signature": `${ada.address}:${byEve}` },
    })) as Json;
    expect(mismatched.error.message).toContain(`it is signed by ${eve.address}, not by ${ada.address}`);
    const malformed = await call("eth_sendBundle", params, undefined, "not-a-signature");
    expect(malformed.error.message).toContain("X-Flashbots-Signature: it must read <address>:<signature>");
    const garbage = await call("eth_sendBundle", params, undefined, `${ada.address}:0x1234`);
    expect(garbage.error.message).toContain("not a valid EIP-191 signature");
    expect(pending()).toEqual([]);
  });

  it("shows replacementUuids in GET /api/mev/builder to the instructor only", async () => {
    await call("eth_sendBundle", [{ ...(await bundleOf(ada, 1n)), replacementUuid: "secret-uuid" }], ada);
    const open = (await api("GET", "/api/mev/builder")).body.pendingBundles[0];
    expect(open).toMatchObject({ replacementUuid: null, replaceable: true });
    const instructor = (await api("GET", "/api/mev/builder", { token: TEST_TOKEN })).body.pendingBundles[0];
    expect(instructor.replacementUuid).toBe("secret-uuid");
    await call("eth_cancelBundle", [{ replacementUuid: "secret-uuid" }], ada);
  });

  it("takes the same signature on POST /api/mev/bundle/submit", async () => {
    const params = { ...(await bundleOf(eve, 1n)), replacementUuid: "rest-1" };
    const body = JSON.stringify(params);
    const signature = `${ada.address}:${await ada.signMessage(id(body))}`;
    const response = await fetch(`${sandbox.http.url}/api/mev/bundle/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-flashbots-signature": signature },
      body,
    });
    expect(response.status).toBe(200);
    expect(pending().at(-1)!.owner).toBe(ada.address.toLowerCase());
    const forged = await fetch(`${sandbox.http.url}/api/mev/bundle/submit`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-flashbots-signature": `${eve.address}:${signature.split(":")[1]}`,
      },
      body,
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as Json).error.code).toBe("invalid_signature");
    await call("eth_cancelBundle", [{ replacementUuid: "rest-1" }], ada);
    expect(pending()).toEqual([]);
  });

  it("takes eth_sendPrivateTransaction to the protected path, and lets only its sender cancel it", async () => {
    const [raw] = (await bundleOf(ada, 1_000n)).txs;
    const next = (await sandbox.chain.provider.getBlockNumber()) + 1;
    const sent = await call("eth_sendPrivateTransaction", [
      { tx: raw, maxBlockNumber: `0x${(next + 5).toString(16)}`, preferences: { fast: true } },
    ]);
    expect(sent.result).toBe(keccak256(raw!));
    expect(sandbox.builder.pendingProtected().map((tx) => tx.hash)).toEqual([sent.result]);
    // Never in the public pool: the node's pending block does not hold it.
    const pendingBlock = (await sandbox.chain.provider.send("eth_getBlockByNumber", ["pending", false])) as {
      transactions: string[];
    };
    expect(pendingBlock.transactions).not.toContain(sent.result);

    const unsigned = await call("eth_cancelPrivateTransaction", [{ txHash: sent.result }]);
    expect(unsigned.error.message).toContain("must say who is asking");
    const byEve = await call("eth_cancelPrivateTransaction", [{ txHash: sent.result }], eve);
    expect(byEve.error.message).toContain(`only its sender can withdraw it`);
    const byAda = await call("eth_cancelPrivateTransaction", [{ txHash: sent.result }], ada);
    expect(byAda.result).toBe(true);
    expect(sandbox.builder.pendingProtected()).toEqual([]);
    const again = await call("eth_cancelPrivateTransaction", [{ txHash: sent.result }], ada);
    expect(again.error.message).toContain("no private transaction");

    const late = await call("eth_sendPrivateTransaction", [
      { tx: raw, maxBlockNumber: `0x${(next - 1).toString(16)}` },
    ]);
    expect(late.error.message).toContain(`is before the next block, ${next}`);

    // Sent again, it lands in the next block the builder builds.
    await call("eth_sendPrivateTransaction", [{ tx: raw }]);
    expect((await api("POST", "/api/live/mine", { token: TEST_TOKEN })).status).toBe(200);
    const receipt = await sandbox.chain.provider.getTransactionReceipt(sent.result);
    expect(receipt?.status).toBe(1);
  });

  it("answers flashbots_getBundleStatsV2 and flashbots_getUserStatsV2 from what the builder saw", async () => {
    const payment = 7_000n;
    const bundle = await bundleOf(ada, payment);
    const sent = await call("eth_sendBundle", [bundle], ada);
    const target = bundle.blockNumber;
    const before = await call("flashbots_getBundleStatsV2", [
      { bundleHash: sent.result.bundleHash, blockNumber: target },
    ]);
    expect(before.result).toMatchObject({
      isSimulated: false,
      consideredByBuildersAt: [],
      sealedByBuildersAt: [],
    });
    expect(Date.parse(before.result.receivedAt)).toBeGreaterThan(0);
    const userBefore = (await call("flashbots_getUserStatsV2", [{ blockNumber: target }], ada)).result;

    expect((await api("POST", "/api/live/mine", { token: TEST_TOKEN })).status).toBe(200);
    const after = await call("flashbots_getBundleStatsV2", [
      { bundleHash: sent.result.bundleHash, blockNumber: target },
    ]);
    expect(after.result.isSimulated).toBe(true);
    expect(after.result.consideredByBuildersAt).toHaveLength(1);
    expect(after.result.sealedByBuildersAt).toEqual(after.result.consideredByBuildersAt);
    const userAfter = (await call("flashbots_getUserStatsV2", [{ blockNumber: target }], ada)).result;
    // The bundle paid the builder exactly its transfer (no tip), and 21,000 gas was simulated.
    expect(BigInt(userAfter.allTimeValidatorPayments) - BigInt(userBefore.allTimeValidatorPayments)).toBe(
      payment,
    );
    expect(BigInt(userAfter.last1dGasSimulated) - BigInt(userBefore.last1dGasSimulated)).toBe(21_000n);

    const unsigned = await call("flashbots_getUserStatsV2", [{ blockNumber: target }]);
    expect(unsigned.error.message).toContain("answers for whoever signs the request");
    const unknown = await call("flashbots_getBundleStatsV2", [
      { bundleHash: `0x${"ab".repeat(32)}`, blockNumber: target },
    ]);
    expect(unknown.error.message).toContain("the builder never received bundle");
  });
});
