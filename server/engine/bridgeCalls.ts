/** A bridge call (MockBridge: lock, relay, release) as a sentence learners read, on whichever chain it runs. */
import type { TransactionDescription } from "ethers";
import { MockBridge__factory } from "../../typechain-types";

export const bridgeInterface = MockBridge__factory.createInterface();

/** How the caller names what a call mentions: an address, an amount of a token (by its address). */
export interface BridgeCallNames {
  label(address: string): string;
  amount(value: bigint, token: string): string;
}

/** "arbitrageur locks 5 WETH on the bridge for arbitrageur on chain 31338"; undefined for other calls. */
export function bridgeCallSentence(
  from: string,
  call: TransactionDescription,
  names: BridgeCallNames,
): string | undefined {
  const a = call.args;
  const transfer = () => `transfer ${String(a.transferId).slice(0, 10)}…`;
  switch (call.name) {
    case "lock":
      return `${from} locks ${names.amount(a.amount, a.token)} on the bridge for ${names.label(a.recipient)} on chain ${a.destinationChainId}`;
    case "relay":
      return `${from} relays ${transfer()} to the bridge: ${names.amount(a.amount, a.token)} for ${names.label(a.recipient)}`;
    case "release":
      return `${from} releases ${transfer()} from the bridge`;
    default:
      return undefined;
  }
}
