/**
 * Bundles as Flashbots defines them: the JSON-RPC parameters of eth_sendBundle, eth_callBundle and
 * eth_cancelBundle (validated with zod, with errors that say what is accepted), the limits, the
 * bundle hash, and signed raw transactions decoded once.
 */

import { concat, getBytes, keccak256, Transaction } from "ethers";
import { z } from "zod";
import { InvalidInputError } from "../errors";

/** Flashbots' limits: at most 100 transactions and 300,000 bytes of signed transactions per bundle. */
export const MAX_BUNDLE_TXS = 100;
export const MAX_BUNDLE_BYTES = 300_000;

/** A request the builder refuses; `message` names what was wrong and what is accepted. */
export class BundleError extends InvalidInputError {
  override name = "BundleError";
  constructor(message: string) {
    super(message, { code: "invalid_bundle" });
  }
}

const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "a 0x-prefixed hex string of whole bytes");
const txHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte transaction hash (0x + 64 hex digits)");
/** Block numbers come as hex quantities ("0x1a") as in Flashbots' API; decimal numbers are accepted too. */
const blockNumber = z.union([
  z.string().regex(/^0x[0-9a-fA-F]+$/, "a hex quantity such as 0x1a"),
  z.number().int().nonnegative(),
]);
/** Unix seconds; in eth_sendBundle's bounds, 0 means "no bound", as Flashbots reads it. */
const unixSeconds = z.number().int().nonnegative();

export const sendBundleSchema = z
  .object({
    txs: z.array(hexData).min(1, "a bundle needs at least one signed transaction"),
    blockNumber,
    minTimestamp: unixSeconds.optional(),
    maxTimestamp: unixSeconds.optional(),
    revertingTxHashes: z.array(txHash).optional(),
    replacementUuid: z.string().min(1).max(100).optional(),
    /** Flashbots' list of builders to share the bundle with: accepted and ignored (one builder here). */
    builders: z.array(z.string().max(100)).max(100).optional(),
  })
  .strict();

/** Tags naming a mined block, as eth_callBundle's stateBlockNumber accepts them (all but "earliest": the latest). */
export const STATE_BLOCK_TAGS = ["latest", "safe", "finalized", "earliest"] as const;
export type StateBlockTag = (typeof STATE_BLOCK_TAGS)[number];
export const isStateBlockTag = (value: unknown): value is StateBlockTag =>
  STATE_BLOCK_TAGS.includes(value as StateBlockTag);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 20-byte address (0x + 40 hex digits)");

export const callBundleSchema = z
  .object({
    txs: z.array(hexData).min(1, "a bundle needs at least one signed transaction"),
    blockNumber,
    stateBlockNumber: z
      .union([z.string(), z.number()])
      .refine((value) => blockNumber.safeParse(value).success || isStateBlockTag(value), {
        error: `a mined block's number (a hex quantity such as 0x1a, or a number) or a tag: ${STATE_BLOCK_TAGS.join(", ")}`,
      }),
    /** The block's time; by default 12 s a block after the state block's. */
    timestamp: unixSeconds.optional(),
    /** The block producer the bundle pays (block.coinbase); by default the sandbox's builder. */
    coinbase: address.optional(),
  })
  .strict();

export const cancelBundleSchema = z.object({ replacementUuid: z.string().min(1).max(100) }).strict();

/**
 * Flashbots' eth_sendPrivateTransaction: one signed transaction for the builder alone, valid up to
 * `maxBlockNumber`. Of `preferences`, MEV-Share's `privacy.hints` and `validity.refund` are read
 * (mevShareFormat.ts: with hints, the transaction is shared on the MEV-Share stream); the rest (fast
 * mode, builders …) is accepted and has no effect: the sandbox has one builder.
 */
