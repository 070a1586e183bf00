/**
 * The official Flashbots client, unmodified, against a running sandbox in classroom mode:
 * @flashbots/ethers-provider-bundle 1.0.0 with the ethers 6.7.1 it pins, from their own package
 * (tests/clients, installed from its lockfile). A searcher's core loop and its edges: signBundle,
 * simulate (the next block, "latest", an older state, another coinbase and time), sendRawBundle and
 * sendBundle, wait() and receipts(), a reverting bundle that does not land, replacement and
 * cancelBundles, getBundleStatsV2 and getUserStatsV2, sendPrivateTransaction and
 * cancelPrivateTransaction. Every check reads a real outcome: balances, receipts, the stats' numbers.
 */
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { TestToken__factory } from "../typechain-types";
import {
  FlashbotsBundleProvider,
  FlashbotsBundleResolution,
  type FlashbotsBundleTransaction,
  FlashbotsTransactionResolution,
  type RelayResponseError,
} from "./clients/node_modules/@flashbots/ethers-provider-bundle";
import { id, JsonRpcProvider, keccak256, Network, parseEther, Wallet } from "./clients/node_modules/ethers";
import { startTestSandbox } from "./helpers/http";

const CHAIN_ID = 31337;
const GWEI = 10n ** 9n;
/** How often the client's provider looks for a new block (ethers' default is 4 s). */
const POLLING_MS = 200;
const OTHER_PRODUCER = "0x000000000000000000000000000000000000c0de";

/** The client's answers are a result or `{ error }`: this returns the result, or fails with the error. */
function ok<T extends object>(answer: T | RelayResponseError): T {
  if ("error" in answer && typeof answer.error === "object") {
    throw new Error(`the sandbox answered an error: ${JSON.stringify(answer.error)}`);
  }
  return answer as T;
}

