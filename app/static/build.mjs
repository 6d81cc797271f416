// Bundles each page's script (app/static/src/js/pages/*.js) with its npm dependencies into
// app/static/dist/, minified, so pages load nothing from any other host.
import { build } from "esbuild";
import { readdirSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const pages = "app/static/src/js/pages";
const entryPoints = existsSync(pages)
  ? readdirSync(pages).filter((name) => name.endsWith(".js")).map((name) => join(pages, name))
  : [];
mkdirSync("app/static/dist", { recursive: true });
await build({
  entryPoints,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  outdir: "app/static/dist",
  legalComments: "none",
  logLevel: "warning",
});
console.log(`bundled ${entryPoints.length} page script(s) into app/static/dist/`);
