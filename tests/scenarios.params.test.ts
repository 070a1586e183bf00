import { describe, expect, it } from "vitest";
import { ParamError, parseAmount, parseParams } from "../server/scenarios/params";
import { sandwich } from "../server/scenarios/sandwich";

describe("scenario parameters", () => {
  it("fills in defaults, amounts in base units", () => {
    expect(parseParams(sandwich.params, {})).toEqual({
      victimSize: 10n * 10n ** 18n,
      slippage: 2,
      botCapital: 1000n * 10n ** 18n,
      bundle: false,
      bidShare: 50,
    });
  });

  it("reads command-line strings exactly, never through floats", () => {
    const params = parseParams(sandwich.params, { victimSize: "0.123456789012345678", slippage: "0.1" });
    expect(params.victimSize).toBe(123_456_789_012_345_678n);
    expect(params.slippage).toBe(0.1);
    expect(parseAmount("1.5", 6)).toBe(1_500_000n);
    expect(parseAmount("1.1234567", 6)).toBeUndefined();
  });

  it("names every wrong parameter and what it accepts", () => {
    let thrown: unknown;
    try {
      parseParams(sandwich.params, { victimSize: "-3", slippage: "lots", colour: "red" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ParamError);
    const problems = (thrown as ParamError).problems;
    expect(problems).toEqual([
      {
        param: "colour",
        message: "unknown parameter (accepted: victimSize, slippage, botCapital, bundle, bidShare)",
      },
      { param: "victimSize", message: "must be an amount from 0.01 to 100 WETH, with at most 18 decimals" },
      { param: "slippage", message: "must be a number from 0.01 to 50 (%)" },
    ]);
  });

  it("rejects out-of-range numbers at both ends", () => {
    expect(() => parseParams(sandwich.params, { slippage: 0 })).toThrow(ParamError);
    expect(() => parseParams(sandwich.params, { slippage: 50.01 })).toThrow(ParamError);
    expect(() => parseParams(sandwich.params, { victimSize: "100.000000000000000001" })).toThrow(ParamError);
  });
});
