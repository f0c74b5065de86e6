/**
 * List prices that `piaa sizing` multiplies by, in one table: USD, us-central1 (the prod stack's
 * region), on-demand, no committed-use or sustained-use discounts, each with where it was read and
 * when. Prices change: check the source before relying on a figure, and say which you used.
 */

export interface ListPrice {
  /** What the price is for, as the bill names it. */
  item: string;
  usd: number;
  unit: string;
  source: string;
  /** When the figure was read (ISO date), and how. */
  read: string;
  /** What is uncertain about it, when something is. */
  caveat?: string;
}

export const LIST_PRICES = {
  gkeClusterHour: {
    item: "GKE cluster management fee (Standard, regional cluster)",
    usd: 0.1,
    unit: "per cluster-hour",
    source: "https://cloud.google.com/kubernetes-engine/pricing",
    read: "2026-12-06, stored copy of the page (search corpus)",
    caveat: "the $74.40 monthly free-tier credit applies to zonal and Autopilot clusters only; prod is regional",
  },
  nodeHour: {
    item: "Compute Engine e2-standard-4 (prod node type), on-demand",
    usd: 0.134012,
    unit: "per node-hour",
    source: "https://cloud.google.com/compute/vm-instance-pricing",
    read: "2026-12-06: NOT FOUND in the search corpus (the copies found were garbled)",
    caveat: "the figure commonly quoted for us-central1; verify on the source page",
  },
  storageClassA: {
    item: "Cloud Storage Class A operations (Standard, single region): insert, list",
    usd: 0.005,
    unit: "per 1,000 operations",
    source: "https://cloud.google.com/storage/pricing",
    read: "2026-12-06, transcription of the page dated 2026-09-20 (api-evangelist/gcp-cloud-storage)",
  },
  storageClassB: {
    item: "Cloud Storage Class B operations (Standard, single region): get",
    usd: 0.0004,
    unit: "per 1,000 operations",
    source: "https://cloud.google.com/storage/pricing",
    read: "2026-12-06, transcription of the page dated 2026-09-20 (api-evangelist/gcp-cloud-storage)",
  },
  storageGibMonth: {
    item: "Cloud Storage Standard storage, region",
    usd: 0.000027397 * 730,
    unit: "per GiB-month ($0.000027397 per GiB-hour × 730 h)",
    source: "https://cloud.google.com/storage/pricing",
    read: "2026-12-06, transcription of the page dated 2026-09-20 (api-evangelist/gcp-cloud-storage)",
  },
  pubsubTib: {
    item: "Pub/Sub message delivery (publish + subscribe throughput)",
    usd: 40,
    unit: "per TiB",
    source: "https://cloud.google.com/pubsub/pricing",
    read: "2026-12-06, transcription of the page dated 2026-09-20 (api-evangelist/google)",
    caveat: "first 10 GiB a month free (not subtracted here); the 1,000-byte minimum per message is from memory of that page, not found in the corpus",
  },
  appEngineF2Hour: {
    item: "App Engine standard F2 instance (the proxy's class)",
    usd: 0.1,
    unit: "per instance-hour",
    source: "https://cloud.google.com/appengine/pricing",
    read: "2026-12-06: NOT FOUND as a current figure in the search corpus",
    caveat: "twice the F1 rate of $0.05 per hour quoted in third-party pages; verify on the source page",
  },
} as const satisfies Record<string, ListPrice>;

export type PriceKey = keyof typeof LIST_PRICES;
