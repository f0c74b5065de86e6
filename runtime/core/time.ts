/**
 * Times as PANOPTES writes them: UTC ISO-8601 without a zone, with up to six fractional digits
 * (`2016-07-24T10:41:10.772000`). MLC points hold Unix seconds; microseconds survive the round
 * trip because a double near 1.5e9 s resolves 0.24 µs.
 */

/**
 * Microseconds since the Unix epoch, or undefined when `iso` is not a valid zone-less UTC time
 * `YYYY-MM-DDTHH:MM:SS[.f…]` (1 to 6 fractional digits). Read character by character: this runs
 * for every point of every segment, and a regular expression with its capture strings took
 * about half of a 100-point segment's parse.
 */
export function isoToUnixMicros(iso: string): number | undefined {
  const n = iso.length;
  if (n !== 19 && (n < 21 || n > 26)) return undefined;
  if (iso.charCodeAt(4) !== DASH || iso.charCodeAt(7) !== DASH || iso.charCodeAt(10) !== LETTER_T) return undefined;
  if (iso.charCodeAt(13) !== COLON || iso.charCodeAt(16) !== COLON || (n > 19 && iso.charCodeAt(19) !== DOT)) return undefined;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  const hour = digitsAt(iso, 11, 2);
  const minute = digitsAt(iso, 14, 2);
  const second = digitsAt(iso, 17, 2);
  const fraction = n > 19 ? digitsAt(iso, 20, n - 20) * 10 ** (26 - n) : 0;
  // Checked in arithmetic, not by a Date round trip (which would roll 2016-02-30 over to March
  // and read years below 100 as 19xx). A non-digit made its field negative.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) return undefined;
  const ms = (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000;
  return ms * 1000 + fraction;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date: Date.UTC's arithmetic without its call
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_T = 0x54;
const DIGIT_0 = 0x30;

/** The decimal number of `count` ASCII digits at `from`; -1 if one of them is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
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
