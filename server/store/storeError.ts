import { SandboxError, type SandboxErrorOptions } from "../errors";

/** The store cannot be used: a missing or unwritable data dir, a corrupt file, a newer schema. */
export class StoreError extends SandboxError {
  override name = "StoreError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "store_unusable", ...options });
  }
}
