/** Gas and fee fields of the bots' transactions, and the payment that closes a bundle. */
import type { TransactionRequest } from "ethers";
import { COINBASE_ADDRESS } from "../../world/actors";

/** Gas of a plain ETH transfer: a bundle's payment to the builder. */
export const PAYMENT_GAS = 21_000n;

/** EIP-1559 fee fields as a wallet sets them: the tip, and room for the base fee to double. */
export function feeFields(nextBaseFee: bigint, tip: bigint) {
  return { maxPriorityFeePerGas: tip, maxFeePerGas: 2n * nextBaseFee + tip };
}

/** Gas cost in wei of `units` gas at the next block's base fee plus `tip`. */
export function gasCostWei(units: bigint, nextBaseFee: bigint, tip: bigint): bigint {
  return units * (nextBaseFee + tip);
}

/** The last transaction of a bundle: `wei` to the block producer (a sealed bid). */
export function payment(wei: bigint): TransactionRequest {
  return { to: COINBASE_ADDRESS, value: wei, gasLimit: PAYMENT_GAS };
}
