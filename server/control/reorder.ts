/**
 * Reorder a block: block n's transactions re-executed in another order on the state before block n
 * (a fork, server/replay: the chain itself never changes), and everyone's gains and losses for it.
 *
 * Whose balances: every sender, the block's coinbase (it collects the tips), and every sender and
 * receiver of an ERC-20 Transfer in the mined block or in the replayed one (pools, contracts and
 * students included; the zero address of mints and burns left out). Each in ETH and in every token
 * of the world, after the replayed block minus before it, in base units; zero changes are left out.
 */
import { getAddress, Interface, ZeroAddress } from "ethers";
import { invalidInput } from "../errors";
import type { ForkedChain, Replayer } from "../replay/fork";
import { type MinedTransaction, minedTransactions } from "../replay/mined";
import type { World } from "../world/types";
import { TRANSFER_TOPIC } from "./simulate";

/** Blocks with more transactions than this are not replayed (each costs the server a block's work). */
export const MAX_REORDER_TRANSACTIONS = 50;

export interface ReorderedTransaction {
  hash: string;
  /** The sender's name in the registry, or its address. */
  from: string;
  status: "success" | "reverted";
  gasUsed: string;
}

/** Per account name, per symbol ("ETH", "USDC" …): the signed change in base units. */
export type BalanceChanges = Record<string, Record<string, string>>;

export interface ReorderResult {
  order: string[];
  transactions: ReorderedTransaction[];
  balanceChanges: BalanceChanges;
}

/** What makes `order` not a permutation of the block's transactions. */
export interface PermutationProblems {
  missing: string[];
  duplicate: string[];
  unknown: string[];
}

const BALANCE_OF = new Interface(["function balanceOf(address) view returns (uint256)"]);

/** The hashes of `block` that `order` leaves out, repeats, or names though the block has no such transaction. */
export function permutationProblems(block: readonly string[], order: readonly string[]): PermutationProblems {
  const inBlock = new Set(block.map((hash) => hash.toLowerCase()));
  const seen = new Set<string>();
  const duplicate = new Set<string>();
  const unknown: string[] = [];
  for (const hash of order.map((h) => h.toLowerCase())) {
    if (!inBlock.has(hash)) unknown.push(hash);
    else if (seen.has(hash)) duplicate.add(hash);
    seen.add(hash);
  }
  const missing = block.filter((hash) => !seen.has(hash.toLowerCase()));
  return { missing, duplicate: [...duplicate], unknown };
}

function checkPermutation(block: readonly MinedTransaction[], order: readonly string[]): MinedTransaction[] {
  const problems = permutationProblems(
    block.map((tx) => tx.hash),
    order,
  );
  const parts = [
    problems.missing.length > 0 && `missing ${problems.missing.join(", ")}`,
    problems.duplicate.length > 0 && `given more than once ${problems.duplicate.join(", ")}`,
    problems.unknown.length > 0 && `not in the block ${problems.unknown.join(", ")}`,
  ].filter(Boolean);
  if (parts.length > 0) {
    throw invalidInput(
      "not_a_permutation",
      `the order must name each of the block's ${block.length} transactions once: ${parts.join("; ")}`,
      problems,
    );
  }
  const byHash = new Map(block.map((tx) => [tx.hash.toLowerCase(), tx]));
  return order.map((hash) => byHash.get(hash.toLowerCase())!);
}

/** Everyone who sent, received or paid in a block: senders, the coinbase, ERC-20 Transfer parties. */
function accountsOf(
  senders: readonly string[],
  coinbase: string,
  logs: readonly (readonly { topics: readonly string[] }[])[],
): string[] {
  const accounts = new Set([...senders, coinbase].map((a) => getAddress(a)));
  for (const log of logs.flat()) {
    if (log.topics[0] !== TRANSFER_TOPIC || log.topics.length !== 3) continue;
    for (const topic of log.topics.slice(1)) accounts.add(getAddress(`0x${topic.slice(26)}`));
  }
  accounts.delete(ZeroAddress);
  return [...accounts];
}

type BalanceReader = (account: string, token: string | null) => Promise<bigint>;