describe("@flashbots/ethers-provider-bundle against the sandbox (classroom mode)", () => {
  let sandbox: Sandbox;
  let provider: JsonRpcProvider;
  let flashbots: FlashbotsBundleProvider;
  let searcher: Wallet;
  let friend: Wallet;
  /** Signs the requests (X-Flashbots-Signature): a key of its own, as Flashbots advises. */
  const authSigner = new Wallet(id("mev-sandbox flashbots client test: auth key"));
  /** What the bundles this auth key sent and saw sealed paid the builder, in wei. */
  let paidByIncluded = 0n;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true });
    provider = new JsonRpcProvider(sandbox.rpc.url, CHAIN_ID, {
      staticNetwork: Network.from(CHAIN_ID),
      pollingInterval: POLLING_MS,
    });
    searcher = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 4).privateKey, provider);
    friend = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 5).privateKey, provider);
    flashbots = await FlashbotsBundleProvider.create(provider, authSigner, sandbox.rpc.url, CHAIN_ID);
    // A block listener of the test's own keeps ethers' block poller running between the client's waits,
    // so a block mined right after wait() is seen.
    await new Promise<void>((resolve) => {
      void provider.on("block", () => undefined).then(() => setTimeout(resolve, 3 * POLLING_MS));
    });
  });

  afterAll(async () => {
    provider?.destroy();
    await sandbox?.close();
  });

  /** A transaction from the searcher (EIP-1559, no tip): the client fills the nonce in. */
  function tx(to: string, value: bigint, data = "0x", gasLimit = 21_000n): FlashbotsBundleTransaction {
    const transaction = {
      type: 2,
      chainId: CHAIN_ID,
      to,
      value,
      data,
      gasLimit,
      maxFeePerGas: 60n * GWEI,
      maxPriorityFeePerGas: 0n,
    };
    return { transaction, signer: searcher };
  }

  /** The instructor mines the next block (the test sandbox mines on demand only). */
  async function mineNext(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 2 * POLLING_MS)); // the client's listener is in place
    return (await sandbox.control.mine()).block;
  }

  const nextBlock = async () => (await provider.getBlockNumber()) + 1;

  it("signs, simulates and sends a bundle that lands, with its receipts and the builder's stats", async () => {
    const payment = parseEther("0.01");
    const signed = await flashbots.signBundle([
      tx(friend.address, parseEther("1")),
      tx(COINBASE_ADDRESS, payment),
    ]);
    const target = await nextBlock();

    const simulated = ok(await flashbots.simulate(signed, target));
    expect(simulated.coinbaseDiff).toBe(payment);
    expect(simulated.totalGasUsed).toBe(42_000);
    expect(simulated.firstRevert).toBeUndefined();
    expect(simulated.results.map((r) => ("value" in r ? r.value : null))).toEqual(["0x", "0x"]);
    const onLatest = ok(await flashbots.simulate(signed, "latest")); // the library sends the latest block's number
    expect(onLatest.coinbaseDiff).toBe(payment);

    const friendBefore = await provider.getBalance(friend.address);
    const builderBefore = await provider.getBalance(COINBASE_ADDRESS);
    const sent = ok(await flashbots.sendRawBundle(signed, target));
    expect(sent.bundleHash).toBe(
      FlashbotsBundleProvider.generateBundleHash(signed.map((raw) => keccak256(raw))),
    );
    const waiting = sent.wait();
    expect(await mineNext()).toBe(target);
    expect(await waiting).toBe(FlashbotsBundleResolution.BundleIncluded);
    paidByIncluded += payment;

    const receipts = await sent.receipts();
    expect(receipts.map((r) => [r.blockNumber, r.status])).toEqual([
      [target, 1],
      [target, 1],
    ]);
    expect((await provider.getBalance(friend.address)) - friendBefore).toBe(parseEther("1"));
    expect((await provider.getBalance(COINBASE_ADDRESS)) - builderBefore).toBe(payment);

    const stats = ok(await flashbots.getBundleStatsV2(sent.bundleHash, target));
    expect(stats).toMatchObject({ isSimulated: true, isHighPriority: true });
    expect(stats.consideredByBuildersAt).toHaveLength(1);
    expect(stats.sealedByBuildersAt).toHaveLength(1);
    const user = ok(await flashbots.getUserStatsV2());
    expect(BigInt(user.allTimeValidatorPayments)).toBe(paidByIncluded);
    expect(BigInt(user.allTimeGasSimulated)).toBe(42_000n);
  });

  it("simulates on an older state (what the block did), and with another coinbase and time", async () => {
    const payment = parseEther("0.002");
    const signed = await flashbots.signBundle([tx(COINBASE_ADDRESS, payment)]);
    const target = await nextBlock();
    const sent = ok(await flashbots.sendRawBundle(signed, target));
    const waiting = sent.wait();
    await mineNext();
    expect(await waiting).toBe(FlashbotsBundleResolution.BundleIncluded);
    paidByIncluded += payment;
    await mineNext(); // the bundle's block is no longer the latest

    // The same signed bundle on the state before its block: what the block did (its nonce was free then).
    const replayed = ok(await flashbots.simulate(signed, target, target - 1));
    expect(replayed.stateBlockNumber).toBe(target - 1);
    expect(replayed.coinbaseDiff).toBe(payment);
    const [receipt] = await sent.receipts();
    expect(replayed.results[0]!.gasUsed).toBe(Number(receipt!.gasUsed));

    // For another block producer, at another time: the payment is the producer's only if it goes to it.
    const toOther = await flashbots.signBundle([tx(OTHER_PRODUCER, payment)]);
    const latest = await provider.getBlock("latest");
    const next = await nextBlock();
    const asOther = ok(
      await flashbots.simulate(toOther, next, "latest", latest!.timestamp + 60, OTHER_PRODUCER),
    );
    expect(asOther.coinbaseDiff).toBe(payment);
    expect(asOther.ethSentToCoinbase).toBe(payment);
    const asBuilder = ok(await flashbots.simulate(toOther, next, "latest"));
    expect(asBuilder.coinbaseDiff).toBe(0n);
    expect(await provider.getBalance(OTHER_PRODUCER)).toBe(0n); // a simulation keeps nothing
  });

  it("sends a bundle of transactions it signs itself (sendBundle)", async () => {
    const payment = parseEther("0.003");
    const target = await nextBlock();
    const sent = ok(
      await flashbots.sendBundle([tx(friend.address, 1n), tx(COINBASE_ADDRESS, payment)], target),
    );
    const waiting = sent.wait();
    await mineNext();
    expect(await waiting).toBe(FlashbotsBundleResolution.BundleIncluded);
    paidByIncluded += payment;
    expect((await sent.receipts()).map((r) => r.status)).toEqual([1, 1]);
  });

  it("does not land a bundle with a reverting transaction; its simulation names the revert", async () => {
    const weth = sandbox.world.tokens.WETH.address;
    const transfer = TestToken__factory.createInterface().encodeFunctionData("transfer", [
      friend.address,
      10n ** 30n,
    ]);
    const signed = await flashbots.signBundle([
      tx(weth, 0n, transfer, 100_000n), // the searcher holds no WETH: reverts
      tx(COINBASE_ADDRESS, parseEther("0.01")),
    ]);
    const target = await nextBlock();
    const simulated = ok(await flashbots.simulate(signed, target));
    expect(simulated.firstRevert).toMatchObject({ error: "execution reverted" });
    const nonce = await provider.getTransactionCount(searcher.address);

    const sent = ok(await flashbots.sendRawBundle(signed, target));
    const waiting = sent.wait();
    await mineNext();
    expect(await waiting).toBe(FlashbotsBundleResolution.BlockPassedWithoutInclusion);
    expect(await sent.receipts()).toEqual([]);
    expect(await provider.getTransactionCount(searcher.address)).toBe(nonce);
    const stats = ok(await flashbots.getBundleStatsV2(sent.bundleHash, target));
    expect(stats.consideredByBuildersAt).toHaveLength(1);
    expect(stats.sealedByBuildersAt).toEqual([]);
  });

  it("replaces a bundle sent with the same replacementUuid, and cancels one (cancelBundles)", async () => {
    const first = await flashbots.signBundle([tx(COINBASE_ADDRESS, parseEther("0.001"))]);
    const second = await flashbots.signBundle([tx(COINBASE_ADDRESS, parseEther("0.002"))]);
    const target = await nextBlock();
    ok(await flashbots.sendRawBundle(first, target, { replacementUuid: "client-test-1" }));
    const replacing = ok(await flashbots.sendRawBundle(second, target, { replacementUuid: "client-test-1" }));
    const waiting = replacing.wait();
    const block = await sandbox.chain.provider.getBlock(await mineNext());
    expect(await waiting).toBe(FlashbotsBundleResolution.BundleIncluded);
    paidByIncluded += parseEther("0.002");
    expect(block!.transactions).toContain(keccak256(second[0]!));
    expect(block!.transactions).not.toContain(keccak256(first[0]!));

    const cancelled = await flashbots.signBundle([tx(COINBASE_ADDRESS, parseEther("0.004"))]);
    const later = await nextBlock();
    const sent = ok(await flashbots.sendRawBundle(cancelled, later, { replacementUuid: "client-test-2" }));
    expect(ok(await flashbots.cancelBundles("client-test-2"))).toEqual({ bundleHashes: [sent.bundleHash] });
    const waitingCancelled = sent.wait();
    await mineNext();
    expect(await waitingCancelled).toBe(FlashbotsBundleResolution.BlockPassedWithoutInclusion);
    expect(await sent.receipts()).toEqual([]);
  });

  it("sends a private transaction that lands unseen, and cancels another (cancelPrivateTransaction)", async () => {
    // sendPrivateTransaction signs as given: the nonce is the caller's to fill in.
    const privately = async (value: bigint) => {
      const { transaction, signer } = tx(friend.address, value);
      const nonce = await provider.getTransactionCount(searcher.address);
      return { transaction: { ...transaction, nonce }, signer };
    };
    const maxBlockNumber = (await provider.getBlockNumber()) + 5;
    const friendBefore = await provider.getBalance(friend.address);
    const sent = ok(
      await flashbots.sendPrivateTransaction(await privately(parseEther("0.5")), { maxBlockNumber }),
    );
    // Private: no public pending transaction shows it.
    expect(await provider.getTransaction(sent.transaction.hash)).toBeNull();
    const waiting = sent.wait();
    await mineNext();
    expect(await waiting).toBe(FlashbotsTransactionResolution.TransactionIncluded);
    expect((await provider.getBalance(friend.address)) - friendBefore).toBe(parseEther("0.5"));

    const withdrawn = ok(
      await flashbots.sendPrivateTransaction(await privately(parseEther("0.25")), {
        maxBlockNumber: maxBlockNumber + 5,
      }),
    );
    // The request is signed by the auth key, not the transaction's sender: Flashbots lets that key cancel.
    expect(await flashbots.cancelPrivateTransaction(withdrawn.transaction.hash)).toBe(true);
    await mineNext();
    expect(await provider.getTransactionReceipt(withdrawn.transaction.hash)).toBeNull();

    const user = ok(await flashbots.getUserStatsV2());
    expect(BigInt(user.allTimeValidatorPayments)).toBe(paidByIncluded);
  });
});
