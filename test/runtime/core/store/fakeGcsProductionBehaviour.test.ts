/**
 * The fake GCS server's opt-in production behaviours against the documented JSON API, called with
 * plain HTTP: Object Versioning, the notifications each change publishes, the per-object mutation
 * limit, short list pages, seeded 503s and the latency model.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { StorageNotification } from "./fakeGcsBucket.js";
import { latencySampler } from "./fakeGcsLatency.js";
import { startFakeGcsServer, STATS_PATH, type FakeGcsServer, type FakeGcsServerOptions } from "./fakeGcsServer.js";
import type { FakeGcsStats } from "./fakeGcsStats.js";

const bucket = "fake-production";
let server: FakeGcsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakeGcsServerOptions): Promise<FakeGcsServer> {
  server = await startFakeGcsServer(options);
  return server;
}

const objectUrl = (s: FakeGcsServer, name: string, query = "") => `${s.endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}${query}`;
const listUrl = (s: FakeGcsServer, query: string) => `${s.endpoint}/storage/v1/b/${bucket}/o?${query}`;

async function upload(s: FakeGcsServer, name: string, text: string, query = ""): Promise<Response> {
  const url = `${s.endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}${query}`;
  return fetch(url, { method: "POST", body: text, headers: { "content-type": "text/plain" } });
}

async function uploaded(s: FakeGcsServer, name: string, text: string): Promise<string> {
  const response = await upload(s, name, text);
  expect(response.status).toBe(200);
  return ((await response.json()) as { generation: string }).generation;
}

async function reason(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json()) as { error?: { errors?: { reason: string }[] } };
  return [response.status, body.error?.errors?.[0]?.reason];
}

const events = (notifications: StorageNotification[]) => notifications.map((n) => [n.eventType, n.object, n.generation]);

describe("fake GCS, versioned bucket (https://cloud.google.com/storage/docs/object-versioning)", () => {
  it("keeps a replaced or deleted live version as a noncurrent one, readable by generation", async () => {
    const s = await start({ versioned: true });
    const g1 = await uploaded(s, "MLC/v.json", "one");
    const g2 = await uploaded(s, "MLC/v.json", "two");
    expect(await (await fetch(objectUrl(s, "MLC/v.json", "?alt=media"))).text()).toBe("two");
    expect(await (await fetch(objectUrl(s, "MLC/v.json", `?alt=media&generation=${g1}`))).text()).toBe("one");
    // A noncurrent version's resource carries timeDeleted (https://cloud.google.com/storage/docs/json_api/v1/objects#resource).
    expect(await (await fetch(objectUrl(s, "MLC/v.json", `?generation=${g1}`))).json()).toMatchObject({ generation: g1, timeDeleted: expect.any(String) });

    expect((await fetch(objectUrl(s, "MLC/v.json"), { method: "DELETE" })).status).toBe(204);
    expect(await reason(await fetch(objectUrl(s, "MLC/v.json")))).toEqual([404, "notFound"]);
    expect(await (await fetch(objectUrl(s, "MLC/v.json", `?alt=media&generation=${g2}`))).text()).toBe("two");
    // Noncurrent versions appear only in requests that ask for them (versions=true).
    expect(await (await fetch(listUrl(s, "prefix=MLC/"))).json()).toEqual({ kind: "storage#objects" });
    const all = (await (await fetch(listUrl(s, "prefix=MLC/&versions=true"))).json()) as { items: { generation: string }[] };
    expect(all.items.map((item) => item.generation)).toEqual([g1, g2]);
  });

  it("deletes a version for good when the delete names its generation", async () => {
    const s = await start({ versioned: true });
    const g1 = await uploaded(s, "LC/p.json", "one");
    const g2 = await uploaded(s, "LC/p.json", "two");
    expect((await fetch(objectUrl(s, "LC/p.json", `?generation=${g1}`), { method: "DELETE" })).status).toBe(204);
    expect(await reason(await fetch(objectUrl(s, "LC/p.json", `?generation=${g1}`)))).toEqual([404, "notFound"]);
    expect((await fetch(objectUrl(s, "LC/p.json", `?generation=${g2}`), { method: "DELETE" })).status).toBe(204);
    expect(await (await fetch(listUrl(s, "versions=true"))).json()).toEqual({ kind: "storage#objects" });
    expect(events(s.notifications).slice(-2)).toEqual([
      ["OBJECT_DELETE", "LC/p.json", g1],
      ["OBJECT_DELETE", "LC/p.json", g2],
    ]);
  });

  it("publishes OBJECT_ARCHIVE, not OBJECT_DELETE, when the live version becomes noncurrent", async () => {
    // https://cloud.google.com/storage/docs/pubsub-notifications#events: OBJECT_ARCHIVE "only sent when a
    // bucket has enabled object versioning"; OBJECT_DELETE is then not sent when an object is archived,
    // even if the archival goes through objects.delete.
    const s = await start({ versioned: true });
    const g1 = await uploaded(s, "LC/a.json", "one");
    const g2 = await uploaded(s, "LC/a.json", "two");
    await fetch(objectUrl(s, "LC/a.json", `?ifGenerationMatch=${g2}`), { method: "DELETE" });
    expect(events(s.notifications)).toEqual([
      ["OBJECT_FINALIZE", "LC/a.json", g1],
      ["OBJECT_ARCHIVE", "LC/a.json", g1],
      ["OBJECT_FINALIZE", "LC/a.json", g2],
      ["OBJECT_ARCHIVE", "LC/a.json", g2],
    ]);
    expect(s.notifications[3]!.resource).toMatchObject({ name: "LC/a.json", bucket, generation: g2, timeDeleted: expect.any(String) });
  });

  it("publishes OBJECT_DELETE for overwrites and deletes when the bucket is not versioned", async () => {
    const s = await start({});
    const g1 = await uploaded(s, "LC/u.json", "one");
    const g2 = await uploaded(s, "LC/u.json", "two");
    expect(await reason(await fetch(objectUrl(s, "LC/u.json", `?generation=${g1}`)))).toEqual([404, "notFound"]);
    await fetch(objectUrl(s, "LC/u.json"), { method: "DELETE" });
    expect(events(s.notifications)).toEqual([
      ["OBJECT_FINALIZE", "LC/u.json", g1],
      ["OBJECT_DELETE", "LC/u.json", g1],
      ["OBJECT_FINALIZE", "LC/u.json", g2],
      ["OBJECT_DELETE", "LC/u.json", g2],
    ]);
  });
});

// https://cloud.google.com/storage/quotas#objects: "Maximum rate of writes to the same object name:
// one write per second"; past it Cloud Storage answers 429 with reason rateLimitExceeded
// (https://cloud.google.com/storage/docs/json_api/v1/status-codes#429), which its retry strategy
// lists as retryable (https://cloud.google.com/storage/docs/retry-strategy).
describe("fake GCS, mutation limit (one write per second per object name)", () => {
  it("answers 429 rateLimitExceeded to a second create, update or delete of one name within the interval", async () => {
    let nowMs = 1_700_000_000_000;
    const s = await start({ mutationIntervalMs: 1000, now: () => nowMs });
    const g1 = await uploaded(s, "MLC/r.json", "one");
    nowMs += 999;
    expect(await reason(await upload(s, "MLC/r.json", "two"))).toEqual([429, "rateLimitExceeded"]);
    expect(await reason(await fetch(objectUrl(s, "MLC/r.json"), { method: "DELETE" }))).toEqual([429, "rateLimitExceeded"]);
    // Other names, reads and refused writes (412) are not mutations of this object.
    await uploaded(s, "MLC/other.json", "x");
    expect((await fetch(objectUrl(s, "MLC/r.json", "?alt=media"))).status).toBe(200);
    nowMs += 1;
    expect(await reason(await upload(s, "MLC/r.json", "two", "&ifGenerationMatch=0"))).toEqual([412, "conditionNotMet"]);
    const g2 = await uploaded(s, "MLC/r.json", "two");
    expect(BigInt(g2) > BigInt(g1)).toBe(true);
    expect(await (await fetch(objectUrl(s, "MLC/r.json", "?alt=media"))).text()).toBe("two");
    expect(s.notifications.map((n) => n.eventType)).toEqual(["OBJECT_FINALIZE", "OBJECT_FINALIZE", "OBJECT_DELETE", "OBJECT_FINALIZE"]);
    // What a benchmark running the server as a process reads back: the 429s by kind of object.
    const stats = (await (await fetch(`${s.endpoint}${STATS_PATH}`)).json()) as FakeGcsStats;
    expect(stats.rateLimitedWrites).toEqual({ MLC: 2 });
    expect(stats.answered).toMatchObject({ "objects.insert 429": 1, "objects.delete 429": 1, "objects.insert 412": 1, "objects.insert 200": 3 });
  });

  it("limits each object name on its own: an MLC chunk and an LC object written in the same millisecond", async () => {
    const s = await start({ mutationIntervalMs: 1000, now: () => 1_700_000_000_000 });
    await uploaded(s, "MLC/PIC_A.json", "doc");
    await uploaded(s, "MLC/PIC_A/0001.json", "chunk");
    await uploaded(s, "LC/PIC_A/x.json", "segment");
    expect(await reason(await upload(s, "MLC/PIC_A/0001.json", "again"))).toEqual([429, "rateLimitExceeded"]);
    expect(await reason(await upload(s, "LC/PIC_A/x.json", "again"))).toEqual([429, "rateLimitExceeded"]);
    expect(((await (await fetch(`${s.endpoint}${STATS_PATH}`)).json()) as FakeGcsStats).rateLimitedWrites).toEqual({ "MLC chunk": 1, LC: 1 });
  });
});

describe("fake GCS, short list pages (https://cloud.google.com/storage/docs/json_api/v1/objects/list)", () => {
  it("returns fewer items than maxResults with a nextPageToken, and every item once across the pages", async () => {
    const s = await start({ versioned: true, listPageSize: 2 });
    const names = ["L/a", "L/b", "L/c", "L/d", "L/e"];
    for (const name of names) await uploaded(s, name, name);
    await uploaded(s, "L/b", "again");
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = (await (await fetch(listUrl(s, `prefix=L/&versions=true&maxResults=1000${token ? `&pageToken=${token}` : ""}`))).json()) as {
        items: { name: string; generation: string }[];
        nextPageToken?: string;
      };
      pages.push(page.items.map((item) => item.name));
      token = page.nextPageToken;
    } while (token);
    // The two versions of L/b straddle a page boundary.
    expect(pages).toEqual([["L/a", "L/b"], ["L/b", "L/c"], ["L/d", "L/e"]]);
    expect(await reason(await fetch(listUrl(s, "pageToken=not-a-token")))).toEqual([400, "invalid"]);
  });
});

describe("fake GCS, transient failures and latency", () => {
  it("answers a seeded fraction of requests 503 backendError without performing them", async () => {
    const statuses = async (seed: number) => {
      const s = await start({ unavailableRate: 0.5, unavailableSeed: seed });
      const answered: number[] = [];
      for (let i = 0; i < 40; i += 1) answered.push((await upload(s, `LC/${i}.json`, "x")).status);
      const stored = s.notifications.length;
      await s.close();
      server = undefined;
      return { answered, stored };
    };
    const first = await statuses(7);
    expect(new Set(first.answered)).toEqual(new Set([200, 503]));
    expect(first.stored).toBe(first.answered.filter((status) => status === 200).length);
    expect(await statuses(7)).toEqual(first);
    expect((await statuses(8)).answered).not.toEqual(first.answered);
  });

  it("draws latencies with the configured median and 99th percentile, the same for the same seed", () => {
    const draw = latencySampler({ medianMs: 30, p99Ms: 150, seed: 3 });
    const sorted = Array.from({ length: 20_000 }, draw).sort((a, b) => a - b);
    expect(sorted[10_000]! / 30).toBeCloseTo(1, 1);
    expect(sorted[19_800]! / 150).toBeCloseTo(1, 1);
    expect(sorted[0]).toBeGreaterThan(0);
    const again = latencySampler({ medianMs: 30, p99Ms: 150, seed: 3 });
    expect(Array.from({ length: 5 }, again)).toEqual(Array.from({ length: 5 }, latencySampler({ medianMs: 30, p99Ms: 150, seed: 3 })));
    expect(() => latencySampler({ medianMs: 30, p99Ms: 10 })).toThrow(/medianMs/);
  });

  it("has a log-normal shape: every quantile where median·exp(σ·z) puts it, and a right tail", () => {
    // σ = ln(p99 / median) / z(0.99) = ln(5) / 2.3263 = 0.6918. Standard normal quantiles z(p) from
    // Abramowitz & Stegun table 26.1: z(0.75) = 0.6745, z(0.9) = 1.2816, z(0.999) = 3.0902.
    const sigma = Math.log(150 / 30) / 2.3263478740408408;
    const n = 40_000;
    const sorted = Array.from({ length: n }, latencySampler({ medianMs: 30, p99Ms: 150, seed: 11 })).sort((a, b) => a - b);
    const quantile = (p: number) => sorted[Math.floor(p * n)]!;
    for (const [p, z] of [
      [0.1, -1.2815515655446004],
      [0.25, -0.6744897501960817],
      [0.75, 0.6744897501960817],
      [0.9, 1.2815515655446004],
      [0.999, 3.090232306167813],
    ] as const) {
      // Within 5% of the theoretical quantile (the 0.999 one from only 40 draws beyond it: 15%).
      expect(Math.abs(quantile(p) / (30 * Math.exp(sigma * z)) - 1)).toBeLessThan(p === 0.999 ? 0.15 : 0.05);
    }
    // A right tail: the mean lies above the median by exp(σ²/2) = 1.27, and p99 is 5x the median while p1 is 1/5.
    const mean = sorted.reduce((sum, x) => sum + x, 0) / n;
    expect(mean / 30).toBeCloseTo(Math.exp((sigma * sigma) / 2), 1);
    expect(quantile(0.01) / 30).toBeCloseTo(30 / 150, 1);
    // A tighter tail with the same median: p99 = 60 ms halves every log-distance from the median.
    const narrow = Array.from({ length: n }, latencySampler({ medianMs: 30, p99Ms: 60, seed: 11 })).sort((a, b) => a - b);
    expect(narrow[Math.floor(0.9 * n)]! / 30).toBeCloseTo(Math.exp((Math.log(2) / 2.3263478740408408) * 1.2815515655446004), 1);
  });
});

describe("fake GCS server in a process of its own (for benchmarks)", () => {
  it("starts with the options given on the command line, prints its endpoint and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/runtime/core/store/fakeGcsServerMain.ts", "--versioned", "--list-page-size", "1"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(child.stdout, "data")) as [Buffer];
      const { endpoint } = JSON.parse(line.toString()) as { endpoint: string };
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const put = (text: string) =>
        fetch(`${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=x`, { method: "POST", body: text }).then((r) => r.json() as Promise<{ generation: string }>);
      const first = await put("one");
      await put("two");
      expect(await (await fetch(`${endpoint}/storage/v1/b/${bucket}/o/x?alt=media&generation=${first.generation}`)).text()).toBe("one");
      const page = (await (await fetch(`${endpoint}/storage/v1/b/${bucket}/o?versions=true`)).json()) as { items: unknown[]; nextPageToken?: string };
      expect([page.items.length, typeof page.nextPageToken]).toEqual([1, "string"]);
      child.kill("SIGTERM");
      expect((await once(child, "exit"))[0]).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
