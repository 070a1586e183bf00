/**
 * Names ↔ addresses. Everywhere a learner would otherwise see an address, the sandbox shows the
 * name registered here ("alice", "DEX A WETH/USDC", "USDC").
 */
import { getAddress } from "ethers";
import { shortAddress } from "../format";

export type EntryKind =
  | "actor"
  | "token"
  | "dex"
  | "router"
  | "pool"
  | "oracle"
  /** A DexTwapOracle: a DEX's time-weighted average price, whose next block's answer can be read ahead. */
  | "twap-oracle"
  | "lending"
  | "searcher-contract"
  | "faucet"
  | "student"
  /** A bridge between the sandbox's chains: deployed by the run that opens it, not by the world. */
  | "bridge";

export interface RegistryEntry {
  name: string;
  address: string;
  kind: EntryKind;
}

export class Registry {
  private readonly byAddress = new Map<string, RegistryEntry>();
  private readonly byNameMap = new Map<string, RegistryEntry>();
  /** Names a run gave (by address, lower case): they go when the chain goes back to the clean world. */
  private readonly forRun = new Set<string>();

  /** Registers `name` for `address`; names and addresses are each unique. */
  add(name: string, address: string, kind: EntryKind): RegistryEntry {
    const entry = { name, address: getAddress(address), kind };
    const key = entry.address.toLowerCase();
    if (this.byNameMap.has(name)) throw new Error(`registry: the name "${name}" is already taken`);
    if (this.byAddress.has(key))
      throw new Error(`registry: ${address} is already "${this.byAddress.get(key)!.name}"`);
    this.byAddress.set(key, entry);
    this.byNameMap.set(name, entry);
    return entry;
  }

  /**
   * Names what a run put on the chain (a scenario's own contracts and accounts) until the chain goes
   * back to the clean world (`forgetRunEntries`). They label and decode like the world's, but are not
   * part of it: `entries()` leaves them out. A name or address already taken keeps its entry (undefined).
   */
  addForRun(name: string, address: string, kind: EntryKind): RegistryEntry | undefined {
    if (this.byNameMap.has(name) || this.lookup(address)) return undefined;
    const entry = this.add(name, address, kind);
    this.forRun.add(entry.address.toLowerCase());
    return entry;
  }

  /** Forgets every name a run gave: what it named is gone from the chain. */
  forgetRunEntries(): void {
    for (const key of this.forRun) {
      const entry = this.byAddress.get(key);
      this.byAddress.delete(key);
      if (entry) this.byNameMap.delete(entry.name);
    }
    this.forRun.clear();
  }

  /** The entry for an address, if it is known. */
  lookup(address: string): RegistryEntry | undefined {
    return this.byAddress.get(address.toLowerCase());
  }

  /** The entry for a name, if it is known (a run's own names included). */
  named(name: string): RegistryEntry | undefined {
    return this.byNameMap.get(name);
  }

  /** The entry for a name; throws naming the known names if there is none. */
  byName(name: string): RegistryEntry {
    const entry = this.byNameMap.get(name);
    if (!entry)
      throw new Error(`registry: no entry named "${name}" (known: ${[...this.byNameMap.keys()].join(", ")})`);
    return entry;
  }

  /** The name of an address, or the address shortened (0x1234…abcd) when it is unknown. */
  label(address: string): string {
    return this.lookup(address)?.name ?? shortAddress(address);
  }

  /** Every name the chain has now: the world's, and the last run's until the chain goes back to its clean world. */
  allEntries(): RegistryEntry[] {
    return [...this.byAddress.values()];
  }

  /** The world's entries (of one kind): a run's own names are not among them. */
  entries(kind?: EntryKind): RegistryEntry[] {
    const all = [...this.byAddress.values()].filter((entry) => !this.forRun.has(entry.address.toLowerCase()));
    return kind ? all.filter((entry) => entry.kind === kind) : all;
  }
}
