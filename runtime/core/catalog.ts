/**
 * The stars the simulator observes: the three of the 2016 simulator and five bright hosts of
 * well-studied transiting hot Jupiters, with real coordinates (J2000), V magnitudes and published
 * ephemerides. PIC ids are derived from the coordinates in the 2016 format (2MASS-style,
 * truncated sexagesimal).
 *
 * Sources:
 * - Coordinates and V: SIMBAD (Wenger et al. 2000, A&AS 143, 9), from Hipparcos / Tycho-2.
 * - HD 189733 b: Agol et al. 2010, ApJ 721, 1861 (P, T0 BJD_TDB, Rp/R*, a/R*, i, duration).
 * - HD 209458 b: Knutson et al. 2007, ApJ 655, 564 (P, T0 in HJD_UTC: ~65 s from BJD_TDB);
 *   geometry from Torres, Winn & Holman 2008, ApJ 677, 1324.
 * - KELT-9 b: P, T0 from Ivshina & Winn 2022, ApJS 259, 62; geometry Gaudi et al. 2017, Nature 546, 514.
 * - WASP-33 b: P, T0 from Ivshina & Winn 2022; geometry Collier Cameron et al. 2010, MNRAS 407, 507.
 * - XO-1 b: P, T0 from Ivshina & Winn 2022; geometry Torres, Winn & Holman 2008; V from
 *   McCullough et al. 2006, ApJ 648, 1228.
 * - Vega (PIC_J18365633+3847012, a 2016 star): SIMBAD. The other two 2016 stars were not
 *   identified; their coordinates come from their PIC ids and V = 10 is assumed.
 * Depth is (Rp/R*)², the published radius ratio squared.
 */
import type { TransitEphemeris } from "./transitModel.js";

export interface Planet extends TransitEphemeris {
  name: string;
  /** Published transit depth (Rp/R*)². */
  depth: number;
  /** Published first-to-fourth contact duration, hours. */
  durationHours: number;
}

export interface CatalogStar {
  /** Short id used on the command line (`--stars hd189733,vega`). */
  id: string;
  /** Name shown in FITS FIELD and messages. */
  name: string;
  pic: string;
  raDeg: number;
  decDeg: number;
  vMag: number;
  planet?: Planet;
}

interface StarSource {
  id: string;
  name: string;
  /** "hh mm ss.sss" J2000. */
  ra: string;
  /** "±dd mm ss.ss" J2000. */
  dec: string;
  vMag: number;
  /** Digits after the seconds in the PIC id (2016: RA 1–2, Dec 0–1). */
  picDecimals?: [number, number];
  planet?: Planet;
}

const SOURCES: readonly StarSource[] = [
  { id: "pic0326", name: "PIC_J0326137+295015", ra: "03 26 13.7", dec: "+29 50 15", vMag: 10 },
  { id: "pic1632", name: "PIC_J1632291+190441", ra: "16 32 29.1", dec: "+19 04 41", vMag: 10 },
  { id: "vega", name: "Vega", ra: "18 36 56.336", dec: "+38 47 01.28", vMag: 0.03, picDecimals: [2, 1] },
  {
    id: "hd189733",
    name: "HD 189733",
    ra: "20 00 43.713",
    dec: "+22 42 39.07",
    vMag: 7.67,
    planet: {
      name: "HD 189733 b",
      periodDays: 2.21857567,
      epochBjd: 2454279.436714,
      radiusRatio: 0.1545,
      semiMajorAxisStellarRadii: 8.863,
      inclinationDeg: 85.71,
      depth: 0.1545 ** 2,
      durationHours: 1.827,
    },
  },
  {
    id: "hd209458",
    name: "HD 209458",
    ra: "22 03 10.773",
    dec: "+18 53 03.55",
    vMag: 7.65,
    planet: {
      name: "HD 209458 b",
      periodDays: 3.52474859,
      epochBjd: 2452826.628521,
      radiusRatio: 0.12086,
      semiMajorAxisStellarRadii: 8.76,
      inclinationDeg: 86.71,
      depth: 0.12086 ** 2,
      durationHours: 3.07,
    },
  },
  {
    id: "kelt9",
    name: "KELT-9",
    ra: "20 31 26.35",
    dec: "+39 56 19.8",
    vMag: 7.56,
    planet: {
      name: "KELT-9 b",
      periodDays: 1.48111871,
      epochBjd: 2458415.362562,
      radiusRatio: 0.08228,
      semiMajorAxisStellarRadii: 3.153,
      inclinationDeg: 86.79,
      depth: 0.08228 ** 2,
      durationHours: 3.916,
    },
  },
  {
    id: "wasp33",
    name: "WASP-33",
    ra: "02 26 51.06",
    dec: "+37 33 01.7",
    vMag: 8.3,
    planet: {
      name: "WASP-33 b",
      periodDays: 1.2198707,
      epochBjd: 2456217.48738,
      radiusRatio: 0.1066,
      semiMajorAxisStellarRadii: 3.79,
      inclinationDeg: 87.67,
      depth: 0.1066 ** 2,
      durationHours: 2.854,
    },
  },
  {
    id: "xo1",
    name: "XO-1",
    ra: "16 02 11.84",
    dec: "+28 10 10.4",
    vMag: 11.19,
    planet: {
      name: "XO-1 b",
      periodDays: 3.94150465,
      epochBjd: 2456055.57566,
      radiusRatio: 0.13169,
      semiMajorAxisStellarRadii: 11.24,
      inclinationDeg: 88.92,
      depth: 0.13169 ** 2,
      durationHours: 2.91,
    },
  },
];

