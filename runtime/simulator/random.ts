/**
 * Seeded randomness for the simulator. Every object gets its own stream, derived from the run
 * seed and the object's identity (unit, camera, start...), so an object's bytes depend only on
 * the arguments and the seed — never on upload order or concurrency.
 */

/** A source of uniform numbers in [0, 1) with helpers; cheap to create. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [min, max] inclusive. */
  integer(min: number, max: number): number;
  /** Standard normal deviate (mean 0, sigma 1). */
  gaussian(): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/** cyrb53 string hash (public domain, bryc): 53 well-mixed bits from any string. */
export function hashString(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A random stream for one purpose: `randomStream(seed, "lc", unit, camera, start)`. Uses
 * sfc32 (Chris Doty-Humphrey's small fast counter generator, PractRand-clean) seeded from the hash.
 */
export function randomStream(seed: string, ...purpose: readonly (string | number)[]): Random {
  const key = [seed, ...purpose].join("\u001f");
  let a = hashString(key, 1) >>> 0;
  let b = hashString(key, 2) >>> 0;
  let c = hashString(key, 3) >>> 0;
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed state before use
  let spare: number | undefined;
  const random: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    gaussian: () => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      // Box–Muller; 1 - next() is in (0, 1], so the log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
  };
  return random;
}
