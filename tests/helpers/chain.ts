import type { Interface } from "ethers";
import hre from "hardhat";
import { expect } from "vitest";

/** Contract tests mine a block per transaction; the sandbox itself mines on demand. */
export async function enableAutomine(): Promise<void> {
  await hre.network.provider.send("evm_setAutomine", [true]);
}

/** Takes an EVM snapshot and returns a function that goes back to it (and can be called again). */
export async function takeSnapshot(): Promise<() => Promise<void>> {
  let id = (await hre.network.provider.send("evm_snapshot", [])) as string;
  return async () => {
    await hre.network.provider.send("evm_revert", [id]);
    id = (await hre.network.provider.send("evm_snapshot", [])) as string;
  };
}

/** Finds the raw revert data in an error thrown by ethers or by Hardhat. */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): string | undefined => {
    if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x")) return record.data;
    for (const key of ["data", "error", "info", "cause", "revert"]) {
      const found = visit(record[key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error);
}

/**
 * Awaits `action`, expects it to revert with the custom error `errorName` of `iface`
 * (and, when given, with exactly `args`), and returns the decoded arguments.
 * Hardhat's chai matchers do not run under vitest, so reverts are decoded by hand.
 */
export async function expectRevert(
  action: Promise<unknown>,
  iface: Interface,
  errorName: string,
  args?: readonly unknown[],
): Promise<unknown[]> {
  let thrown: unknown;
  try {
    await action;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a revert with ${errorName}`).toBeDefined();
  const data = revertDataOf(thrown);
  expect(data, `no revert data in: ${String(thrown)}`).toBeDefined();
  const parsed = iface.parseError(data!);
  expect(parsed?.name, `revert data ${data} is not ${errorName}`).toBe(errorName);
  const decoded = [...(parsed?.args ?? [])];
  if (args) expect(decoded).toEqual([...args]);
  return decoded;
}
