/**
 * Turns changes in a filesystem bucket into storage events, the way Cloud Storage notifications
 * would report them, by rescanning LC/ and comparing with the generations seen before.
 *
 * Why polling: writers are other processes (the simulator, cp, rsync of the 2016 data), and
 * fs.watch misses events on some filesystems and coalesces others; a scan sees the bucket as it
 * is, and the FsObjectStore generation (file mtime in µs) changes on every rewrite. The first
 * scan is compared with what the MLCs already hold, so a restart notifies exactly what is not
 * merged yet, and nothing a crashed run left behind is missed.
 */
import type { Logger } from "pino";
import { OBJECT_DELETE, OBJECT_FINALIZE, type SegmentEventType } from "../core/notifications/segmentEvent.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";
import { listSegments } from "./pipelineStatus.js";

/** Short enough for a responsive `piaa start`, long enough that a scan of a few thousand files is cheap. */
export const DEFAULT_SCAN_INTERVAL_MS = 250;

export interface BucketChange {
  eventType: SegmentEventType;
  object: string;
  /** The new generation (finalize) or the removed one (delete). */
  generation: Generation;
}

/** The changes that turn `known` into `current`, in name order (`known` is not modified). */
export function diffGenerations(known: ReadonlyMap<string, Generation>, current: ReadonlyMap<string, Generation>): BucketChange[] {
  const changes: BucketChange[] = [];
  for (const [object, generation] of current) {
    if (known.get(object) !== generation) changes.push({ eventType: OBJECT_FINALIZE, object, generation });
  }
  for (const [object, generation] of known) {
    if (!current.has(object)) changes.push({ eventType: OBJECT_DELETE, object, generation });
  }
  return changes.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

export interface BucketWatcherOptions {
  store: ObjectStore;
  /** What the pipeline already holds (object → generation), e.g. from the MLCs. */
  known: Map<string, Generation>;
  onChange(change: BucketChange): void;
  logger: Logger;
  /** The objects watched and their generations. @default the LC segments (listSegments) */
  list?: (store: ObjectStore) => Promise<Map<string, Generation>>;
  intervalMs?: number;
}

export interface BucketWatcher {
  /** One scan now; resolves with the changes it reported. */
  scan(): Promise<BucketChange[]>;
  /** Stops scanning; resolves when a scan in progress has finished. */
  stop(): Promise<void>;
}

export function watchBucket(options: BucketWatcherOptions): BucketWatcher {
  const known = new Map(options.known);
  let running: Promise<BucketChange[]> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const scanNow = async (): Promise<BucketChange[]> => {
    const current = await (options.list ?? listSegments)(options.store);
    const changes = diffGenerations(known, current);
    known.clear();
    for (const [object, generation] of current) known.set(object, generation);
    for (const change of changes) options.onChange(change);
    return changes;
  };
  // One scan at a time: a timer tick during a long scan waits for it instead of overlapping.
  const scan = (): Promise<BucketChange[]> => {
    running = (running ?? Promise.resolve([])).then(scanNow, scanNow);
    return running;
  };
  const tick = async (): Promise<void> => {
    try {
      await scan();
    } catch (error) {
      options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, "bucket scan failed; retrying");
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? DEFAULT_SCAN_INTERVAL_MS);
  };
  void tick();
  return {
    scan,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
