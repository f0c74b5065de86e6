/**
 * The CPUs this process may use: the smaller of the CPUs it may run on (os.availableParallelism,
 * the affinity mask) and its container's CPU limit (the cgroup quota; a Kubernetes `limits.cpu`
 * of 2 is a quota of 200,000 µs per 100,000 µs period), rounded down, at least 1. libuv counts the
 * quota itself only from 1.49.1 (Node 24; libuv issue #4146); Node 20's libuv 1.46 does not, so it
 * is read here, from cgroup v2's `cpu.max` or cgroup v1's `cpu.cfs_quota_us` / `cpu.cfs_period_us`.
 */
import { readFileSync } from "node:fs";
import os from "node:os";

/** Where the cgroup files are read: the container's own cgroup is mounted at the root. */
export const CGROUP_ROOT = "/sys/fs/cgroup";

/** CPUs the quota allows (fractional), or undefined when there is no quota or no cgroup file. */
export function cgroupCpuLimit(root = CGROUP_ROOT): number | undefined {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(`${root}/${file}`, "utf8").trim();
    } catch {
      return undefined;
    }
  };
  const v2 = read("cpu.max")?.split(/\s+/);
  if (v2) return quotaCpus(v2[0], v2[1]);
  return quotaCpus(read("cpu/cpu.cfs_quota_us") ?? read("cpu.cfs_quota_us"), read("cpu/cpu.cfs_period_us") ?? read("cpu.cfs_period_us"));
}

/** Quota over period; "max" (v2) or -1 (v1) means no limit. */
function quotaCpus(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota);
  const p = Number(period);
  return Number.isFinite(q) && q > 0 && Number.isFinite(p) && p > 0 ? q / p : undefined;
}

export function availableCores(root = CGROUP_ROOT): number {
  const limit = cgroupCpuLimit(root);
  return Math.max(1, Math.min(os.availableParallelism(), limit === undefined ? Infinity : Math.floor(limit)));
}
