/**
 * A child process for the multi-process FsObjectStore tests, run with `node --import tsx`:
 *   increment ROOT NAME COUNT   add 1 to a counter object COUNT times (get + CAS put + retry)
 *   write ROOT NAME             overwrite NAME with self-checking payloads until killed
 *   hold ROOT NAME              take NAME's lock and keep it until killed
 */
import { randomInt } from "node:crypto";
import { realpathSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { NotFoundError, PreconditionFailedError } from "../../../../runtime/core/errors.js";
import { acquireObjectLock } from "../../../../runtime/core/store/fsObjectLock.js";
import { internalDirs } from "../../../../runtime/core/store/fsObjectPaths.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import type { StoredObject } from "../../../../runtime/core/store/objectStore.js";

const [mode, root, name, count] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = new FsObjectStore({ root });

async function increment(times: number): Promise<void> {
  let conflicts = 0;
  for (let done = 0; done < times; ) {
    const current = await store.get(name).catch((err: unknown): StoredObject | undefined => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    const value = current ? Number(current.data.toString()) : 0;
    try {
      await store.put(name, Buffer.from(String(value + 1)), { ifGenerationMatch: current?.generation ?? "0" });
      done++;
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      conflicts++;
      await sleep(randomInt(3));
    }
  }
  console.log(JSON.stringify({ conflicts }));
}

/** A payload whose completeness can be checked: its declared length and a filler of that length. */
function payload(sequence: number): Buffer {
  const length = randomInt(1, 256 * 1024);
  return Buffer.from(JSON.stringify({ sequence, pid: process.pid, length, filler: "x".repeat(length) }));
}

async function writeForever(): Promise<void> {
  for (let sequence = 0; ; sequence++) {
    await store.put(name, payload(sequence));
    if (sequence === 0) console.log("ready");
  }
}

async function holdLock(): Promise<void> {
  await acquireObjectLock(internalDirs(realpathSync(root)), name);
  console.log("locked");
  await sleep(600_000);
}

if (mode === "increment") await increment(Number(count));
else if (mode === "write") await writeForever();
else if (mode === "hold") await holdLock();
else throw new Error(`unknown mode ${mode}`);
