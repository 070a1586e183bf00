/**
 * Runs signed raw transactions on the current state without keeping anything: inside an EVM
 * snapshot, the mempool is emptied, each transaction is mined in a block of its own (so they run
 * in the order given), its receipt is read, and the snapshot is restored. Nothing of it reaches the
 * event bus. The caller holds the chain lock and the builder's turn (`builder.exclusive`), so no
 * outside transaction arrives mid-simulation to be wiped by the revert.
 */
import { type Interface, type Log, Transaction } from "ethers";
import {
  AmmPair__factory,
  ArbitrageExecutor__factory,
  LendingPool__factory,
  PriceFeed__factory,
  WETH__factory,
} from "../../typechain-types";
import type { CalldataDecoder } from "../engine/calldata";
import { invalidInput } from "../errors";
import type { DecodedAction, Labelled, TokenAmount } from "../events";
import type { World } from "../world/types";

/** Interfaces whose events the simulation decodes (standard ERC-20 and Uniswap V2 events included). */
const LOG_INTERFACES: Interface[] = [
  WETH__factory.createInterface(),
  AmmPair__factory.createInterface(),
  LendingPool__factory.createInterface(),
  PriceFeed__factory.createInterface(),
  ArbitrageExecutor__factory.createInterface(),
];
export const TRANSFER_TOPIC = WETH__factory.createInterface().getEvent("Transfer").topicHash;

export interface DecodedLog {
  address: Labelled;
  /** The event's name, or null when no known ABI decodes it. */
  event: string | null;
  args: Record<string, string>;
}

export interface BalanceChange {
  account: Labelled;
  changes: TokenAmount[];
}

export interface SimulatedTx {
  index: number;
  hash: string | null;
  from: Labelled | null;
  /** "success", "reverted", or "rejected" when the chain would not accept it (bad nonce, no funds …). */
  status: "success" | "reverted" | "rejected";
  error: string | null;
  action: DecodedAction | null;
  gasUsed: string | null;
  logs: DecodedLog[];
  balanceChanges: BalanceChange[];
}

export interface SimulationResult {
  /** The block the transactions ran on top of. */
  block: number;
  results: SimulatedTx[];
}

function decodeLog(log: Log, world: World): DecodedLog {
  const address = { address: log.address, label: world.registry.label(log.address) };
  for (const iface of LOG_INTERFACES) {
    try {
      const parsed = iface.parseLog(log);
      if (!parsed) continue;
      const args = Object.fromEntries(
        parsed.fragment.inputs.map((input, i) => [input.name, String(parsed.args[i])]),
      );
      return { address, event: parsed.name, args };
    } catch {
      // not this interface
    }
  }
  return { address, event: null, args: { topics: log.topics.join(","), data: log.data } };
}

/** What each account gained or lost: ETH from balances before and after, tokens from Transfer logs. */
async function balanceChanges(
  world: World,
  from: string,
  logs: readonly Log[],
  blockNumber: number,
): Promise<BalanceChange[]> {
  const { provider } = world.chain;
  const tokenDeltas = new Map<string, Map<string, bigint>>();
  const add = (account: string, token: string, delta: bigint) => {
    const perToken = tokenDeltas.get(account) ?? new Map<string, bigint>();
    perToken.set(token, (perToken.get(token) ?? 0n) + delta);
    tokenDeltas.set(account, perToken);
  };
  for (const log of logs) {
    if (log.topics[0] !== TRANSFER_TOPIC || log.topics.length !== 3) continue;
    const sender = `0x${log.topics[1]!.slice(26)}`;
    const receiver = `0x${log.topics[2]!.slice(26)}`;
    const value = BigInt(log.data);
    add(sender.toLowerCase(), log.address, -value);
    add(receiver.toLowerCase(), log.address, value);
  }
  const accounts = new Set([from.toLowerCase(), ...tokenDeltas.keys()]);
  const out: BalanceChange[] = [];
  for (const account of accounts) {
    const [before, after] = await Promise.all([
      provider.getBalance(account, blockNumber - 1),
      provider.getBalance(account, blockNumber),
    ]);
    const changes: TokenAmount[] = [];
    if (after !== before) changes.push({ amount: (after - before).toString(), symbol: "ETH", decimals: 18 });
    for (const [token, delta] of tokenDeltas.get(account) ?? []) {
      if (delta === 0n) continue;
      const known = Object.values(world.tokens).find((t) => t.address.toLowerCase() === token.toLowerCase());
      changes.push({
        amount: delta.toString(),
        symbol: known?.symbol ?? world.registry.label(token),
        decimals: known?.decimals ?? 18,
      });
    }
    if (changes.length > 0)
      out.push({ account: { address: account, label: world.registry.label(account) }, changes });
  }
  return out;
}