export const sendPrivateTransactionSchema = z
  .object({
    tx: hexData,
    maxBlockNumber: blockNumber.optional(),
    preferences: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const cancelPrivateTransactionSchema = z.object({ txHash }).strict();

/** flashbots_getBundleStatsV2: a bundle's hash and the block it targeted. */
export const bundleStatsSchema = z.object({ bundleHash: txHash, blockNumber }).strict();
/** flashbots_getUserStatsV2: the searcher is whoever signed the request. */
export const userStatsSchema = z.object({ blockNumber }).strict();

export type SendBundleParams = z.infer<typeof sendBundleSchema>;
export type CallBundleParams = z.infer<typeof callBundleSchema>;

/** Validates one JSON-RPC parameter object; the error names the method, the field and what is accepted. */
export function parseBundleParams<S extends z.ZodType>(
  method: string,
  schema: S,
  params: unknown,
): z.infer<S> {
  const list = Array.isArray(params) ? params : [params];
  if (list.length !== 1) throw new BundleError(`${method} takes one parameter object, got ${list.length}`);
  const parsed = schema.safeParse(list[0]);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join(".") : "the parameter";
  throw new BundleError(`${method}: ${where}: ${issue.message}`);
}

export function toBlockNumber(value: string | number): number {
  return typeof value === "number" ? value : Number(BigInt(value));
}

/** A signed transaction, decoded once. */
export interface RawTx {
  raw: string;
  hash: string;
  from: string;
  to: string | null;
  nonce: number;
  gasLimit: bigint;
  value: bigint;
  data: string;
  /** Legacy transactions: their gas price serves as both caps. */
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Decodes a signed transaction for `chainId`; refuses unsigned ones and other chains'. */
export function decodeRawTx(raw: string, chainId: bigint, where: string): RawTx {
  let tx: Transaction;
  try {
    tx = Transaction.from(raw);
  } catch (error) {
    throw new BundleError(
      `${where} is not a signed transaction (${(error as Error).message.split(" (")[0]})`,
    );
  }
  if (!tx.signature || !tx.from || !tx.hash) throw new BundleError(`${where} is not signed`);
  if (tx.chainId !== chainId) {
    throw new BundleError(`${where} is signed for chain ${tx.chainId}; this sandbox is chain ${chainId}`);
  }
  return toRawTx(tx, tx.from);
}

/**
 * A signed transaction's fields as the builder uses them; legacy gas prices serve as both caps.
 * `signed`: its bytes and hash when already known (ethers serializes again on every read).
 */
export function toRawTx(
  tx: Transaction,
  from: string,
  signed: { raw: string; hash: string } = { raw: tx.serialized, hash: tx.hash! },
): RawTx {
  const gasPrice = tx.gasPrice ?? 0n;
  return {
    raw: signed.raw,
    hash: signed.hash,
    from,
    to: tx.to,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    value: tx.value,
    data: tx.data,
    maxFeePerGas: tx.maxFeePerGas ?? gasPrice,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? gasPrice,
  };
}

/** Decodes a bundle's transactions and checks Flashbots' limits. */
export function decodeBundleTxs(method: string, raws: readonly string[], chainId: bigint): RawTx[] {
  checkBundleLimits(method, raws);
  const txs = raws.map((raw, i) => decodeRawTx(raw, chainId, `${method}: txs.${i}`));
  checkNoRepeats(method, txs);
  return txs;
}

/** A signed transaction known by its bytes and hash only: the node decodes it (and recovers its sender). */
export interface SignedRaw {
  raw: string;
  hash: string;
}

/**
 * A bundle's transactions with Flashbots' limits checked, left for the node to decode: recovering a
 * sender in JavaScript costs milliseconds, the node does it anyway (eth_callBundle).
 */
export function bundleRaws(method: string, raws: readonly string[]): SignedRaw[] {
  checkBundleLimits(method, raws);
  const txs = raws.map((raw) => ({ raw, hash: keccak256(raw) }));
  checkNoRepeats(method, txs);
  return txs;
}

function checkBundleLimits(method: string, raws: readonly string[]): void {
  if (raws.length > MAX_BUNDLE_TXS) {
    throw new BundleError(
      `${method}: a bundle holds at most ${MAX_BUNDLE_TXS} transactions, got ${raws.length}`,
    );
  }
  const bytes = raws.reduce((sum, raw) => sum + getBytes(raw).length, 0);
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new BundleError(
      `${method}: a bundle holds at most ${MAX_BUNDLE_BYTES} bytes of transactions, got ${bytes}`,
    );
  }
}

function checkNoRepeats(method: string, txs: readonly { hash: string }[]): void {
  const seen = new Set<string>();
  for (const tx of txs) {
    if (seen.has(tx.hash))
      throw new BundleError(`${method}: transaction ${tx.hash} appears twice in the bundle`);
    seen.add(tx.hash);
  }
}

/** Flashbots' bundle hash: keccak256 of the transaction hashes, concatenated in bundle order. */
export function bundleHashOf(txs: readonly { hash: string }[]): string {
  return keccak256(concat(txs.map((tx) => tx.hash)));
}
