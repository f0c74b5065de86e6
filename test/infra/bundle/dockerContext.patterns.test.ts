/**
 * Two .dockerignore rules of Docker's that dockerContext.rules.test.ts leaves open
 * (https://docs.docker.com/build/concepts/context/#dockerignore-files): a line is a comment only
 * when `#` is in its first column, so `*#` is a pattern (editor backups such as `draft.txt#`); and
 * patterns are cleaned as Go's filepath.Clean does, so an exception written with two leading
 * slashes still names a file under the context root and re-includes it from an excluded folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listDockerContext } from "../../../infra/bundle/dockerContext.js";

let root = "";
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function contextOf(files: string[], dockerignore: string): Promise<string[]> {
  root = await mkdtemp(path.join(os.tmpdir(), "piaa-docker-patterns-"));
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), file);
  }
  await writeFile(path.join(root, ".dockerignore"), dockerignore);
  return listDockerContext(root);
}

describe("the build context under less common .dockerignore lines", () => {
  it("reads a line ending in `#` as a pattern: `*#` leaves out editor backups", async () => {
    const backup = "draft.txt#";
    const context = await contextOf([backup, "main.ts"], "*#\n");
    expect(context).not.toContain(backup);
    expect(context).toContain("main.ts");
  });

  it("re-includes a file from an excluded folder when its exception starts with two slashes", async () => {
    const kept = "data/keep/notes.txt";
    const context = await contextOf([kept, "data/raw.fits", "main.ts"], `data\n!//${kept}\n`);
    expect(context).toContain(kept);
    expect(context).not.toContain("data/raw.fits");
  });
});
