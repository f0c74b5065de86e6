import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { analysisWriteCondition, analyzerDeployment, analyzerHorizontalPodAutoscaler, ANALYZER_NOTIFIED_PREFIX } from "../../../infra/components/analyzer.js";
import { analysisName, plotName, starIndexShardName } from "../../../runtime/core/objectNames.js";

const plain = <T>(value: T): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const IMAGE = "us-central1-docker.pkg.dev/p/piaa-dev/combiner@sha256:" + "a".repeat(64);

describe("the analyzer's manifests and grants", () => {
  const deployment = analyzerDeployment("analyzer", "piaa", IMAGE, { bucketUrl: "gs://data", subscription: "projects/p/subscriptions/s" });

  it("runs the analyzer bundle of the combiner's image, leaving the replica count to the HPA", () => {
    expect(() => new Deployment(plain(deployment)).validate()).not.toThrow();
    const spec = plain(deployment).spec as { template: { spec: { containers: { command: string[]; env: unknown[] }[] } } };
    const container = spec.template.spec.containers[0]!;
    expect(container.command).toEqual(["node", "analyzer.mjs"]);
    expect(container.env).toEqual(expect.arrayContaining([{ name: "PIAA_ANALYZER_SUBSCRIPTION", value: "projects/p/subscriptions/s" }]));
    expect(spec).not.toHaveProperty("replicas");
    const hpa = analyzerHorizontalPodAutoscaler("analyzer", "piaa", 1, 4);
    expect(() => new HorizontalPodAutoscaler(plain(hpa)).validate()).not.toThrow();
    expect(hpa.spec).toMatchObject({ minReplicas: 1, maxReplicas: 4, scaleTargetRef: { name: "analyzer" } });
  });

  it("may write exactly the analyzer's outputs, which its notification prefix does not see", () => {
    const { expression } = analysisWriteCondition("data");
    const prefix = /startsWith\("projects\/_\/buckets\/data\/objects\/([^"]+)"\)/.exec(expression)![1]!;
    for (const output of [analysisName("PIC_J0326137+295015"), plotName("PIC_J0326137+295015", "1", "folded", "png"), starIndexShardName(3)]) {
      expect(output.startsWith(prefix)).toBe(true);
      expect(output.startsWith(ANALYZER_NOTIFIED_PREFIX)).toBe(false);
    }
    expect("MLC/PIC_J0326137+295015.json".startsWith(prefix)).toBe(false);
  });
});
