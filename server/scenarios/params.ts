/**
 * Scenario parameters, declared once: each has a description, a default and limits. The same
 * declaration validates CLI flags and API bodies and describes the scenario in `--list` and
 * `GET /api/scenarios`.
 */

import { z } from "zod";
import { InvalidInputError } from "../errors";

export interface NumberParam {
  kind: "number";
  description: string;
  /** Unit shown to learners ("WETH", "%", "gwei"). */
  unit?: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

export interface BooleanParam {
  kind: "boolean";
  description: string;
  default: boolean;
}

/** An amount of a token, written in whole tokens ("0.5"), validated and held as bigint base units. */
export interface AmountParam {
  kind: "amount";
  description: string;
  symbol: string;
  decimals: number;
  /** Whole-token decimal strings, e.g. "50". */
  default: string;
  min: string;
  max: string;
}

/** One of a few named options, e.g. which oracle a lending pool reads: "twap" or "feed". */
export interface ChoiceParam {
  kind: "choice";
  description: string;
  options: readonly string[];
  default: string;
}

export type ParamSpec = NumberParam | BooleanParam | AmountParam | ChoiceParam;
export type ParamSpecs = Record<string, ParamSpec>;

/** The validated values of a parameter set. */
export type ParamValues<S extends ParamSpecs> = {
  [K in keyof S]: S[K] extends BooleanParam
    ? boolean
    : S[K] extends AmountParam
      ? bigint
      : S[K] extends ChoiceParam
        ? string
        : number;
};

/** A parameter that was wrong, and what would be accepted. */
export interface ParamProblem {
  param: string;
  message: string;
}

export class ParamError extends InvalidInputError {
  override name = "ParamError";
  constructor(readonly problems: ParamProblem[]) {
    super(problems.map((p) => `${p.param}: ${p.message}`).join("; "), {
      code: "invalid_params",
      details: { problems },
    });
  }
}

/** What values a parameter accepts, in words: "a number from 0.01 to 500 (WETH)". */
export function describeAccepted(spec: ParamSpec): string {
  if (spec.kind === "boolean") return "true or false";
  if (spec.kind === "choice") return `one of ${spec.options.join(", ")}`;
  if (spec.kind === "amount") return `an amount from ${spec.min} to ${spec.max} ${spec.symbol}`;
  const what = spec.integer ? "a whole number" : "a number";
  return `${what} from ${spec.min} to ${spec.max}${spec.unit ? ` (${spec.unit})` : ""}`;
}

/** Whole-token decimal string → base units, exactly; undefined if it is not a plain decimal. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return undefined;
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

function amountSchema(spec: AmountParam): z.ZodType {
  const accepted = `must be ${describeAccepted(spec)}, with at most ${spec.decimals} decimals`;
  const min = parseAmount(spec.min, spec.decimals)!;
  const max = parseAmount(spec.max, spec.decimals)!;
  return z.union([z.string(), z.number()], { error: accepted }).transform((value, ctx) => {
    const amount = parseAmount(String(value), spec.decimals);
    if (amount === undefined || amount < min || amount > max) {
      ctx.addIssue({ code: "custom", message: accepted });
      return z.NEVER;
    }
    return amount;
  });
}

function schemaFor(spec: ParamSpec): z.ZodType {
  if (spec.kind === "boolean") {
    return z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], {
      error: "must be true or false",
    });
  }
  if (spec.kind === "amount") return amountSchema(spec);
  if (spec.kind === "choice") {
    const accepted = `must be ${describeAccepted(spec)}`;
    return z.string({ error: accepted }).refine((value) => spec.options.includes(value), { error: accepted });
  }
  const message = `must be ${describeAccepted(spec)}`;
  return z.union([z.number(), z.string()], { error: message }).transform((value, ctx) => {
    const number = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
    const valid = Number.isFinite(number) && (!spec.integer || Number.isInteger(number));
    if (!valid || number < spec.min || number > spec.max) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return number;
  });
}

/**
 * Validates raw parameter values (numbers, booleans or strings from a command line) against the
 * specs; missing ones take their defaults. Throws a ParamError naming every wrong or unknown one.
 */
export function parseParams<S extends ParamSpecs>(specs: S, raw: Record<string, unknown>): ParamValues<S> {
  const problems: ParamProblem[] = [];
  const known = Object.keys(specs);
  for (const name of Object.keys(raw)) {
    if (!(name in specs)) {
      problems.push({ param: name, message: `unknown parameter (accepted: ${known.join(", ") || "none"})` });
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (raw[name] === undefined) {
      values[name] = spec.kind === "amount" ? parseAmount(spec.default, spec.decimals) : spec.default;
      continue;
    }
    const parsed = schemaFor(spec).safeParse(raw[name]);
    if (parsed.success) values[name] = parsed.data;
    else
      problems.push({
        param: name,
        message: parsed.error.issues[0]?.message ?? `must be ${describeAccepted(spec)}`,
      });
  }
  if (problems.length > 0) throw new ParamError(problems);
  return values as ParamValues<S>;
}