async function simulateOne(
  world: World,
  decoder: CalldataDecoder,
  raw: string,
  index: number,
): Promise<SimulatedTx> {
  const { chain } = world;
  const tx = Transaction.from(raw);
  const from = tx.from ? { address: tx.from, label: world.registry.label(tx.from) } : null;
  const action = tx.from
    ? await decoder.decode({
        from: tx.from,
        to: tx.to,
        data: tx.data,
        value: tx.value,
        maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        gasPrice: tx.gasPrice ?? 0n,
      })
    : null;
  const rejected = (error: unknown): SimulatedTx => ({
    index,
    hash: tx.hash,
    from,
    status: "rejected",
    error: (error as Error).message.split("\n")[0]!,
    action,
    gasUsed: null,
    logs: [],
    balanceChanges: [],
  });
  let hash: string;
  try {
    hash = await chain.rpc<string>("eth_sendRawTransaction", [raw]);
  } catch (error) {
    return rejected(error);
  }
  // Not chain.mine(): the builder would put pending bundles and protected transactions in this
  // throwaway block, and forget them when the snapshot is reverted.
  await chain.mineAsIs();
  const receipt = await chain.provider.getTransactionReceipt(hash);
  if (!receipt) return rejected(new Error("the transaction was not mined (its fee is below the base fee?)"));
  return {
    index,
    hash,
    from,
    status: receipt.status === 1 ? "success" : "reverted",
    error: null,
    action,
    gasUsed: receipt.gasUsed.toString(),
    logs: receipt.logs.map((log) => decodeLog(log, world)),
    balanceChanges: await balanceChanges(world, receipt.from, receipt.logs, receipt.blockNumber),
  };
}

/** Runs the transactions in order on the current state, and forgets them. */
export async function simulateTransactions(
  world: World,
  decoder: CalldataDecoder,
  rawTxs: readonly string[],
): Promise<SimulationResult> {
  const problems = rawTxs.flatMap((raw, index) => {
    try {
      if (!Transaction.from(raw).from) return [{ index, message: "the transaction is not signed" }];
      return [];
    } catch (error) {
      return [{ index, message: `not a signed raw transaction: ${(error as Error).message.split(" (")[0]}` }];
    }
  });
  if (problems.length > 0)
    throw invalidInput("invalid_transaction", "some transactions cannot be decoded", { problems });
  const { chain } = world;
  const block = (await chain.latestBlock()).number;
  const snapshot = await chain.snapshot();
  try {
    // Others' pending transactions would share the blocks: set them aside (the snapshot keeps them).
    const pending = await chain.rpc<{ transactions: string[] } | null>("eth_getBlockByNumber", [
      "pending",
      false,
    ]);
    for (const hash of pending?.transactions ?? []) await chain.rpc("hardhat_dropTransaction", [hash]);
    const results: SimulatedTx[] = [];
    for (const [index, raw] of rawTxs.entries()) results.push(await simulateOne(world, decoder, raw, index));
    return { block, results };
  } finally {
    await chain.revert(snapshot);
    await chain.holdBaseFee();
  }
}
