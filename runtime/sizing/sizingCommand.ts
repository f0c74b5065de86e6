/**
 * `piaa sizing --units N [--stars-per-field S] [--nights-per-month M] [--json]`: how many
 * combiner replicas and nodes a survey needs and what it costs a month at list prices, against
 * the prod stack's defaults (surveySizing.ts; prices and their sources in listPrices.ts).
 */
import { Command, Option } from "commander";
import { jsonOption, positiveInteger, UsageError } from "../core/commandLine.js";
import { type CommandOutput, processOutput } from "../core/outputFiles.js";
import { MAX_UNITS } from "../simulator/network.js";
import { LIST_PRICES } from "./listPrices.js";
import { MEASURED_COMBINER } from "./measuredCombiner.js";
import { DEFAULT_NIGHTS_PER_MONTH, DEFAULT_STARS_PER_FIELD, sizeSurvey, SURVEY_ASSUMPTIONS, type SurveySizing } from "./surveySizing.js";

/** A positive integer no larger than `max`, naming the option when it is not one. */
function boundedInteger(option: string, max: number): (value: string) => number {
  const positive = positiveInteger(option);
  return (value) => {
    const n = positive(value);
    if (n > max) throw new UsageError(`${option} must be at most ${max} (got ${n})`);
    return n;
  };
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The human-readable report: figures, then the costs, then where the numbers come from. */
export function formatSizing(s: SurveySizing): string {
  const c = s.costUsd;
  const lines = [
    `survey: ${s.survey.units} units × 2 cameras, ${count(s.survey.starsPerField)} stars per field, ${s.survey.nightsPerMonth} nights a month`,
    `segments per night        ${count(s.segmentsPerNight)}`,
    `segments per month        ${count(s.segmentsPerMonth)}`,
    `peak segments per second  ${s.peakSegmentsPerSecond.toFixed(1)}`,
    `combiner replicas         ${s.combinerReplicas} (at ${MEASURED_COMBINER.segmentsPerSecondPerReplica} segments/s each)`,
    `nodes (prod machine type) ${s.nodes}`,
    `Cloud Storage per month   ${count(s.storage.classAPerMonth)} Class A, ${count(s.storage.classBPerMonth)} Class B operations, ${(s.storage.bytesPerMonth / 1024 ** 3).toFixed(1)} GiB added`,
    `Pub/Sub messages / month  ${count(s.pubsubMessagesPerMonth)}`,
    "",
    "monthly cost (USD, list prices)",
    `  GKE cluster fee         ${usd(c.gke)}`,
    `  nodes                   ${usd(c.nodes)}`,
    `  Cloud Storage ops       ${usd(c.storageOperations)}`,
    `  Cloud Storage bytes     ${usd(c.storageBytes)} (one month's new data; storage grows by this every month)`,
    `  Pub/Sub                 ${usd(c.pubsub)}`,
    `  App Engine proxy        ${usd(c.appEngine)}`,
    `  total                   ${usd(c.total)}`,
    ...(s.beyondReference.length > 0 ? ["", `beyond the prod stack's ceilings: ${s.beyondReference.join(", ")}`] : []),
    "",
    `per-replica figures: ${MEASURED_COMBINER.measured}`,
    `assumptions: ${SURVEY_ASSUMPTIONS.fieldsPerCameraNight} fields per camera-night, ${SURVEY_ASSUMPTIONS.nightHours} h nights, a visit's segments within ${SURVEY_ASSUMPTIONS.peakSpreadS} s on every unit`,
    `prices: runtime/sizing/listPrices.ts (sources and dates; ${Object.values(LIST_PRICES).filter((p) => p.read.includes("NOT FOUND")).length} not confirmed)`,
  ];
  return `${lines.join("\n")}\n`;
}

export function sizingCommand(output: CommandOutput = processOutput) {
  return new Command("sizing")
    .description("combiner replicas, nodes, storage and Pub/Sub use and monthly cost of a survey, against the prod stack")
    .addOption(new Option("--units <n>", `PANOPTES units in the survey (1-${MAX_UNITS})`).argParser(boundedInteger("--units", MAX_UNITS)).makeOptionMandatory())
    .addOption(new Option("--stars-per-field <n>", "stars with a light curve in each field").argParser(boundedInteger("--stars-per-field", 1_000_000)).default(DEFAULT_STARS_PER_FIELD))
    .addOption(new Option("--nights-per-month <n>", "clear nights observed in a month").argParser(boundedInteger("--nights-per-month", 31)).default(DEFAULT_NIGHTS_PER_MONTH))
    .addOption(jsonOption())
    .action((options: { units: number; starsPerField: number; nightsPerMonth: number; json?: boolean }) => {
      const sizing = sizeSurvey({ units: options.units, starsPerField: options.starsPerField, nightsPerMonth: options.nightsPerMonth });
      output.stdout(options.json ? `${JSON.stringify({ ...sizing, measuredCombiner: MEASURED_COMBINER, listPrices: LIST_PRICES }, null, 2)}\n` : formatSizing(sizing));
    });
}
