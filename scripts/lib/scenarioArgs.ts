/**
 * `npm run scenario` arguments: `<name> [--param value …] [--json] [--step] [--list]`.
 * Parameter flags may be written --victimSize or --victim-size.
 */

export const SCENARIO_USAGE = `Usage: npm run scenario -- <name> [--<param> <value> …] [--json] [--step]
       npm run scenario -- --list

Runs a scenario on a fresh copy of the sandbox's world and narrates it block by block.

Options:
  --json     one event per line on stdout (JSON), nothing else; for graders and scripts
             (npm prints its own two-line banner first: use "npm run -s scenario …" to drop it)
  --step     wait for Enter before each step
  --list     list the scenarios with their parameters and defaults (also: no name)
  -h, --help show this help
`;

export type ScenarioArgs =
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "run"; scenario: string; params: Record<string, string>; json: boolean; step: boolean }
  | { kind: "error"; message: string };

/** --victim-size → victimSize */
function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs {
  let scenario: string | undefined;
  let json = false;
  let step = false;
  const params: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    if (arg === "--list") return { kind: "list" };
    if (arg === "--json") json = true;
    else if (arg === "--step") step = true;
    else if (arg.startsWith("--")) {
      const [flag, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) {
        return { kind: "error", message: `--${flag} needs a value` };
      }
      if (inline === undefined) i++;
      params[camelCase(flag)] = value;
    } else if (scenario === undefined) scenario = arg;
    else return { kind: "error", message: `unexpected argument "${arg}" (one scenario name at a time)` };
  }
  if (scenario === undefined) return { kind: "list" };
  return { kind: "run", scenario, params, json, step };
}
