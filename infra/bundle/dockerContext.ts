/**
 * What `docker build` would send as the build context: every file under the context root that
 * the root's .dockerignore does not exclude, with Docker's matching rules (patterns anchored at
 * the root, `**`, `!` exceptions, last match wins) as implemented by @balena/dockerignore.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
// CommonJS with typings of an ES default export: under NodeNext the factory is reached as
// `.default`, which the package sets on purpose (factory.default = factory).
import dockerignore from "@balena/dockerignore";

/** Relative POSIX paths of the files in the build context rooted at `root`, sorted. */
export async function listDockerContext(root: string): Promise<string[]> {
  let patterns: string[] = [];
  try {
    patterns = (await readFile(path.join(root, ".dockerignore"), "utf8")).split(/\r?\n/);
  } catch {
    // No .dockerignore: Docker sends everything.
  }
  const rules = patterns.map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  const matcher = dockerignore.default().add(rules);
  const exceptions = rules.filter((rule) => rule.startsWith("!")).map((rule) => rule.slice(1).replace(/^\/+/, ""));
  // An excluded directory is only worth entering when an exception could re-include something in it.
  const mayReinclude = (dir: string): boolean =>
    exceptions.some((exception) => exception.startsWith(`${dir}/`) || exception.startsWith("*") || exception.includes("**"));

  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
      const ignored = matcher.ignores(relative);
      if (entry.isDirectory()) {
        if (!ignored || mayReinclude(relative)) await walk(relative);
      } else if (!ignored) {
        files.push(relative);
      }
    }
  };
  await walk("");
  return files.sort();
}
