/** The analysis threads' default count: the CPUs the container's cgroup quota allows, at most those the affinity mask gives. */
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { availableCores, cgroupCpuLimit } from "../../../runtime/core/availableCores.js";
import { cgroupDirectory as cgroup, removeCgroupDirectories } from "./cgroupDirectory.js";

afterAll(removeCgroupDirectories);

describe("cgroupCpuLimit", () => {
  it.each([
    ["cgroup v2, limits.cpu 2", { "cpu.max": "200000 100000\n" }, 2],
    ["cgroup v2, limits.cpu 1500m", { "cpu.max": "150000 100000\n" }, 1.5],
    ["cgroup v2, no limit", { "cpu.max": "max 100000\n" }, undefined],
    ["cgroup v1, limits.cpu 3", { "cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n" }, 3],
    ["cgroup v1, no limit", { "cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n" }, undefined],
    ["no cgroup files", {}, undefined],
  ])("%s", async (_case, files, cpus) => {
    expect(cgroupCpuLimit(await cgroup(files))).toBe(cpus);
  });
});

describe("availableCores", () => {
  it("is the quota rounded down, at least 1, and never above the CPUs the process may run on", async () => {
    expect(availableCores(await cgroup({ "cpu.max": "150000 100000" }))).toBe(Math.min(1, os.availableParallelism()));
    expect(availableCores(await cgroup({ "cpu.max": "50000 100000" }))).toBe(1);
    expect(availableCores(await cgroup({ "cpu.max": `${1000 * 100000} 100000` }))).toBe(os.availableParallelism());
    expect(availableCores(await cgroup({}))).toBe(os.availableParallelism());
  });
});
