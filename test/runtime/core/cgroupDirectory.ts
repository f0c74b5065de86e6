/** Throw-away cgroup directories for the availableCores tests: files laid out as the kernel mounts them. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const roots: string[] = [];

/** A cgroup directory holding `files` (name → contents). */
export async function cgroupDirectory(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-cgroup-"));
  roots.push(root);
  for (const [name, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), contents);
  }
  return root;
}

/** Removes every directory cgroupDirectory made (for afterAll). */
export async function removeCgroupDirectories(): Promise<void> {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
}
