/**
 * Many view calls in one round trip to the node: BatchReader's code (contracts/lens/BatchReader.sol)
 * is given to an unused address for the length of one `eth_call` (a state override), and it makes the
 * calls. What is read after every block (every actor's balances, a bot's equity) costs one call
 * instead of one per balance; the values are those of the same calls made one by one.
 *
 * Calldata and results are encoded here by hand: ethers' ABI coder checksums every address it
 * encodes (a keccak each), which cost more than the node's work for a block's hundred reads.
 */
import { toQuantity } from "ethers";
import { BatchReader__factory, IERC20__factory } from "../../typechain-types";
import type { Chain } from "./chain";

/** A view call: `data` sent to `target`, or "0x" for `target`'s ETH balance. */
export interface BatchRead {
  target: string;
  data: string;
}

/** Where the reader's code sits during its call: an address no key, deployment or precompile has. */
const READER_ADDRESS = "0xba7c4ead00000000000000000000000000000000";
/** Reads per call, so that a large classroom's balances stay far below the call's gas limit. */
const MAX_READS_PER_CALL = 16;

const READ_SELECTOR = BatchReader__factory.createInterface().getFunction("read").selector;
const BALANCE_OF_SELECTOR = IERC20__factory.createInterface().getFunction("balanceOf").selector;
/** The reader's runtime code, per chain: what its creation code returns, read once. */
const runtimeCode = new WeakMap<Chain, Promise<string>>();

/** A 32-byte ABI word (64 hex digits) holding `value`. */
const word = (value: number | bigint) => value.toString(16).padStart(64, "0");
/** `hex` (no 0x) right-padded with zeros to whole 32-byte words. */
const padded = (hex: string) => hex.padEnd(Math.ceil(hex.length / 64) * 64, "0");

/** Calldata for the view function `selector` whose arguments are all addresses. */
export function addressArgsCall(selector: string, ...addresses: string[]): string {
  return selector + addresses.map((address) => address.slice(2).toLowerCase().padStart(64, "0")).join("");
}

/** Reads `address`'s ETH balance. */
export function ethBalanceRead(address: string): BatchRead {
  return { target: address, data: "0x" };
}

/** Reads `owner`'s balance of the ERC-20 token at `token`. */
export function tokenBalanceRead(token: string, owner: string): BatchRead {
  return { target: token, data: addressArgsCall(BALANCE_OF_SELECTOR, owner) };
}

/** The calldata of `read(reads)`: a dynamic array of (address, bytes) tuples, as the ABI lays it out. */
export function encodeReads(reads: readonly BatchRead[]): string {
  const tails = reads.map(({ target, data }) => {
    const bytes = data.slice(2);
    return addressArgsCall("", target) + word(64) + word(bytes.length / 2) + padded(bytes);
  });
  let offset = reads.length * 32;
  const heads = tails.map((tail) => {
    const head = word(offset);
    offset += tail.length / 2;
    return head;
  });
  return READ_SELECTOR + word(32) + word(reads.length) + heads.join("") + tails.join("");
}

/** The `bytes[]` that `read` returns, as hex strings. */
export function decodeResults(raw: string): string[] {
  const hex = raw.slice(2);
  const at = (byte: number) => Number.parseInt(hex.slice(byte * 2, byte * 2 + 64), 16);
  const array = at(0);
  const start = array + 32;
  return Array.from({ length: at(array) }, (_, i) => {
    const element = start + at(start + i * 32);
    return `0x${hex.slice((element + 32) * 2, (element + 32 + at(element)) * 2)}`;
  });
}

function codeOf(chain: Chain): Promise<string> {
  let code = runtimeCode.get(chain);
  if (!code) {
    code = chain.rpc<string>("eth_call", [{ data: BatchReader__factory.bytecode }, "latest"]);
    runtimeCode.set(chain, code);
  }
  return code;
}

/**
 * What each read returns (raw return data), in order, at the end of block `blockTag` (the latest by
 * default); a reverted read rejects it all.
 */
export async function readBatch(
  chain: Chain,
  reads: readonly BatchRead[],
  blockTag?: number,
): Promise<string[]> {
  const block = blockTag === undefined ? "latest" : toQuantity(blockTag);
  const code = await codeOf(chain);
  const override = { [READER_ADDRESS]: { code } };
  const chunks: BatchRead[][] = [];
  for (let i = 0; i < reads.length; i += MAX_READS_PER_CALL)
    chunks.push(reads.slice(i, i + MAX_READS_PER_CALL));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const call = { to: READER_ADDRESS, data: encodeReads(chunk) };
      return decodeResults(await chain.rpc<string>("eth_call", [call, block, override]));
    }),
  );
  return results.flat();
}

/** Reads that each return one uint256 (balances, amounts), as bigints, in order. */
export async function readUints(chain: Chain, reads: readonly BatchRead[]): Promise<bigint[]> {
  return (await readBatch(chain, reads)).map((result, i) => {
    if (result.length !== 66)
      throw new Error(`read ${i} (to ${reads[i]!.target}) returned ${result}, not one word`);
    return BigInt(result);
  });
}