/** Degrees from "a b c" sexagesimal parts; `scale` 15 for hours of RA. */
function sexagesimalToDegrees(text: string, scale: number): number {
  const sign = text.trim().startsWith("-") ? -1 : 1;
  const [a = 0, b = 0, c = 0] = text.trim().replace(/^[+-]/, "").split(/\s+/).map(Number);
  return sign * scale * (a + b / 60 + c / 3600);
}

/** Truncated "hhmmss" or "ddmmss" digits with `decimals` digits of the seconds kept. */
function truncatedDigits(text: string, decimals: number): string {
  const [a = "0", b = "0", c = "0"] = text.trim().replace(/^[+-]/, "").split(/\s+/);
  const [whole = "0", fraction = ""] = c.split(".");
  return a.padStart(2, "0") + b.padStart(2, "0") + whole.padStart(2, "0") + fraction.padEnd(decimals, "0").slice(0, decimals);
}

/** The PIC id of a position, 2016 format: `PIC_J` + RA hhmmss.s + Dec ±ddmmss (truncated). */
export function picId(ra: string, dec: string, [raDecimals, decDecimals]: [number, number] = [1, 0]): string {
  const sign = dec.trim().startsWith("-") ? "-" : "+";
  return `PIC_J${truncatedDigits(ra, raDecimals)}${sign}${truncatedDigits(dec, decDecimals)}`;
}

export const CATALOG: readonly CatalogStar[] = SOURCES.map((source) => ({
  id: source.id,
  name: source.name,
  pic: picId(source.ra, source.dec, source.picDecimals),
  raDeg: sexagesimalToDegrees(source.ra, 15),
  decDeg: sexagesimalToDegrees(source.dec, 1),
  vMag: source.vMag,
  ...(source.planet ? { planet: source.planet } : {}),
}));

const squeezed = (text: string): string => text.replace(/\s+/g, "").toLowerCase();

/** The catalog star a user means by `text`: its id, PIC id or name, in any case and spacing ("HD 189733"). */
export function catalogStarOf(text: string): CatalogStar | undefined {
  const wanted = squeezed(text);
  return CATALOG.find((s) => s.id === wanted || squeezed(s.pic) === wanted || squeezed(s.name) === wanted);
}

/** Looks stars up as catalogStarOf does; unknown ones are returned apart. */
export function findStars(ids: readonly string[]): { stars: CatalogStar[]; unknown: string[] } {
  const stars: CatalogStar[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const star = catalogStarOf(id);
    if (!star) unknown.push(id);
    else if (!stars.includes(star)) stars.push(star);
  }
  return { stars, unknown };
}

/** The catalog name of a star by its PIC id ("HD 189733"), or null when the catalog does not know it or names it by its PIC. */
export function catalogNameOf(pic: string): string | null {
  const star = CATALOG.find((s) => s.pic === pic);
  return star && star.name !== pic ? star.name : null;
}
