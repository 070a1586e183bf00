/**
 * The builder on JSON-RPC, as Flashbots serves it: eth_sendBundle, eth_callBundle and
 * eth_cancelBundle on the sandbox's endpoint, and a protected endpoint where a wallet's
 * transactions go to the builder privately instead of to the public mempool.
 *
 * Both wrap the chain's EIP-1193 provider. Every outside request runs while no block is being built:
 * a transaction arriving mid-build would otherwise land in the middle of the block, or be wiped by a
 * simulation's snapshot revert.
 */
import type { TransactionRequest } from "ethers";
import type { Chain } from "../chain/chain";
import { nextNonce, signAll, testWallet } from "../engine/signing";
import {
  BundleError,
  callBundleSchema,
  cancelBundleSchema,
  parseBundleParams,
  sendBundleSchema,
} from "./bundle";

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

export interface BuilderRpcOptions {
  chain: Chain;
  /** Turns a refused request into the JSON-RPC server's "invalid params" error (-32602). */
  invalidParams: (message: string) => Error;
  /** Runs a simulation when no scenario step is using the chain (the sandbox's chain lock). */
  serialize?: <T>(task: () => Promise<T>) => Promise<T>;
  /**
   * Mines one block for an outside evm_mine / hardhat_mine (default: `chain.mine()`); the sandbox
   * passes its lobby's, so the block's events are published.
   */
  mine?: () => Promise<unknown>;
}

/** The most blocks one hardhat_mine call may ask for. */
export const MAX_BLOCKS_PER_MINE_CALL = 100;

/**
 * evm_mine and hardhat_mine from outside: Hardhat's own would mine the pool in arrival order,
 * without bundles or protected transactions. They go through the builder like every block.
 */
async function mineMethod(method: string, params: unknown, options: BuilderRpcOptions): Promise<unknown> {
  const list = Array.isArray(params) ? params : [];
  if (method === "evm_mine" && list.length > 0) {
    throw new BundleError(
      `evm_mine takes no parameters here: every block is ${options.chain.blockTimeSeconds} s after the last (no timestamp)`,
    );
  }
  if (method === "hardhat_mine" && list.length > 1) {
    throw new BundleError(
      `hardhat_mine takes a block count only: every block is ${options.chain.blockTimeSeconds} s after the last (no interval)`,
    );
  }
  const count = method === "hardhat_mine" && list[0] !== undefined ? blockCount(list[0]) : 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BLOCKS_PER_MINE_CALL) {
    throw new BundleError(
      `hardhat_mine: the block count must be from 1 to ${MAX_BLOCKS_PER_MINE_CALL}, got ${list[0]}`,
    );
  }
  const serialize = options.serialize ?? ((task) => task());
  const mine = options.mine ?? (() => options.chain.mine());
  for (let i = 0; i < count; i++) await serialize(mine);
  return method === "evm_mine" ? "0x0" : true;
}

/** A hex quantity or a number; NaN for anything else. */
function blockCount(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^0x[0-9a-fA-F]{1,8}$/.test(value) ? Number(value) : Number.NaN;
}

const MINE_METHODS = new Set(["evm_mine", "hardhat_mine"]);

/** The three bundle methods, shared by the public and the protected endpoint. */
async function bundleMethod(
  method: string,
  params: unknown,
  options: BuilderRpcOptions,
  origin: string,
): Promise<unknown> {
  const { builder } = options.chain;
  const serialize = options.serialize ?? ((task) => task());
  if (method === "eth_sendBundle") {
    return builder.sendBundle(parseBundleParams(method, sendBundleSchema, params), origin);
  }
  if (method === "eth_callBundle") {
    const parsed = parseBundleParams(method, callBundleSchema, params);
    return serialize(() => builder.callBundle(parsed));
  }
  return builder.cancelBundle(parseBundleParams(method, cancelBundleSchema, params).replacementUuid);
}

const BUNDLE_METHODS = new Set(["eth_sendBundle", "eth_callBundle", "eth_cancelBundle"]);

/** The public endpoint: the chain's provider plus the bundle methods. */
export function publicRpcProvider<P extends Eip1193Provider>(base: P, options: BuilderRpcOptions): P {
  return wrap(base, options, async (method, params) => {
    if (BUNDLE_METHODS.has(method)) return bundleMethod(method, params, options, "rpc");
    return undefined;
  });
}

/**
 * The protected endpoint: like the public one, but eth_sendRawTransaction (and eth_sendTransaction
 * for the sandbox's unlocked test accounts) hand the transaction to the builder privately, and the
 * "pending" nonce counts those, so a wallet can send several in a row.
 */
export function protectedRpcProvider<P extends Eip1193Provider>(base: P, options: BuilderRpcOptions): P {
  const { chain } = options;
  return wrap(base, options, async (method, params) => {
    if (BUNDLE_METHODS.has(method)) return bundleMethod(method, params, options, "rpc");
    if (method === "eth_sendRawTransaction") {
      const [raw] = Array.isArray(params) ? params : [];
      if (typeof raw !== "string")
        throw new BundleError("eth_sendRawTransaction takes one signed transaction (0x… hex)");
      return chain.builder.protect(raw);
    }
    if (method === "eth_getTransactionCount" && Array.isArray(params) && params[1] === "pending") {
      // A wallet numbers its next transaction from this: count the ones waiting privately too.
      if (typeof params[0] !== "string") throw new BundleError("eth_getTransactionCount takes an address");
      return `0x${(await nextNonce(chain, params[0])).toString(16)}`;
    }
    if (method === "eth_sendTransaction") {
      const [request] = Array.isArray(params) ? params : [];
      return chain.builder.protect(await signForProtection(chain, request as RpcTransactionRequest));
    }
    return undefined;
  });
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
async function signForProtection(chain: Chain, request: RpcTransactionRequest | undefined): Promise<string> {
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
  const [signed] = await signAll(chain, request.from, [tx]);
  return signed!;
}

/** A provider that answers some methods itself (handle returns non-undefined) and forwards the rest. */
function wrap<P extends Eip1193Provider>(
  base: P,
  options: BuilderRpcOptions,
  handle: (method: string, params: unknown) => Promise<unknown>,
): P {
  const { builder } = options.chain;
  const request = async (args: { method: string; params?: unknown }) => {
    try {
      // eth_callBundle and mining take the builder's turn themselves (after the chain lock): do not nest.
      if (args.method === "eth_callBundle") return await handle(args.method, args.params);
      if (MINE_METHODS.has(args.method)) return await mineMethod(args.method, args.params, options);
      return await builder.exclusive(async () => {
        const answer = await handle(args.method, args.params);
        return answer === undefined ? base.request(args) : answer;
      });
    } catch (error) {
      if (error instanceof BundleError) throw options.invalidParams(error.message);
      throw error;
    }
  };
  return new Proxy(base, {
    get(target, property, receiver) {
      if (property === "request") return request;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
