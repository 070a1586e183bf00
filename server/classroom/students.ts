/**
 * The class list. A student joins with a name and the address of a key their browser made (the key
 * never reaches the server); the name goes into the registry, so every event, the mempool, the block
 * view and the inspector's labels say "ada" instead of an address. Joining returns a token that
 * proves who the student is (to answer polls), and nothing the instructor's token allows.
 */
import { getAddress, isAddress } from "ethers";
import { ConflictError, ForbiddenError, InvalidInputError } from "../errors";
import { generateToken, tokensMatch } from "../lib/token";
import type { Registry } from "../world/registry";

/** The longest name a student may take: it must fit in a block row. */
export const MAX_NAME_LENGTH = 32;

export interface Student {
  id: string;
  name: string;
  address: string;
  /** The student's token (kept to check it; never shown again). */
  token: string;
}

export interface JoinRequest {
  name: string;
  address: string;
  /** The class code, in classroom mode. */
  code?: string;
}

/** What is wrong with a name, or undefined: 1–32 characters after trimming, no control characters. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if ([...name].length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (/\p{Cc}/u.test(name)) return "must not contain control characters (tabs, new lines …)";
  return undefined;
}

export class StudentRoster {
  private readonly byAddress = new Map<string, Student>();
  private counter = 0;

  constructor(
    private readonly registry: Registry,
    /** The code students type to join (classroom mode); null: anyone on this machine may join. */
    private readonly classCode: string | null,
  ) {}

  /**
   * Joins `name` at `address`. Joining again with the same name and address gives the student a
   * fresh token (a new tab, a cleared browser); anything else taken is a conflict that names it.
   */
  join(request: JoinRequest): { student: Student; isNew: boolean } {
    const name = request.name.trim();
    const problem = nameProblem(name);
    if (problem) throw new InvalidInputError(`name ${problem}`, { code: "invalid_name", details: { name } });
    if (!isAddress(request.address) || !/^0x[0-9a-fA-F]{40}$/.test(request.address)) {
      throw new InvalidInputError(
        `address must be a 20-byte hex address (0x + 40 hex digits), got "${request.address}"`,
        {
          code: "invalid_address",
        },
      );
    }
    this.checkCode(request.code);
    const address = getAddress(request.address);
    const known = this.byAddress.get(address.toLowerCase());
    if (known) return this.rejoin(known, name);
    this.assertFree(name, address);
    this.registry.add(name, address, "student");
    this.counter += 1;
    const student: Student = { id: `student-${this.counter}`, name, address, token: generateToken() };
    this.byAddress.set(address.toLowerCase(), student);
    return { student, isNew: true };
  }

  list(): Student[] {
    return [...this.byAddress.values()];
  }

  /** The student whose token this is, if any. */
  byToken(token: string): Student | undefined {
    return this.list().find((student) => tokensMatch(token, student.token));
  }

  byAddressOf(address: string): Student | undefined {
    return this.byAddress.get(address.toLowerCase());
  }

  private checkCode(code: string | undefined): void {
    if (this.classCode === null) return;
    if (code === undefined || !tokensMatch(code.trim().toUpperCase(), this.classCode)) {
      throw new ForbiddenError("the class code is wrong: use the code the instructor shows", {
        code: "wrong_class_code",
      });
    }
  }

  private rejoin(known: Student, name: string): { student: Student; isNew: boolean } {
    if (known.name !== name) {
      throw new ConflictError(`address ${known.address} already joined as "${known.name}"`, {
        code: "address_taken",
        details: { name: known.name },
      });
    }
    known.token = generateToken();
    return { student: known, isNew: false };
  }

  private assertFree(name: string, address: string): void {
    const taken = this.registry.entries().find((entry) => entry.name.toLowerCase() === name.toLowerCase());
    if (taken) {
      throw new ConflictError(
        `the name "${name}" is taken${taken.kind === "student" ? " by another student" : ` (it is the sandbox's ${taken.kind})`}: pick another`,
        {
          code: "name_taken",
          details: { name },
        },
      );
    }
    const entry = this.registry.lookup(address);
    if (entry) {
      throw new ConflictError(
        `address ${address} is the sandbox's ${entry.kind} "${entry.name}": make your own key`,
        {
          code: "address_taken",
        },
      );
    }
  }
}
