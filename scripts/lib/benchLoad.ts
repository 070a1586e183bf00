/**
 * A child process of the HTTP benchmark: autocannon against a URL, its result as JSON on stdout.
 * Arguments: url, requests per second, seconds, connections, and optionally a JSON object of
 * autocannon options (`headers`, or `paths` that each connection asks in turn).
 */
import autocannon from "autocannon";

const [url, rate, seconds, connections, extra] = process.argv.slice(2);
const { headers, paths } = JSON.parse(extra ?? "{}") as {
  headers?: Record<string, string>;
  paths?: string[];
};
autocannon({
  url: url!,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(seconds),
  headers,
  requests: paths?.map((path) => ({ method: "GET", path })),
}).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
