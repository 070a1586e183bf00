/**
 * Signing transactions for the sandbox's own accounts (Hardhat's public test keys). Bundles and the
 * protected path take signed transactions, as Flashbots does: the builder cannot sign for anyone.
 */
import { type TransactionRequest, Wallet } from "ethers";
import type { Builder } from "../builder/builder";
import type { Chain } from "../chain/chain";
import { HARDHAT_ACCOUNT_COUNT, hardhatAccount } from "../world/actors";

let walletsByAddress: Map<string, Wallet> | undefined;

/** The wallet of Hardhat test account `address`; undefined for any other address. */
export function testWallet(address: string): Wallet | undefined {
  walletsByAddress ??= new Map(
    Array.from({ length: HARDHAT_ACCOUNT_COUNT }, (_, index) => {
      const wallet = new Wallet(hardhatAccount(index).privateKey);
      return [wallet.address.toLowerCase(), wallet] as const;
    }),
  );
  return walletsByAddress.get(address.toLowerCase());
}

/**
 * The next nonce of `from` counting what it already has in flight: the public mempool, and the
 * builder's protected queue (which the node does not see).
 */
export async function nextNonce(chain: Chain, builder: Builder, from: string): Promise<number> {
  const pending = Number(BigInt(await chain.rpc<string>("eth_getTransactionCount", [from, "pending"])));
  const held = builder.pendingProtected().filter((tx) => tx.from.toLowerCase() === from.toLowerCase());
  return pending + held.length;
}

/**
 * Signs transactions of `from` with consecutive nonces starting at `nonce` (see `nextNonce`). Each
 * request must carry its gas limit; fees default to no tip and room for the base fee to double.
 */
export async function signAll(
  chain: Chain,
  from: string,
  requests: readonly TransactionRequest[],
  nonce: number,
): Promise<string[]> {
  const wallet = testWallet(from);
  if (!wallet) throw new Error(`cannot sign for ${from}: not one of the sandbox's test accounts`);
  let next = nonce;
  const chainId = await chain.chainId();
  const signed: string[] = [];
  for (const request of requests) {
    if (request.gasLimit == null) throw new Error("signAll: every transaction needs its gasLimit");
    const tip = request.maxPriorityFeePerGas ?? 0n;
    signed.push(
      await wallet.signTransaction({
        type: 2,
        chainId,
        nonce: next++,
        to: request.to,
        data: request.data,
        value: request.value,
        gasLimit: request.gasLimit,
        maxPriorityFeePerGas: tip,
        maxFeePerGas: request.maxFeePerGas ?? 2n * chain.baseFeePerGas + BigInt(tip),
      }),
    );
  }
  return signed;
}
