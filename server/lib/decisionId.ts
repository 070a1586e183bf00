/** Names for decisions, so that the API and the page can refer to one. */
import { id } from "ethers";

/** A stable id for a decision: the hash of what it was decided from (the same inputs, the same id). */
export function decisionId(parts: readonly (string | number | bigint)[]): string {
  return id(parts.map(String).join("|")).slice(0, 18);
}
