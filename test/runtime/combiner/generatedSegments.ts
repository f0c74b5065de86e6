/**
 * Small generated light-curve segments for combiner tests and benchmarks: valid LC JSON as units
 * upload it (design §4), with distinct stars, units, cameras and nights, and a seeded shuffle so
 * that runs are reproducible.
 */
import { lightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { isoToUnixMicros, unixMicrosToIso } from "../../../runtime/core/time.js";

const FIRST_NIGHT = "2016-07-02T09:18:28.837000";
const DAY_US = 86_400e6;

export interface GeneratedSegment {
  pic: string;
  object: string;
  bytes: string;
}

/** A valid, distinct PIC id for star number `n` (RA from n, Dec fixed sign). */
export function generatedPic(n: number): string {
  const pad = (v: number) => String(v).padStart(2, "0");
  const raS = (n * 7919) % 86_400;
  return `PIC_J${pad(Math.floor(raS / 3600))}${pad(Math.floor(raS / 60) % 60)}${pad(raS % 60)}+${pad(n % 80)}${pad(Math.floor(n / 80) % 60)}${pad(n % 60)}`;
}

/** Segment `k` of a star: its own night (k days after the first), unit and camera. */
export function generatedSegment(pic: string, k: number, pointsPerSegment: number): GeneratedSegment {
  const startUs = isoToUnixMicros(FIRST_NIGHT)! + k * DAY_US;
  const start = unixMicrosToIso(startUs);
  const object = lightCurveName({ pic, unit: `PAN${String(k % 1000).padStart(3, "0")}`, camera: String(100000 + k), start });
  const points = Array.from({ length: pointsPerSegment }, (_, i) => ({
    time: unixMicrosToIso(startUs + i * 90e6),
    exptime: 90,
    R: 1 + 0.001 * Math.sin(k + i),
    G: 1 + 0.001 * Math.cos(k + i),
    B: 1 - 0.001 * Math.sin(k * i),
    sig_r: 0.01,
    sig_g: 0.006,
    sig_b: 0.017,
  }));
  return { pic, object, bytes: JSON.stringify(points) };
}

/** `perStar` segments for each of `stars` stars. */
export function generatedSegments(stars: number, perStar: number, pointsPerSegment: number): GeneratedSegment[] {
  return Array.from({ length: stars }, (_, s) => generatedPic(s + 1)).flatMap((pic) =>
    Array.from({ length: perStar }, (_, k) => generatedSegment(pic, k, pointsPerSegment)),
  );
}

/** Uploads the segments (16 at a time: each put is fsync'ed) and returns their generations. */
export async function uploadSegments(store: ObjectStore, segments: readonly GeneratedSegment[]): Promise<Map<string, string>> {
  const generations = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < segments.length) {
      const s = segments[next++]!;
      generations.set(s.object, (await store.put(s.object, Buffer.from(s.bytes), { contentType: "application/json" })).generation);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return generations;
}

/** A small seeded PRNG (mulberry32) so shuffles and duplicate choices are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The deliveries of `items` with a `duplicateFraction` of them repeated, in shuffled order. */
export function shuffledWithDuplicates<T>(items: readonly T[], duplicateFraction: number, random: () => number): T[] {
  const copies = [...items];
  for (let i = 0; i < Math.round(items.length * duplicateFraction); i++) copies.push(items[Math.floor(random() * items.length)]!);
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copies[i], copies[j]] = [copies[j]!, copies[i]!];
  }
  return copies;
}

/** Every object with its generation: what "nothing was written or changed" is checked against. */
export async function listingWithGenerations(store: ObjectStore): Promise<string[]> {
  const listing: string[] = [];
  for await (const o of store.listAll()) listing.push(`${o.name}@${o.generation}`);
  return listing.sort();
}
