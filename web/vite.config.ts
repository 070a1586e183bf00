/**
 * The visualizer's build: `npm run build:web` (scripts/lib/build/page.ts) writes static files to
 * web/.dist-<fingerprint> and points the link web/dist at them, which the sandbox's HTTP server
 * serves. `npx vite --config web/vite.config.ts` serves it with hot reload and
 * forwards the API and socket.io to a running `npm start` (SANDBOX_HTTP_URL, default :3000).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const server = process.env.SANDBOX_HTTP_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root,
  base: "/",
  // Nothing is fetched from the network at run time: no CDN, no remote fonts.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    proxy: {
      "/api": server,
      "/socket.io": { target: server, ws: true },
    },
  },
});
