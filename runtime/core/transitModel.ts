/**
 * Transit light curve of a star with quadratic limb darkening, I(mu) = 1 - u1(1-mu) - u2(1-mu)^2,
 * occulted by an opaque planet on a circular orbit: the model of Mandel & Agol (2002, ApJ 580,
 * L171) as used by the batman package (Kreidberg 2015, PASP 127, 1161).
 *
 * Rather than the elliptic-integral closed form, the occulted flux is integrated over the stellar
 * radius: blocked = ∫ I(r) · r · θ(r) dr, where θ(r) is the angle of the circle of radius r that
 * lies behind the planet. The integrand has square-root endpoints (at |z−p|, z+p and the limb);
 * the substitution r = a + (b−a)(1−cos t)/2 makes it smooth, so Gauss–Legendre converges to
 * ~1e-9 with a few dozen nodes. Shared by the simulator (injection) and the analysis (fitting).
 */

/** Published ephemeris and geometry of a transiting planet (circular orbit). */
export interface TransitEphemeris {
  /** Orbital period, days. */
  periodDays: number;
  /** A mid-transit time, BJD_TDB (days). */
  epochBjd: number;
  /** Planet-to-star radius ratio Rp/R*. */
  radiusRatio: number;
  /** Semi-major axis in stellar radii a/R*. */
  semiMajorAxisStellarRadii: number;
  /** Orbital inclination, degrees (90 = edge-on). */
  inclinationDeg: number;
}

/** Quadratic limb-darkening coefficients. */
export interface LimbDarkening {
  u1: number;
  u2: number;
}

const NODES = 48;
const [GL_X, GL_W] = gaussLegendre(NODES);

/** Gauss–Legendre nodes and weights on [-1, 1] (Newton iteration on P_n; Numerical Recipes §4.6). */
function gaussLegendre(n: number): [Float64Array, Float64Array] {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 0; j < n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j + 1) * z * p1 - j * p2) / (j + 1);
      }
      derivative = (n * (z * p0 - p1)) / (z * z - 1);
      const previous = z;
      z = previous - p0 / derivative;
      if (Math.abs(z - previous) < 1e-15) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  return [x, w];
}

function intensity(r: number, u1: number, u2: number): number {
  const oneMinusMu = 1 - Math.sqrt(Math.max(0, 1 - r * r));
  return 1 - u1 * oneMinusMu - u2 * oneMinusMu * oneMinusMu;
}

/** ∫_a^b f(r) dr with the cosine substitution that smooths square-root endpoints. */
function integrate(a: number, b: number, f: (r: number) => number): number {
  let sum = 0;
  const half = (b - a) / 2;
  for (let i = 0; i < NODES; i++) {
    const t = (Math.PI / 2) * (GL_X[i]! + 1); // t in [0, π]
    const r = a + half * (1 - Math.cos(t));
    sum += GL_W[i]! * f(r) * half * Math.sin(t);
  }
  return (sum * Math.PI) / 2;
}

/**
 * Relative flux (1 = out of transit) when the planet's centre is `z` stellar radii from the
 * star's centre (projected), for radius ratio `p` and quadratic limb darkening `u1`, `u2`.
 */
export function transitFlux(z: number, p: number, u1: number, u2: number): number {
  if (!(z >= 0) || !(p > 0)) throw new RangeError(`transitFlux needs z >= 0 and p > 0 (got z=${z}, p=${p})`);
  if (z >= 1 + p) return 1;
  const total = Math.PI * (1 - u1 / 3 - u2 / 6);
  let blocked = 0;
  // Fully covered inner disc (planet over the centre).
  if (p > z) blocked += integrate(0, Math.min(1, p - z), (r) => 2 * Math.PI * r * intensity(r, u1, u2));
  const lower = Math.abs(z - p);
  const upper = Math.min(1, z + p);
  if (lower < upper && z > 0) {
    blocked += integrate(lower, upper, (r) => {
      const cosine = (r * r + z * z - p * p) / (2 * r * z);
      const angle = 2 * Math.acos(Math.min(1, Math.max(-1, cosine)));
      return r * angle * intensity(r, u1, u2);
    });
  }
  return 1 - blocked / total;
}

/** Projected star–planet separation in stellar radii at `timeBjd`; Infinity behind the star. */
export function projectedSeparation(timeBjd: number, ephemeris: TransitEphemeris): number {
  const phase = (2 * Math.PI * (timeBjd - ephemeris.epochBjd)) / ephemeris.periodDays;
  const cosPhase = Math.cos(phase);
  if (cosPhase <= 0) return Infinity; // secondary eclipse side: the planet is behind the star
  const cosI = Math.cos((ephemeris.inclinationDeg * Math.PI) / 180);
  const sinPhase = Math.sin(phase);
  return ephemeris.semiMajorAxisStellarRadii * Math.sqrt(sinPhase * sinPhase + cosI * cosI * cosPhase * cosPhase);
}

/** A planet's ephemeris with the limb darkening of the band it is seen in. */
export type TransitModel = TransitEphemeris & LimbDarkening;

/** Relative flux of the star at `timeBjd` (BJD_TDB, days). */
export function transitFluxAt(timeBjd: number, model: TransitModel): number {
  const z = projectedSeparation(timeBjd, model);
  if (z >= 1 + model.radiusRatio) return 1;
  return transitFlux(z, model.radiusRatio, model.u1, model.u2);
}