/** Balances on the real chain at `blockTag` (ETH when `token` is null). */
function chainBalances(world: World, blockTag: number): BalanceReader {
  return async (account, token) => {
    if (token === null) return world.chain.provider.getBalance(account, blockTag);
    const data = BALANCE_OF.encodeFunctionData("balanceOf", [account]);
    return BigInt(await world.chain.provider.call({ to: token, data, blockTag }));
  };
}

/** Balances on the fork's latest block. */
function forkBalances(fork: ForkedChain): BalanceReader {
  return async (account, token) => {
    if (token === null)
      return BigInt(
        (await fork.request({ method: "eth_getBalance", params: [account, "latest"] })) as string,
      );
    const data = BALANCE_OF.encodeFunctionData("balanceOf", [account]);
    return BigInt(
      (await fork.request({ method: "eth_call", params: [{ to: token, data }, "latest"] })) as string,
    );
  };
}

/** The name learners see for an address: the registry's (actors, students, contracts), else the address. */
export function accountName(world: World, address: string): string {
  return world.registry.lookup(address)?.name ?? getAddress(address);
}

/** Each account's change in ETH and every world token, `after` minus `before`; zero changes left out. */
export async function balanceChanges(
  world: World,
  accounts: readonly string[],
  before: BalanceReader,
  after: BalanceReader,
): Promise<BalanceChanges> {
  const assets: [string, string | null][] = [
    ["ETH", null],
    ...Object.values(world.tokens).map((t): [string, string] => [t.symbol, t.address]),
  ];
  const rows = await Promise.all(
    accounts.map(async (account) => {
      const deltas = await Promise.all(
        assets.map(async ([symbol, token]) => {
          const [was, is] = await Promise.all([before(account, token), after(account, token)]);
          return [symbol, is - was] as const;
        }),
      );
      const changed = deltas
        .filter(([, delta]) => delta !== 0n)
        .map(([symbol, delta]) => [symbol, delta.toString()]);
      return [accountName(world, account), Object.fromEntries(changed)] as const;
    }),
  );
  return Object.fromEntries(rows.filter(([, changes]) => Object.keys(changes).length > 0));
}

/**
 * Re-executes block `blockNumber`'s transactions in `order` (every one of its hashes, once) on the
 * state before it, and reports each transaction and everyone's balance changes. Changes nothing.
 */
export async function reorderBlock(
  world: World,
  replayer: Replayer,
  blockNumber: number,
  order: readonly string[],
): Promise<ReorderResult> {
  const context = await replayer.blockContext(blockNumber);
  if (blockNumber === 0)
    throw invalidInput("genesis_block", "the genesis block has no transactions to reorder");
  const mined = await minedTransactions(world.chain, blockNumber);
  if (mined.length > MAX_REORDER_TRANSACTIONS) {
    throw invalidInput(
      "block_too_large",
      `block ${blockNumber} has ${mined.length} transactions: at most ${MAX_REORDER_TRANSACTIONS} can be reordered`,
      { transactions: mined.length, max: MAX_REORDER_TRANSACTIONS },
    );
  }
  const ordered = checkPermutation(mined, order);
  const minedLogs = await Promise.all(
    mined.map(async ({ hash }) => (await world.chain.provider.getTransactionReceipt(hash))!.logs),
  );
  return replayer.withFork(blockNumber - 1, async (fork) => {
    const receipts = await fork.mineBlock(
      ordered.map(({ raw }) => ({ raw })),
      context,
    );
    const accounts = accountsOf(
      mined.map((tx) => tx.from),
      context.coinbase,
      [...minedLogs, ...receipts.map((r) => r.logs)],
    );
    return {
      order: ordered.map((tx) => tx.hash),
      transactions: receipts.map((r) => ({
        hash: r.hash,
        from: accountName(world, r.from),
        status: r.status,
        gasUsed: r.gasUsed.toString(),
      })),
      balanceChanges: await balanceChanges(
        world,
        accounts,
        chainBalances(world, blockNumber - 1),
        forkBalances(fork),
      ),
    };
  });
}
