/**
 * What `piaa start` prints when everything is merged (startSummary.ts): the figures it derives
 * from the pipeline's status and the table people read, including the row that appears only when
 * segments were rejected (startSummary.test.ts covers the dashboard line).
 */
import { describe, expect, it } from "vitest";
import type { PipelineStatus } from "../../../runtime/local/pipelineStatus.js";
import { buildSummary, formatSummary } from "../../../runtime/start/startSummary.js";

const status: PipelineStatus = { segments: 30, merged: 30, stars: 4, points: 5123, pending: [], stale: [] };
const run = {
  bucket: "file:///data/night",
  segmentsBefore: 12,
  notifications: 19,
  rejected: [] as string[],
  replicas: 3,
  elapsedS: 65.04,
  dashboardUrl: "http://127.0.0.1:5000/",
  logDir: "/tmp/piaa-logs",
  plotsDir: "/data/night-plots",
  plots: 16,
};

describe("buildSummary", () => {
  it("takes stars, segments and points from the status, and counts as new the segments added since the run began", () => {
    const { segmentsBefore, ...passedOn } = run;
    expect(segmentsBefore).toBe(12);
    expect(buildSummary(status, run)).toEqual({ ...passedOn, stars: 4, segments: 30, newSegments: 18, points: 5123 });
  });
});

describe("formatSummary", () => {
  it("prints the figures as an aligned table between the headline and the paths", () => {
    expect(formatSummary(buildSummary(status, run)).split("\n")).toEqual([
      "Every segment is in its master light curve (file:///data/night).",
      "",
      "  stars          4",
      "  segments       30 (18 new)",
      "  points         5123",
      "  time           65.0 s",
      "  combiners      3",
      "  notifications  19",
      "",
      "Plots:     /data/night-plots (16 files)",
      "Dashboard: http://127.0.0.1:5000/",
      "Logs:      /tmp/piaa-logs",
    ]);
  });

  it("adds a row counting the rejected segments, pointing at the logs, only when there are some", () => {
    const lines = formatSummary(buildSummary(status, { ...run, rejected: ["LC/a", "LC/b"] })).split("\n");
    expect(lines.filter((line) => line.includes("rejected"))).toEqual(["  rejected       2 (see /tmp/piaa-logs)"]);
    expect(lines.indexOf("  rejected       2 (see /tmp/piaa-logs)")).toBe(lines.indexOf("  notifications  19") + 1);
  });
});
