/**
 * The cgroup CPU limit in its less common layouts (Linux kernel docs, Documentation/admin-guide/
 * cgroup-v2.rst "cpu.max": "$MAX $PERIOD", $MAX "max" for no limit; cgroup-v1 cfs quota files,
 * -1 for no limit), and availableCores' rounding.
 */
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { availableCores, cgroupCpuLimit } from "../../../runtime/core/availableCores.js";
import { cgroupDirectory as cgroup, removeCgroupDirectories } from "./cgroupDirectory.js";

afterAll(removeCgroupDirectories);

describe("cgroupCpuLimit, less common layouts", () => {
  it.each([
    ["v1 files at the cgroup root (cpu controller mounted alone)", { "cpu.cfs_quota_us": "250000\n", "cpu.cfs_period_us": "100000\n" }, 2.5],
    ["v1 quota under cpu/, period at the root", { "cpu/cpu.cfs_quota_us": "50000", "cpu.cfs_period_us": "100000" }, 0.5],
    ["v1 quota without a period", { "cpu/cpu.cfs_quota_us": "200000" }, undefined],
    ["v2 with a period of 0", { "cpu.max": "200000 0" }, undefined],
    ["v2 with a quota of 0", { "cpu.max": "0 100000" }, undefined],
    ["v2 without a period", { "cpu.max": "200000" }, undefined],
    ["v2 with text for a quota", { "cpu.max": "lots 100000" }, undefined],
    ["v2 separated by a tab, with surrounding blanks", { "cpu.max": "  300000\t100000  \n" }, 3],
    ["v2 read before v1 when both are there", { "cpu.max": "100000 100000", "cpu.cfs_quota_us": "400000", "cpu.cfs_period_us": "100000" }, 1],
    ["v2 without a limit, v1 files left over", { "cpu.max": "max 100000", "cpu.cfs_quota_us": "400000", "cpu.cfs_period_us": "100000" }, undefined],
  ])("%s", async (_case, files, cpus) => {
    expect(cgroupCpuLimit(await cgroup(files))).toBe(cpus);
  });
});

describe("availableCores rounding", () => {
  it("rounds a fractional quota down", async () => {
    expect(availableCores(await cgroup({ "cpu.max": "290000 100000" }))).toBe(Math.min(2, os.availableParallelism()));
    expect(availableCores(await cgroup({ "cpu.max": "199999 100000" }))).toBe(1);
  });
});
