/**
 * Times as PANOPTES writes them: UTC ISO-8601 without a zone, with up to six fractional digits
 * (`2016-07-24T10:41:10.772000`). MLC points hold Unix seconds; microseconds survive the round
 * trip because a double near 1.5e9 s resolves 0.24 µs.
 */

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** Microseconds since the Unix epoch, or undefined when `iso` is not a valid zone-less UTC time. */
export function isoToUnixMicros(iso: string): number | undefined {
  const match = ISO_UTC.exec(iso);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac = ""] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Checked in arithmetic, not by a Date round trip (this runs for every point of every segment):
  // Date.UTC would roll 2016-02-30 over to March and read years below 100 as 19xx.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + Number(frac.padEnd(6, "0"));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Unix seconds (with microsecond fraction) of a zone-less UTC ISO time; throws on bad input. */
export function isoToUnixSeconds(iso: string): number {
  const micros = isoToUnixMicros(iso);
  if (micros === undefined) throw new RangeError(`not a UTC ISO-8601 time without zone: ${JSON.stringify(iso)}`);
  return micros / 1e6;
}

/** The PANOPTES form of a time: `YYYY-MM-DDTHH:MM:SS.ffffff`, always six fractional digits. */
export function unixMicrosToIso(micros: number): string {
  const whole = Math.round(micros);
  const ms = Math.floor(whole / 1000);
  const sub = whole - ms * 1000;
  const date = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${date.slice(0, 23)}${String(sub).padStart(3, "0")}`;
}

export function unixSecondsToIso(seconds: number): string {
  return unixMicrosToIso(Math.round(seconds * 1e6));
}
