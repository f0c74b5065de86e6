/**
 * How a run learns that its MLC generation is superseded (supersededRun.ts), in process with a
 * filesystem bucket: a later event makes it look at the MLC; a newer generation or a deleted MLC
 * aborts it, the same generation or a failed look does not; events during a look make one more
 * look, so a generation stored while it looked is not missed. The stat is held at a gate to force
 * that interleaving.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { supersededSignal, SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { delegate } from "./storeWrappers.js";

const PIC = "PIC_J0326137+295015";
const MLC = masterLightCurveName(PIC);
let dir: string;
let store: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-superseded-signal-"));
  store = openObjectStore(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `laterEvents` as the scheduler hands it over, with a way to hear an event. */
function events() {
  const listeners: Array<() => void> = [];
  return { laterEvents: (listener: () => void) => void listeners.push(listener), hear: () => listeners.forEach((listener) => listener()) };
}

/** The store, counting the stats of the MLC and holding each at a gate while one is set. */
function statGate(base: ObjectStore) {
  let stats = 0;
  let finished = 0;
  let onFinish: () => void = () => {};
  let gate: Promise<void> | undefined;
  let reached: () => void = () => {};
  return {
    store: {
      ...delegate(base),
      async stat(name: string) {
        if (name === MLC) {
          stats += 1;
          reached();
          await gate;
          try {
            return await base.stat(name);
          } finally {
            finished += 1;
            onFinish();
          }
        }
        return base.stat(name);
      },
    } satisfies ObjectStore,
    stats: () => stats,
    /** Resolves once `count` looks have had their answer and acted on it (abort is synchronous on the answer). */
    looked: (count: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => (finished >= count ? void setImmediate(resolve) : void (onFinish = check));
        check();
      }),
    hold() {
      let open!: () => void;
      const held = new Promise<void>((resolve) => (open = resolve));
      gate = held;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      return {
        arrived,
        open: () => {
          if (gate === held) gate = undefined;
          open();
        },
      };
    },
  };
}

describe("supersededSignal", () => {
  it("is never aborted without later events", async () => {
    const generation = (await store.put(MLC, Buffer.from("1"))).generation;
    const signal = supersededSignal(store, PIC, generation, undefined);
    await store.put(MLC, Buffer.from("2"));
    expect(signal.aborted).toBe(false);
  });

  it("stays on when the MLC is still at the run's generation, and aborts once a later event finds a newer one", async () => {
    const generation = (await store.put(MLC, Buffer.from("1"))).generation;
    const gated = statGate(store);
    const { laterEvents, hear } = events();
    const signal = supersededSignal(gated.store, PIC, generation, laterEvents);
    hear();
    await gated.looked(1);
    expect(signal.aborted).toBe(false);
    await store.put(MLC, Buffer.from("2"));
    expect(signal.aborted).toBe(false); // nothing looks until an event is heard
    hear();
    await gated.looked(2);
    expect(signal.aborted).toBe(true);
  });

  it("aborts when the MLC is gone, and goes on when the look itself fails", async () => {
    const generation = (await store.put(MLC, Buffer.from("1"))).generation;
    const failing = statGate({
      ...delegate(store),
      stat: async (name) => {
        throw new StoreUnavailableError(name, "503 from the bucket");
      },
    });
    const unavailable = events();
    const goesOn = supersededSignal(failing.store, PIC, generation, unavailable.laterEvents);
    unavailable.hear();
    await failing.looked(1);
    expect(goesOn.aborted).toBe(false);

    const gated = statGate(store);
    const gone = events();
    const signal = supersededSignal(gated.store, PIC, generation, gone.laterEvents);
    await store.delete(MLC);
    gone.hear();
    await gated.looked(1);
    expect(signal.aborted).toBe(true);
  });

  it("looks once more after a look during which events were heard, and only once", async () => {
    const generation = (await store.put(MLC, Buffer.from("1"))).generation;
    const gated = statGate(store);
    const { laterEvents, hear } = events();
    const signal = supersededSignal(gated.store, PIC, generation, laterEvents);
    const first = gated.hold();
    hear();
    await first.arrived; // the first look is at its stat
    hear();
    hear();
    const second = gated.hold();
    first.open();
    await second.arrived; // the events heard during the first look made a second one
    expect(gated.stats()).toBe(2);
    expect(signal.aborted).toBe(false);
    // Stored while the second look waits: that look sees it.
    await store.put(MLC, Buffer.from("2"));
    second.open();
    await gated.looked(2);
    expect(signal.aborted).toBe(true);
    expect(gated.stats()).toBe(2);
  });
});

describe("SupersededRunError", () => {
  it("names the star and the superseded generation", () => {
    const error = new SupersededRunError(PIC, "17");
    expect(error).toMatchObject({ pic: PIC, generation: "17", message: `${PIC}: MLC generation 17 is superseded; its run stopped` });
  });
});
