/**
 * listDockerContext against the .dockerignore rules Docker documents
 * (https://docs.docker.com/build/concepts/context/#dockerignore-files): `#` lines are comments,
 * patterns are anchored at the context root (a leading `/` changes nothing), `!` re-includes,
 * and the last matching line wins — the docs' own example being `*.md`, `!README*.md`,
 * `README-secret.md`. dockerContext.test.ts checks the repository's own context; these pin the
 * rules on small made-up trees.
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

async function contextOf(files: string[], dockerignore?: string): Promise<string[]> {
  root = await mkdtemp(path.join(os.tmpdir(), "piaa-docker-context-"));
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), file);
  }
  if (dockerignore !== undefined) await writeFile(path.join(root, ".dockerignore"), dockerignore);
  return listDockerContext(root);
}

describe("the build context under .dockerignore rules", () => {
  it("sends every file when there is no .dockerignore", async () => {
    expect(await contextOf(["b.txt", "a/c.txt"])).toEqual(["a/c.txt", "b.txt"]);
  });

  it("re-includes a file inside an excluded folder, with or without a leading slash", async () => {
    const tree = ["data/keep/notes.txt", "data/keep/other.txt", "data/raw.fits", "src/main.ts"];
    for (const exception of ["!data/keep/notes.txt", "!/data/keep/notes.txt"]) {
      expect(await contextOf(tree, `data\n${exception}\n`), exception).toEqual([".dockerignore", "data/keep/notes.txt", "src/main.ts"]);
      await rm(root, { recursive: true, force: true });
    }
  });

  it("enters an excluded folder when a wildcard exception could re-include a file in it", async () => {
    expect(await contextOf(["data/keep.txt", "data/raw.fits", "main.ts"], "data\n!*/keep.txt\n")).toEqual([".dockerignore", "data/keep.txt", "main.ts"]);
  });

  it("lists whole paths in order, not folder by folder", async () => {
    // Node returns each folder's entries sorted, so a walk gives "a/x.txt" before "a.txt" ("/" > ".").
    expect(await contextOf(["a/x.txt", "a.txt", "a-b.txt"])).toEqual(["a-b.txt", "a.txt", "a/x.txt"]);
  });

  it("lets the last matching line win (the docs' README example), with CRLF lines, comments and blanks", async () => {
    const ignore = "# docs are not built\r\n\r\n*.md\r\n!README*.md\r\nREADME-secret.md\r\n";
    expect(await contextOf(["CHANGES.md", "README.md", "README-secret.md", "main.ts"], ignore)).toEqual([".dockerignore", "README.md", "main.ts"]);
  });

  it("treats a `#` line as a comment, not as a pattern", async () => {
    expect(await contextOf(["#notes", "main.ts"], "#notes\n")).toEqual(["#notes", ".dockerignore", "main.ts"]);
  });
});
