/**
 * eth_callBundle as Flashbots' clients use it beyond the next block (issue 15): on an older
 * stateBlockNumber it answers what the block's transactions did on chain; the coinbase and timestamp
 * overrides are what the transactions see and who gets paid; every transaction's return data
 * (`value`), or its revert data; and states or targets it cannot simulate are refused, saying what is.
 */
import { parseEther, toBeHex, toQuantity, zeroPadValue } from "ethers";
import { describe, expect, it } from "vitest";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { GWEI } from "../server/format";
import { minedTransactions } from "../server/replay/mined";
import { COINBASE_ADDRESS } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { AmmRouter__factory } from "../typechain-types";
import { alice, bob, hashOf, pay, rpcError, searcher, useBundleClient } from "./helpers/bundleClient";

const routerIface = AmmRouter__factory.createInterface();
/** Init code that deploys, as its code, the 32-byte word an opcode pushes: COINBASE (0x41), TIMESTAMP (0x42). */
const probeOf = (opcode: string) => `0x${opcode}60005260206000f3`;
const OTHER_PRODUCER = "0x000000000000000000000000000000000000c0de";

interface TxResult {
  txHash: string;
  gasUsed: number;
  value?: string;
  error?: string;
  revert?: string;
  coinbaseDiff: string;
  ethSentToCoinbase: string;
}

