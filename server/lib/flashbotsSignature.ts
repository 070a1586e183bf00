/**
 * The `X-Flashbots-Signature` header, verified as Flashbots' relay does: `<address>:<signature>`,
 * where the signature is an EIP-191 personal-message signature of the 0x-hex text of
 * keccak256(request body). That is what `wallet.signMessage(id(body))` in ethers produces and what
 * `@flashbots/ethers-provider-bundle` sends. The address it proves is whom a bundle belongs to.
 */
import { getAddress, id, isAddress, verifyMessage } from "ethers";

export const FLASHBOTS_SIGNATURE_HEADER = "x-flashbots-signature";

export type SignatureCheck =
  | { kind: "absent" }
  | { kind: "valid"; signer: string }
  | { kind: "invalid"; reason: string };

/** Checks the header (undefined when it was not sent) against the exact body bytes, as text. */
export function checkFlashbotsSignature(header: string | undefined, body: string): SignatureCheck {
  if (header === undefined) return { kind: "absent" };
  const separator = header.indexOf(":");
  const claimed = header.slice(0, separator).trim();
  const signature = header.slice(separator + 1).trim();
  if (separator < 0 || !isAddress(claimed)) {
    return invalid(`it must read <address>:<signature>, got ${JSON.stringify(header.slice(0, 140))}`);
  }
  let recovered: string;
  try {
    recovered = verifyMessage(id(body), signature);
  } catch {
    return invalid("the signature is not a valid EIP-191 signature (65 bytes, 0x-hex)");
  }
  if (recovered.toLowerCase() !== claimed.toLowerCase()) {
    return invalid(
      `it is signed by ${recovered}, not by ${getAddress(claimed)}: sign the hex text of keccak256(body), e.g. wallet.signMessage(ethers.id(body))`,
    );
  }
  return { kind: "valid", signer: getAddress(claimed) };
}

function invalid(reason: string): SignatureCheck {
  return { kind: "invalid", reason: `X-Flashbots-Signature: ${reason}` };
}
