/**
 * Bundles a service entry point (runtime/proxy/main.ts, runtime/combiner/main.ts) with its
 * production dependencies into one ESM file with esbuild, so neither App Engine nor the container
 * image needs node_modules or a TypeScript loader. Run as a script by runtime/Dockerfile:
 *
 *     node --import tsx infra/bundle/bundleService.ts <entry.ts> <out.mjs>
 */
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { assertNoSecrets, scanFile } from "./secretScan.js";

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * CommonJS dependencies (express, google-auth-library) call `require` for Node built-ins and read
 * `__dirname`; an ESM bundle has neither, so the bundle defines them first.
 */
const ESM_CJS_SHIM = [
  `import { createRequire as __piaaCreateRequire } from "node:module";`,
  `import { fileURLToPath as __piaaFileURLToPath } from "node:url";`,
  `const require = __piaaCreateRequire(import.meta.url);`,
  `const __filename = __piaaFileURLToPath(import.meta.url);`,
  `const __dirname = __piaaFileURLToPath(new URL(".", import.meta.url));`,
].join("\n");

const rootDependencies = (JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> })
  .dependencies;

/**
 * Packages the bundles cannot inline, with the repository's version ranges: the native addon
 * that draws PNG plots and the TrueType fonts it reads by path. App Engine's build installs them
 * from the bundle's package.json.
 */
export const EXTERNAL_DEPENDENCIES: Record<string, string> = Object.fromEntries(
  ["@resvg/resvg-js", "dejavu-fonts-ttf"].map((name) => [name, rootDependencies[name]!]),
);

/**
 * Node majors a bundle runs on: 24 in the cloud (App Engine nodejs24, the node:24-slim image),
 * 20 where the project is developed and tested. esbuild emits only syntax all of them support.
 */
export const BUNDLE_NODE_TARGETS = ["node20", "node24"];
/** The Node major App Engine runs the proxy bundle on (infra/components/notificationProxy.ts PROXY_RUNTIME). */
export const PROXY_NODE_MAJOR = 24;

/** Bundles `entry` into the single file `outFile`, a `.mjs` path (ESM for BUNDLE_NODE_TARGETS, identifiers kept readable). */
export async function bundleEntry(entry: string, outFile: string): Promise<void> {
  await bundleEntries({ [path.basename(outFile, ".mjs")]: entry }, path.dirname(outFile));
}

/**
 * Bundles each entry into `<dir>/<name>.mjs`, each a whole program on its own, in one esbuild
 * run (the modules they share are read and parsed once).
 */
export async function bundleEntries(entries: Record<string, string>, dir: string): Promise<void> {
  await build({
    entryPoints: Object.entries(entries).map(([out, entry]) => ({ in: path.resolve(REPOSITORY_ROOT, entry), out })),
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: BUNDLE_NODE_TARGETS,
    format: "esm",
    banner: { js: ESM_CJS_SHIM },
    legalComments: "none",
    logLevel: "error",
    // Not inlined: the services load them at run time (see EXTERNAL_DEPENDENCIES).
    external: [...Object.keys(EXTERNAL_DEPENDENCIES)],
  });
}

/**
 * Worker threads the proxy starts (runtime/core/workerThread.ts): each is bundled beside main.mjs
 * under its own name, where workerEntry looks for it.
 */
export const PROXY_WORKER_ENTRIES = ["runtime/dashboard/dashboardWorker.ts"];

export interface ProxyBundle {
  /** Directory holding exactly `main.mjs`, the workers' bundles and `package.json`: the App Engine source. */
  dir: string;
  files: string[];
  /** SHA-256 of the files, hex: names the uploaded source object so a new bundle deploys a new version. */
  sha256: string;
}

/** package.json of the App Engine source: only the external packages to install; `npm start` runs the bundle. */
export function proxyPackageJson(): string {
  const manifest = {
    name: "piaa-proxy",
    private: true,
    type: "module",
    // App Engine refuses an engines.node its runtime does not satisfy.
    engines: { node: `${PROXY_NODE_MAJOR}.x` },
    scripts: { start: "node main.mjs" },
    dependencies: EXTERNAL_DEPENDENCIES,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Builds the proxy's App Engine source into `dir`; refuses to produce one that holds a secret. */
export async function buildProxyBundle(dir: string): Promise<ProxyBundle> {
  await mkdir(dir, { recursive: true });
  const workers = Object.fromEntries(PROXY_WORKER_ENTRIES.map((entry) => [path.basename(entry, ".ts"), entry]));
  await bundleEntries({ main: "runtime/proxy/main.ts", ...workers }, dir);
  await writeFile(path.join(dir, "package.json"), proxyPackageJson());
  const files = ["main.mjs", ...Object.keys(workers).map((name) => `${name}.mjs`), "package.json"];
  const hash = createHash("sha256");
  for (const file of files) {
    const contents = await readFile(path.join(dir, file), "utf8");
    assertNoSecrets("proxy bundle", scanFile(file, contents));
    hash.update(file).update("\0").update(contents);
  }
  return { dir, files, sha256: hash.digest("hex") };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry, outFile] = process.argv.slice(2);
  if (entry === undefined || outFile === undefined) {
    console.error("usage: node --import tsx infra/bundle/bundleService.ts <entry.ts> <out.mjs>");
    process.exit(2);
  }
  await bundleEntry(entry, path.resolve(outFile));
}
