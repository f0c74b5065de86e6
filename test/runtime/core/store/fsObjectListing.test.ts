import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listObjectFiles } from "../../../../runtime/core/store/fsObjectListing.js";

/**
 * Parts chosen so that folder order and name order disagree ("a-b" < "a/" < "a0") and so that
 * UTF-16 order and UTF-8 byte order disagree ("\u{1F600}" < "\uFF5E" in UTF-16, > in UTF-8):
 * GCS lists in UTF-8 byte order, so must we.
 */
const PART = fc.constantFrom("a", "a-b", "a0", "b", "\u00e9", "\uFF5E", "\u{1F600}", "Z");
const NAME = fc.array(PART, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Drops names that would need a file and a folder at the same path. */
function storable(names: string[]): string[] {
  const unique = [...new Set(names)];
  return unique.filter((name) => !unique.some((other) => other.startsWith(`${name}/`) || name.startsWith(`${other}/`)));
}

describe("listObjectFiles", () => {
  it("pages through any tree in UTF-8 byte order, for any prefix and page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(NAME, { minLength: 0, maxLength: 12 }).map(storable),
        fc.oneof(fc.constant(""), NAME, NAME.map((n) => `${n}/`), NAME.map((n) => n.slice(0, -1))),
        fc.integer({ min: 1, max: 5 }),
        async (names, prefix, limit) => {
          const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-listing-"));
          try {
            for (const name of names) {
              await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
              await fs.writeFile(path.join(root, name), name);
            }
            const seen: string[] = [];
            let after: string | undefined;
            for (let page = 0; page <= names.length; page++) {
              const { files, more } = await listObjectFiles(root, { prefix, after, limit });
              expect(files.length).toBeLessThanOrEqual(limit);
              seen.push(...files.map((f) => f.name));
              if (!more) break;
              after = files.at(-1)!.name;
            }
            expect(seen).toEqual(names.filter((n) => n.startsWith(prefix)).sort(byBytes));
          } finally {
            await fs.rm(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
