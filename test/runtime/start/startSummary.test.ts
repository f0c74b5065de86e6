import { describe, expect, it } from "vitest";
import { formatSummary, type StartSummary } from "../../../runtime/start/startSummary.js";

const summary: StartSummary = {
  bucket: "file:///tmp/piaa-data",
  stars: 3,
  segments: 24,
  newSegments: 24,
  points: 2400,
  notifications: 30,
  rejected: [],
  replicas: 2,
  elapsedS: 12.34,
  dashboardUrl: "http://127.0.0.1:41234/",
  logDir: "/tmp/logs",
  plotsDir: "/tmp/piaa-plots",
  plots: 12,
};

describe("formatSummary (issue 22 item 8)", () => {
  it("gives the live dashboard URL while the run serves", () => {
    expect(formatSummary(summary)).toContain("Dashboard: http://127.0.0.1:41234/\n");
  });

  it("says how to reopen the dashboard once the run has stopped its services, instead of a dead URL", () => {
    const text = formatSummary(summary, true);
    expect(text).not.toContain("127.0.0.1:41234");
    expect(text).toContain("Dashboard: stopped with this run; reopen it with: piaa serve dashboard --bucket file:///tmp/piaa-data\n");
  });
});
