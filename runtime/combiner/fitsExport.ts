/**
 * A light-curve table as FITS: an empty primary HDU naming the star, then a BINTABLE whose `time`
 * column is BJD_TDB in days, described by the FITS time standard (Rots et al. 2015, A&A 574, A36):
 * TIMESYS = 'TDB', TREFPOS = 'BARYCENTER' (and the OGIP TIMEREF = 'SOLARSYSTEM' that Kepler and
 * TESS files carry), TIMEUNIT = 'd', and JDREF = 0, so the column holds full Julian Dates, which
 * `astropy.table.Table.read(path, astropy_native=True)` turns into a Time (astropy/io/fits/fitstime.py:
 * a column named TIME with a time unit takes the global time keywords).
 */
import { fitsTableParts, writeFitsTable, type FitsColumn, type FitsTable } from "../core/fitsBinaryTable.js";
import { commentaryCards, floatCard, stringCard, type Card } from "../core/fitsCards.js";
import type { LightCurveMeta, LightCurveTable, TableColumn } from "./lightCurveTable.js";

const SECONDS_PER_DAY = 86_400;

function fitsColumn(column: TableColumn): FitsColumn {
  if (column.kind === "string") return { name: column.name, form: "A", values: column.values };
  if (column.kind === "bool") return { name: column.name, form: "L", values: column.values };
  return { name: column.name, form: "D", values: column.values, ...(column.unit ? { unit: column.unit } : {}) };
}

function objectCards(meta: LightCurveMeta): Card[] {
  return [
    stringCard("OBJECT", meta.objectName, "star"),
    stringCard("PICID", meta.pic, "PANOPTES Input Catalog id"),
    floatCard("RA_OBJ", meta.raDeg, "[deg] right ascension (J2000)"),
    floatCard("DEC_OBJ", meta.decDeg, "[deg] declination (J2000)"),
    stringCard("RADESYS", "ICRS", "no EQUINOX: it does not apply to ICRS"),
    stringCard("ORIGIN", "PIAA", "PANOPTES Image Analysis Algorithm"),
    stringCard("MLCGEN", meta.mlcGeneration, "generation of the master light curve"),
    stringCard("MLCDATE", meta.mlcUpdated, "UTC time the master light curve was updated"),
    ...commentaryCards("COMMENT", `Coordinates from: ${meta.coordinatesFrom}.`),
  ];
}

function timeCards(meta: LightCurveMeta, timeBjdTdb: Float64Array): Card[] {
  const cards = [
    stringCard("TIMESYS", "TDB", "time scale of the time column"),
    stringCard("TREFPOS", "BARYCENTER", "times refer to the solar-system barycentre"),
    stringCard("TREFDIR", "RA_OBJ,DEC_OBJ", "direction of the barycentric correction (to 1 arcsec)"),
    stringCard("TIMEREF", "SOLARSYSTEM", "barycentric times (OGIP convention)"),
    stringCard("TIMEUNIT", "d", "unit of the time column"),
    floatCard("JDREF", 0.0, "time column holds Julian Dates"),
    floatCard("TIMEPIXR", 0.5, "times are mid-exposure"),
    // Rots et al. 2015 §4.4: time errors are in TIMEUNIT.
    floatCard("TIERABSO", meta.timeAccuracyS / SECONDS_PER_DAY, `[d] absolute time error (${meta.timeAccuracyS} s)`),
  ];
  if (timeBjdTdb.length > 0) {
    cards.push(floatCard("TSTART", timeBjdTdb[0]!, "[d] first time, BJD_TDB"), floatCard("TSTOP", timeBjdTdb[timeBjdTdb.length - 1]!, "[d] last time, BJD_TDB"));
  }
  cards.push(...commentaryCards("COMMENT", `Times: ${meta.timeMethod}. Accuracy ${meta.timeAccuracyS} s.`));
  return cards;
}

function candidateCards(meta: LightCurveMeta): Card[] {
  if (meta.candidate === undefined) return [];
  if (meta.candidate === null) return commentaryCards("COMMENT", "The transit search found no candidate: in_transit is all false.");
  const c = meta.candidate;
  return [
    floatCard("BLS_PER", c.periodDays, "[d] best candidate period"),
    floatCard("BLS_T0", c.epochBjdTdb, "[d] best candidate mid-transit, BJD_TDB"),
    floatCard("BLS_DUR", c.durationHours, "[h] best candidate duration"),
    floatCard("BLS_DEP", c.depth, "best candidate fractional depth"),
    floatCard("BLS_SNR", c.snr, "best candidate signal-to-noise"),
  ];
}

function fitsTable(table: LightCurveTable): FitsTable {
  const time: FitsColumn = { name: "time", form: "D", unit: "d", values: table.timeBjdTdb };
  return {
    primaryCards: objectCards(table.meta),
    extname: "LIGHTCURVE",
    columns: [time, ...table.columns.map(fitsColumn)],
    tableCards: [...objectCards(table.meta), ...timeCards(table.meta, table.timeBjdTdb), ...candidateCards(table.meta)],
  };
}

export function formatFits(table: LightCurveTable): Buffer {
  return writeFitsTable(fitsTable(table));
}

/** formatFits in parts of at most `rowsPerPart` rows (fitsTableParts). */
export const fitsParts = (table: LightCurveTable, rowsPerPart: number): Generator<Buffer> => fitsTableParts(fitsTable(table), rowsPerPart);
