/**
 * What `piaa start` reports once every segment is in its MLC: a table for people and, with
 * `--json`, the same object for scripts (design §7).
 */
import type { PipelineStatus } from "../local/pipelineStatus.js";

export interface StartSummary {
  bucket: string;
  /** Stars with a master light curve. */
  stars: number;
  /** LC segments in the bucket, all merged. */
  segments: number;
  /** Segments this run's simulation added. */
  newSegments: number;
  /** Points over all master light curves. */
  points: number;
  /** Notifications acknowledged by the proxy in this run. */
  notifications: number;
  /** Segments the combiner refused for good (their pushes were dead-lettered). */
  rejected: string[];
  replicas: number;
  /** Seconds from start to everything merged. */
  elapsedS: number;
  dashboardUrl: string;
  logDir: string;
  /** Directory holding every star's plots (PNG and SVG). */
  plotsDir: string;
  /** Plot files written there. */
  plots: number;
}

export function buildSummary(
  status: PipelineStatus,
  run: Omit<StartSummary, "stars" | "segments" | "points" | "newSegments"> & { segmentsBefore: number },
): StartSummary {
  const { segmentsBefore, ...rest } = run;
  return { ...rest, stars: status.stars, segments: status.segments, newSegments: status.segments - segmentsBefore, points: status.points };
}

/**
 * The summary as people read it. `servicesStopped`: the run ends here (--exit-when-done), so the
 * dashboard URL is dead by the time it is read; the line says how to reopen the dashboard instead.
 */
export function formatSummary(summary: StartSummary, servicesStopped = false): string {
  const rows: Array<[string, string]> = [
    ["stars", String(summary.stars)],
    ["segments", `${summary.segments} (${summary.newSegments} new)`],
    ["points", String(summary.points)],
    ["time", `${summary.elapsedS.toFixed(1)} s`],
    ["combiners", String(summary.replicas)],
    ["notifications", String(summary.notifications)],
  ];
  if (summary.rejected.length > 0) rows.push(["rejected", `${summary.rejected.length} (see ${summary.logDir})`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Every segment is in its master light curve (${summary.bucket}).`,
    "",
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    "",
    `Plots:     ${summary.plotsDir} (${summary.plots} files)`,
    servicesStopped
      ? `Dashboard: stopped with this run; reopen it with: piaa serve dashboard --bucket ${summary.bucket}`
      : `Dashboard: ${summary.dashboardUrl}`,
    `Logs:      ${summary.logDir}`,
  ].join("\n");
}
