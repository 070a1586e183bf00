/**
 * The builder on JSON-RPC, as Flashbots serves it: eth_sendBundle, eth_callBundle, eth_cancelBundle;
 * evm_mine / hardhat_mine through the builder; and the protected endpoint, where a wallet's
 * transactions go to the builder privately instead of to the public mempool.
 *
 * Each function answers a method or returns `undefined` (not mine: forward it to the node).
 */
import type { TransactionRequest } from "ethers";
import type { Builder } from "../builder/builder";
import {
  BundleError,
  callBundleSchema,
  cancelBundleSchema,
  parseBundleParams,
  sendBundleSchema,
} from "../builder/bundleFormat";
import type { Chain } from "../chain/chain";
import { nextNonce, signAll, testWallet } from "../engine/signing";

/** The most blocks one hardhat_mine call may ask for. */
export const MAX_BLOCKS_PER_MINE_CALL = 100;

export const BUNDLE_METHODS = new Set(["eth_sendBundle", "eth_callBundle", "eth_cancelBundle"]);
export const MINE_METHODS = new Set(["evm_mine", "hardhat_mine"]);

export interface BuilderMethodDeps {
  chain: Chain;
  builder: Builder;
  /** Runs a task when no scenario step uses the chain (the sandbox's chain lock). */
  serialize: <T>(task: () => Promise<T>) => Promise<T>;
  /** Mines one block for an outside evm_mine / hardhat_mine (the live chain's, so its events are published). */
  mine: () => Promise<unknown>;
  /** Who sent a bundle, as the builder reports it: a known signer's name (a student), else "rpc". */
  originOf?: (signer: string | undefined) => string;
}

/**
 * evm_mine and hardhat_mine from outside: Hardhat's own would mine the pool in arrival order,
 * without bundles or protected transactions. They go through the builder like every block.
 */
export async function mineMethod(method: string, params: unknown, deps: BuilderMethodDeps): Promise<unknown> {
  const list = Array.isArray(params) ? params : [];
  const seconds = deps.chain.blockTimeSeconds;
  if (method === "evm_mine" && list.length > 0) {
    throw new BundleError(
      `evm_mine takes no parameters here: every block is ${seconds} s after the last (no timestamp)`,
    );
  }
  if (method === "hardhat_mine" && list.length > 1) {
    throw new BundleError(
      `hardhat_mine takes a block count only: every block is ${seconds} s after the last (no interval)`,
    );
  }
  const count = method === "hardhat_mine" && list[0] !== undefined ? blockCount(list[0]) : 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BLOCKS_PER_MINE_CALL) {
    throw new BundleError(
      `hardhat_mine: the block count must be from 1 to ${MAX_BLOCKS_PER_MINE_CALL}, got ${list[0]}`,
    );
  }
  for (let i = 0; i < count; i++) await deps.serialize(deps.mine);
  return method === "evm_mine" ? "0x0" : true;
}

/** A hex quantity or a number; NaN for anything else. */
function blockCount(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^0x[0-9a-fA-F]{1,8}$/.test(value) ? Number(value) : Number.NaN;
}

/** Who sent a bundle request: the address its X-Flashbots-Signature proves, if any. */
export interface BundleSender {
  signer?: string;
  /** Whether a cancel must be signed (classroom mode); unsigned, it cancels anyone's bundle. */
  cancelNeedsSignature: boolean;
}

/**
 * The three bundle methods, shared by the public and the protected endpoint. eth_callBundle takes
 * the chain lock, then the builder's turn; the caller holds the builder's turn for the other two.
 * A bundle belongs to whoever signed the request (else its first transaction's sender): only they
 * can replace it (same replacementUuid) or cancel it.
 */
export async function bundleMethod(
  method: string,
  params: unknown,
  deps: BuilderMethodDeps,
  sender: BundleSender,
): Promise<unknown> {
  const { builder } = deps;
  if (method === "eth_sendBundle") {
    const origin = deps.originOf?.(sender.signer) ?? "rpc";
    return builder.sendBundle(parseBundleParams(method, sendBundleSchema, params), origin, sender.signer);
  }
  if (method === "eth_callBundle") {
    const parsed = parseBundleParams(method, callBundleSchema, params);
    return deps.serialize(() => builder.callBundle(parsed));
  }
  const { replacementUuid } = parseBundleParams(method, cancelBundleSchema, params);
  if (!sender.signer && sender.cancelNeedsSignature) {
    throw new BundleError(
      "eth_cancelBundle must say who is asking: sign the request with the X-Flashbots-Signature header (<address>:<EIP-191 signature of keccak256(body)>), as the address that signed the bundle or sent its first transaction",
    );
  }
  // Flashbots answers with the hashes of the bundles it cancelled (its clients read an array).
  return [builder.cancelBundle(replacementUuid, sender.signer ?? null).bundleHash];
}

/**
 * The protected endpoint's own methods: eth_sendRawTransaction (and eth_sendTransaction for the
 * sandbox's unlocked test accounts, where the policy allows it) hand the transaction to the builder
 * privately, and the "pending" nonce counts those, so a wallet can send several in a row.
 */
export async function protectedMethod(
  method: string,
  params: unknown,
  deps: BuilderMethodDeps,
): Promise<unknown> {
  const { chain, builder } = deps;
  const list = Array.isArray(params) ? params : [];
  if (method === "eth_sendRawTransaction") {
    const [raw] = list;
    if (typeof raw !== "string")
      throw new BundleError("eth_sendRawTransaction takes one signed transaction (0x… hex)");
    return builder.protect(raw);
  }
  if (method === "eth_getTransactionCount" && list[1] === "pending") {
    // A wallet numbers its next transaction from this: count the ones waiting privately too.
    if (typeof list[0] !== "string") throw new BundleError("eth_getTransactionCount takes an address");
    return `0x${(await nextNonce(chain, builder, list[0])).toString(16)}`;
  }
  if (method === "eth_sendTransaction") {
    return builder.protect(await signForProtection(chain, builder, list[0] as RpcTransactionRequest));
  }
  return undefined;
}

interface RpcTransactionRequest {
  from?: string;
  to?: string;
  data?: string;
  input?: string;
  value?: string;
  gas?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  gasPrice?: string;
}

/** Signs an unlocked account's eth_sendTransaction (nonce and gas filled in as a wallet does). */
async function signForProtection(
  chain: Chain,
  builder: Builder,
  request: RpcTransactionRequest | undefined,
): Promise<string> {
  if (!request?.from) throw new BundleError("eth_sendTransaction needs a transaction object with `from`");
  if (!testWallet(request.from)) {
    throw new BundleError(
      `the protected endpoint signs only for the sandbox's test accounts; ${request.from} is not one: sign it yourself and use eth_sendRawTransaction`,
    );
  }
  const data = request.data ?? request.input ?? "0x";
  const gas =
    request.gas ??
    (await chain.rpc<string>("eth_estimateGas", [
      { from: request.from, to: request.to, data, value: request.value },
    ]));
  const tx: TransactionRequest = {
    to: request.to,
    data,
    value: request.value ? BigInt(request.value) : 0n,
    gasLimit: BigInt(gas),
    maxPriorityFeePerGas: BigInt(request.maxPriorityFeePerGas ?? request.gasPrice ?? 0),
    ...(request.maxFeePerGas ? { maxFeePerGas: BigInt(request.maxFeePerGas) } : {}),
  };
  const [signed] = await signAll(chain, request.from, [tx], await nextNonce(chain, builder, request.from));
  return signed!;
}