describe("eth_callBundle on any state, with overrides and return data", () => {
  const client = useBundleClient();
  // biome-ignore lint/suspicious/noExplicitAny: the answer's fields are checked by the assertions
  const callBundle = (params: object): Promise<any> => client.provider.send("eth_callBundle", [params]);

  /** On-chain truth: a mined transaction's return (or revert) data, from the node's trace. */
  async function tracedOutput(hash: string): Promise<string> {
    const trace = await client.chain.rpc<{ returnValue: string }>("debug_traceTransaction", [hash]);
    return trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
  }

  it("answers, on the state before a mined block, what the block's transactions did on chain", async () => {
    const amountIn = toBaseUnits(1n, 18);
    const raws = [
      await client.sign(alice, { ...client.swap(alice.address, amountIn, 0n), tip: 3n * GWEI }),
      await client.sign(bob, { ...pay(parseEther("0.01")), tip: 2n * GWEI }),
      // Asks for far more than the pool gives: it reverts, on chain as in the simulation.
      await client.sign(searcher, { ...client.swap(searcher.address, amountIn, 10n ** 30n), tip: GWEI }),
    ];
    for (const raw of raws) await client.provider.send("eth_sendRawTransaction", [raw]);
    const block = await client.mine();
    expect(block.txs).toEqual(raws.map(hashOf));
    await client.mine();
    await client.mine(); // the block is no longer the latest: the simulation runs on a fork
    const latest = await client.chain.latestBlock();

    const mined = await minedTransactions(client.chain, block.number);
    const simulated = await callBundle({
      txs: mined.map((tx) => tx.raw),
      blockNumber: toQuantity(block.number),
      stateBlockNumber: toQuantity(block.number - 1),
    });

    const receipts = await client.receipts(raws);
    expect(simulated.stateBlockNumber).toBe(block.number - 1);
    expect(simulated.results.map((r: TxResult) => r.txHash)).toEqual(raws.map(hashOf));
    expect(simulated.results.map((r: TxResult) => r.gasUsed)).toEqual(
      receipts.map((r) => Number(r!.gasUsed)),
    );
    const coinbaseBefore = await client.provider.getBalance(COINBASE_ADDRESS, block.number - 1);
    const coinbaseAfter = await client.provider.getBalance(COINBASE_ADDRESS, block.number);
    expect(BigInt(simulated.coinbaseDiff)).toBe(coinbaseAfter - coinbaseBefore);
    for (const [i, result] of (simulated.results as TxResult[]).entries()) {
      const output = await tracedOutput(result.txHash);
      if (receipts[i]!.status === 1) {
        expect(result).not.toHaveProperty("error");
        expect(result.value).toBe(output);
      } else {
        expect(result).toMatchObject({ error: "execution reverted", revert: output });
        expect(result).not.toHaveProperty("value");
      }
    }
    const [amounts] = routerIface.decodeFunctionResult(
      "swapExactTokensForTokens",
      simulated.results[0].value,
    );
    expect(amounts[0]).toBe(amountIn);
    expect(routerIface.parseError(simulated.results[2].revert)?.name).toBe("InsufficientOutputAmount");
    expect(simulated.results[1].value).toBe("0x");
    expect((await client.chain.latestBlock()).hash).toBe(latest.hash); // the chain did not move
  });

  it("returns each transaction's data on the latest state: a swap's amounts, a transfer's nothing, a revert's error", async () => {
    const amountIn = toBaseUnits(2n, 18);
    const expectedOut = await client.quoteWethToUsdc(amountIn);
    const txs = await client.signMany(searcher, [
      client.swap(searcher.address, amountIn, 0n),
      client.swap(searcher.address, amountIn, 10n ** 30n),
      pay(parseEther("0.01")),
    ]);
    const { hex } = await client.nextBlock();
    const simulated = await callBundle({ txs, blockNumber: hex, stateBlockNumber: "latest" });
    const [swap, reverted, payment] = simulated.results as TxResult[];
    const [amounts] = routerIface.decodeFunctionResult("swapExactTokensForTokens", swap!.value!);
    expect(amounts).toEqual([amountIn, expectedOut]);
    expect(swap).not.toHaveProperty("revert");
    expect(reverted).toMatchObject({ error: "execution reverted" });
    expect(routerIface.parseError(reverted!.revert!)?.name).toBe("InsufficientOutputAmount");
    expect(payment).toMatchObject({ value: "0x", ethSentToCoinbase: parseEther("0.01").toString() });
  });

  it("runs the transactions with the coinbase and timestamp asked for, and measures the payment at that coinbase", async () => {
    const payment = parseEther("0.01");
    const tip = GWEI;
    const txs = await client.signMany(bob, [
      { to: null, data: probeOf("41"), gasLimit: 100_000n },
      { to: null, data: probeOf("42"), gasLimit: 100_000n },
      { to: OTHER_PRODUCER, value: payment, tip },
    ]);
    const latest = await client.chain.latestBlock();
    const { hex } = await client.nextBlock();
    const timestamp = latest.timestamp + 100;
    const nonce = await client.nonceOf(bob.address);

    const other = await callBundle({
      txs,
      blockNumber: hex,
      stateBlockNumber: "latest",
      coinbase: OTHER_PRODUCER,
      timestamp,
    });
    expect(other.results[0].value).toBe(zeroPadValue(OTHER_PRODUCER, 32));
    expect(other.results[1].value).toBe(zeroPadValue(toBeHex(timestamp), 32));
    expect(BigInt(other.results[2].ethSentToCoinbase)).toBe(payment);
    expect(BigInt(other.coinbaseDiff)).toBe(payment + 21_000n * tip);

    const own = await callBundle({ txs, blockNumber: hex, stateBlockNumber: "latest" });
    expect(own.results[0].value).toBe(zeroPadValue(COINBASE_ADDRESS, 32).toLowerCase());
    expect(own.results[1].value).toBe(zeroPadValue(toBeHex(latest.timestamp + 12), 32));
    expect(BigInt(own.results[2].ethSentToCoinbase)).toBe(0n); // OTHER_PRODUCER is not the block producer here
    expect(BigInt(own.coinbaseDiff)).toBe(21_000n * tip);

    expect((await client.chain.latestBlock()).hash).toBe(latest.hash); // nothing was kept
    expect(await client.nonceOf(bob.address)).toBe(nonce);
    expect(await client.provider.getBalance(OTHER_PRODUCER)).toBe(0n);
  });

  it("reads a transaction's return data from its trace when its call at its place disagrees with the block", async () => {
    // Reverts when the base fee is 0 (what Hardhat's calls see), else deploys the base fee as its code.
    const baseFeeOrRevert = "0x4815600e574860005260206000f35b600080fd";
    const [raw] = await client.signMany(bob, [{ to: null, data: baseFeeOrRevert, gasLimit: 100_000n }]);
    const { hex } = await client.nextBlock();
    const onChain = await callBundle({ txs: [raw], blockNumber: hex, stateBlockNumber: "latest" });
    const onFork = await callBundle({
      txs: [raw],
      blockNumber: hex,
      stateBlockNumber: "latest",
      coinbase: OTHER_PRODUCER,
    });
    for (const simulated of [onChain, onFork]) {
      expect(simulated.results[0]).not.toHaveProperty("error");
      expect(simulated.results[0].value).toBe(zeroPadValue(toBeHex(BASE_FEE_PER_GAS), 32));
    }
  });

  it("takes tags and block numbers for the state, and refuses what it cannot simulate, saying what it accepts", async () => {
    const [raw] = await client.signMany(bob, [pay(parseEther("0.001"))]);
    const latest = (await client.chain.latestBlock()).number;
    const finalized = await callBundle({
      txs: [raw],
      blockNumber: toQuantity(latest + 1),
      stateBlockNumber: "finalized",
    });
    expect(finalized.stateBlockNumber).toBe(latest);
    const genesisRaw = await client.sign(bob, pay(parseEther("0.001")), 0);
    const genesis = await callBundle({ txs: [genesisRaw], blockNumber: "0x1", stateBlockNumber: "earliest" });
    expect(genesis).toMatchObject({ stateBlockNumber: 0, coinbaseDiff: parseEther("0.001").toString() });

    const cases: [object, string][] = [
      [
        { txs: [raw], blockNumber: toQuantity(latest + 2), stateBlockNumber: toQuantity(latest + 1) },
        `stateBlockNumber must be a mined block, from 0 to the latest, ${latest} (${toQuantity(latest)}), got ${latest + 1}`,
      ],
      [
        { txs: [raw], blockNumber: toQuantity(latest - 3), stateBlockNumber: toQuantity(latest - 2) },
        `blockNumber must be from the state block, ${latest - 2}`,
      ],
      [
        { txs: [raw], blockNumber: toQuantity(latest + 1), stateBlockNumber: "pending" },
        "stateBlockNumber: a mined block's number (a hex quantity such as 0x1a, or a number) or a tag: latest, safe, finalized, earliest",
      ],
      [
        { txs: [raw], blockNumber: toQuantity(latest + 1), stateBlockNumber: "latest", coinbase: "0x12" },
        "coinbase: a 20-byte address",
      ],
    ];
    for (const [params, message] of cases) {
      const error = await rpcError(client.provider.send("eth_callBundle", [params]));
      expect(error.code, message).toBe(-32602);
      expect(error.message).toContain(message);
    }
  });
});
