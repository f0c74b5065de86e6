/**
 * What a fake GCS server answered, summed for a benchmark that runs it as a process of its own
 * and cannot read its request log: `GET /_fake/stats` (not a Cloud Storage path) answers this.
 */
import type { RecordedRequest } from "./fakeGcsServer.js";

export interface FakeGcsStats {
  /** Requests answered, by `<operation> <status>` ("objects.insert 429"; status 0: dropped). */
  answered: Record<string, number>;
  /** 429 answers to writes, by the kind of object written: "MLC" (the document), "MLC chunk", "LC", "other". */
  rateLimitedWrites: Record<string, number>;
}

/** The object kinds of runtime/core/objectNames.ts that matter to the combiner's writes. */
function objectKind(name: string | undefined): string {
  if (name === undefined) return "other";
  if (/^MLC\/[^/]+\.json$/.test(name)) return "MLC";
  if (name.startsWith("MLC/")) return "MLC chunk";
  if (name.startsWith("LC/")) return "LC";
  return "other";
}

export function summarizeRequests(requests: readonly RecordedRequest[]): FakeGcsStats {
  const stats: FakeGcsStats = { answered: {}, rateLimitedWrites: {} };
  for (const request of requests) {
    const key = `${request.operation} ${request.status}`;
    stats.answered[key] = (stats.answered[key] ?? 0) + 1;
    if (request.status === 429) {
      const kind = objectKind(request.objectName);
      stats.rateLimitedWrites[kind] = (stats.rateLimitedWrites[kind] ?? 0) + 1;
    }
  }
  return stats;
}
