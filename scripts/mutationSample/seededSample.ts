/**
 * A reproducible uniform sample: the same seed and population give the same sample on every
 * machine, so a sample's "before" and "after" runs measure the same mutants.
 */

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit generator, plenty for choosing a few
 * hundred items out of thousands; returns floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` distinct items drawn uniformly without replacement (the first `size` steps of a
 * Fisher–Yates shuffle), in population order. The whole population when it is not larger.
 */
export function sampleWithoutReplacement<T>(population: readonly T[], size: number, seed: number): T[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`sample size ${size} is not a positive integer`);
  if (size >= population.length) return [...population];
  const random = seededRandom(seed);
  const indices = population.map((_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (indices.length - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((i) => population[i]!);
}
