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

  /** The entry for an address, if it is known. */
  lookup(address: string): RegistryEntry | undefined {
    return this.byAddress.get(address.toLowerCase());
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

  entries(kind?: EntryKind): RegistryEntry[] {
    const all = [...this.byAddress.values()];
    return kind ? all.filter((entry) => entry.kind === kind) : all;
  }
}
