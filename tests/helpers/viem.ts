/// <reference lib="dom" />
/**
 * viem for the tests, as an outside wallet uses it. The reference above is why this file exists:
 * viem's dependency `ox` ships TypeScript sources (not only .d.ts) that name browser WebAuthn types
 * (`window`, `AuthenticatorAssertionResponse`), so `tsc` needs the DOM library to check them.
 */
export {
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  rpcSchema,
  type WalletClient,
  webSocket,
} from "viem";
export { privateKeyToAccount } from "viem/accounts";
export { hardhat } from "viem/chains";
