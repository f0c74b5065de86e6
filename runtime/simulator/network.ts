/**
 * The PANOPTES network the simulator plays: units PANnnn, each with two cameras whose 6-digit
 * ids are unique across the network, at real observatory sites. A bucket that already holds data
 * is continued: its units (read back from the LC/ and PSC/ object names) keep their cameras, new
 * units get the next numbers, and the run starts after the latest segment already there.
 */
import { parseObjectName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { isoToUnixSeconds } from "../core/time.js";
import { randomStream } from "./random.js";
import { nightOfTime, type Site } from "./sky.js";

/**
 * Observatory sites (geodetic, WGS84), from astropy's site registry (astropy-data
 * coordinates/sites.json). Mauna Loa hosted PAN001, the first PANOPTES unit (Guyon et al. 2014,
 * SPIE 9145). Northern sites first: most catalog stars are northern.
 */
export const SITES: readonly Site[] = [
  { name: "Mauna Loa Observatory", latitudeDeg: 19.5362, longitudeDeg: -155.5763, elevationM: 3397 },
  { name: "Kitt Peak", latitudeDeg: 31.9599, longitudeDeg: -111.5997, elevationM: 2097 },
  { name: "Roque de los Muchachos", latitudeDeg: 28.7624, longitudeDeg: -17.8792, elevationM: 2344 },
  { name: "McDonald Observatory", latitudeDeg: 30.6797, longitudeDeg: -104.0248, elevationM: 2075 },
  { name: "Lick Observatory", latitudeDeg: 37.3414, longitudeDeg: -121.6429, elevationM: 1283 },
  { name: "Wise Observatory", latitudeDeg: 30.5958, longitudeDeg: 34.7633, elevationM: 875 },
  { name: "Siding Spring Observatory", latitudeDeg: -31.2733, longitudeDeg: 149.0617, elevationM: 1165 },
  { name: "Cerro Tololo", latitudeDeg: -30.1690, longitudeDeg: -70.8063, elevationM: 2207 },
];

export const MAX_UNITS = 1000; // PAN000..PAN999
export const CAMERAS_PER_UNIT = 2;

export interface Unit {
  /** `PAN` + 3 digits. */
  id: string;
  cameras: string[];
  site: Site;
}

/** What a bucket already holds: cameras seen per unit, and the latest segment start (Unix s). */
export interface ExistingNetwork {
  cameras: Map<string, string[]>;
  /** The latest night observed (00:00 UTC of its evening's local date), as `nightOfTime` gives it. */
  latestNightS?: number;
}

export const unitId = (n: number): string => `PAN${String(n).padStart(3, "0")}`;
const unitNumber = (id: string): number => Number(id.slice(3));
/** A unit's site follows from its number, so a continued network keeps its sites. */
export const siteOfUnit = (id: string): Site => SITES[unitNumber(id) % SITES.length]!;

/** Reads units, cameras and the latest night from LC/ and PSC/ names; other names are skipped. */
export async function readExistingNetwork(store: ObjectStore): Promise<ExistingNetwork> {
  const cameras = new Map<string, string[]>();
  let latestNightS: number | undefined;
  for (const prefix of ["LC/", "PSC/"]) {
    for await (const object of store.listAll(prefix)) {
      let name;
      try {
        name = parseObjectName(object.name);
      } catch {
        continue; // not a segment or cube: says nothing about the network
      }
      if (name.kind !== "lc" && name.kind !== "psc") continue;
      const list = cameras.get(name.unit) ?? [];
      if (!list.includes(name.camera)) list.push(name.camera);
      cameras.set(name.unit, list);
      // A segment's start is UTC: the morning hours of a night at a western site are the next UTC date.
      const nightS = nightOfTime(siteOfUnit(name.unit), isoToUnixSeconds(name.start));
      if (latestNightS === undefined || nightS > latestNightS) latestNightS = nightS;
    }
  }
  for (const list of cameras.values()) list.sort();
  return { cameras, latestNightS };
}

/**
 * The network after this run: existing units with their cameras (topped up to two if fewer were
 * seen), then new units numbered after the highest existing one until there are `size` units.
 * New camera ids are drawn from the seed, never reusing one already in the network.
 */
export function buildNetwork(existing: ExistingNetwork, size: number, seed: string): Unit[] {
  const used = new Set([...existing.cameras.values()].flat());
  const random = randomStream(seed, "cameras", [...used].sort().join(","));
  const newCamera = (): string => {
    for (;;) {
      const id = String(random.integer(100_000, 999_999));
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const units: Unit[] = [...existing.cameras.keys()].sort().map((id) => {
    const cameras = [...existing.cameras.get(id)!];
    while (cameras.length < CAMERAS_PER_UNIT) cameras.push(newCamera());
    return { id, cameras, site: siteOfUnit(id) };
  });
  let next = units.length === 0 ? 0 : Math.max(...units.map((u) => unitNumber(u.id))) + 1;
  while (units.length < size) {
    if (next >= MAX_UNITS) throw new RangeError(`the network cannot grow past ${MAX_UNITS} units (PAN999)`);
    const id = unitId(next++);
    units.push({ id, cameras: [newCamera(), newCamera()].sort(), site: siteOfUnit(id) });
  }
  return units;
}
