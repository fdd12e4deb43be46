// Builds the dashboard into dist/: one bundled, minified script and stylesheet, and index.html.
// Everything comes from npm packages and src/; nothing is fetched when the page runs.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.js"), join(here, "src", "style.css")],
  outdir: dist,
  bundle: true,
  minify: true,
  sourcemap: false,  // `serve` would hand out the sources with them
  target: ["es2020"],
  legalComments: "linked",
  logLevel: "warning",
});
await copyFile(join(here, "src", "index.html"), join(dist, "index.html"));
console.log("dashboard built into web/dist");
