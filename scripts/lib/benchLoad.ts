/** A child process of the HTTP benchmark: autocannon against a URL, its result as JSON on stdout. */
import autocannon from "autocannon";

const [url, rate, seconds, connections] = process.argv.slice(2);
autocannon({
  url: url!,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(seconds),
}).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
