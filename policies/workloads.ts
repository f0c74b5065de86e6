/** Workload guardrails for what the combiner (and anything else) runs on the cluster. */
import * as k8s from "@pulumi/kubernetes";
import {
  validateResourceOfType,
  type ResourceValidation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";

/** The parts of a pod spec these policies read, as they appear in resource inputs. */
interface PodSpecInput {
  containers?: ContainerInput[];
  initContainers?: ContainerInput[];
  securityContext?: { runAsNonRoot?: boolean };
  volumes?: { name?: string; hostPath?: unknown }[];
}

interface ContainerInput {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  securityContext?: { runAsNonRoot?: boolean; privileged?: boolean; allowPrivilegeEscalation?: boolean };
}

const WORKLOAD_TYPES = new Set(["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet"]);

/** Runs `check` on the pod spec of any workload kind, naming the workload in messages. */
function validatePodSpec(check: (spec: PodSpecInput, workload: string, report: (m: string) => void, args: ResourceValidationArgs) => void): ResourceValidation {
  return (args, report) => {
    if (!WORKLOAD_TYPES.has(args.type)) return;
    const spec = (args.props as { spec?: { template?: { spec?: PodSpecInput } } }).spec?.template?.spec;
    if (spec) check(spec, `${args.type.split(":").pop()} "${args.name}"`, report, args);
  };
}

const allContainers = (spec: PodSpecInput): ContainerInput[] => [...(spec.initContainers ?? []), ...(spec.containers ?? [])];

export const containerResources: ResourceValidationPolicy = {
  name: "workload-resource-requests-limits",
  description: "Every container declares CPU and memory requests and limits, so the scheduler and the HPA can work.",
  enforcementLevel: "mandatory",
  validateResource: validatePodSpec((spec, workload, report) => {
    for (const c of allContainers(spec)) {
      const missing = (["requests", "limits"] as const).flatMap((kind) =>
        ["cpu", "memory"].filter((r) => c.resources?.[kind]?.[r] === undefined).map((r) => `${kind}.${r}`),
      );
      if (missing.length > 0) report(`${workload} container "${c.name}" lacks resources ${missing.join(", ")}; set them.`);
    }
  }),
};

export const containerProbes: ResourceValidationPolicy = {
  name: "workload-probes",
  description: "Every long-running container has readiness and liveness probes.",
  enforcementLevel: "mandatory",
  validateResource: validatePodSpec((spec, workload, report) => {
    for (const c of spec.containers ?? []) {
      const missing = (["readinessProbe", "livenessProbe"] as const).filter((p) => c[p] === undefined);
      if (missing.length > 0) report(`${workload} container "${c.name}" has no ${missing.join(" or ")}; add them.`);
    }
  }),
};

export const runAsNonRoot: ResourceValidationPolicy = {
  name: "workload-run-as-non-root",
  description: "Containers run as a non-root user.",
  enforcementLevel: "mandatory",
  validateResource: validatePodSpec((spec, workload, report) => {
    for (const c of allContainers(spec)) {
      const nonRoot = c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
      if (nonRoot !== true) report(`${workload} container "${c.name}" may run as root; set securityContext.runAsNonRoot: true.`);
    }
  }),
};

export const noPrivilegedOrHostPath: ResourceValidationPolicy = {
  name: "workload-no-privileged-or-host-path",
  description: "No privileged containers and no hostPath volumes.",
  enforcementLevel: "mandatory",
  validateResource: validatePodSpec((spec, workload, report) => {
    for (const c of allContainers(spec)) {
      if (c.securityContext?.privileged === true) report(`${workload} container "${c.name}" is privileged; remove securityContext.privileged.`);
    }
    for (const v of spec.volumes ?? []) {
      if (v.hostPath !== undefined) report(`${workload} mounts hostPath volume "${v.name}"; use an emptyDir or a persistent volume.`);
    }
  }),
};

/** `<region>-docker.pkg.dev/<project>/<repository>/<image>@sha256:<digest>` */
const PINNED_REGISTRY_IMAGE = /^[a-z0-9-]+-docker\.pkg\.dev\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/[^@\s]+@sha256:[0-9a-f]{64}$/;

export const pinnedRegistryImages: ResourceValidationPolicy = {
  name: "workload-images-pinned-from-registry",
  description: "Images come from the project's Artifact Registry and are pinned by digest, so a rollout is exactly what was built.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { project: { type: "string" } } },
  validateResource: validatePodSpec((spec, workload, report, args) => {
    const { project } = args.getConfig<{ project?: string }>();
    for (const c of allContainers(spec)) {
      const match = PINNED_REGISTRY_IMAGE.exec(c.image ?? "");
      if (!match) {
        report(`${workload} container "${c.name}" uses image ${JSON.stringify(c.image)}; use <region>-docker.pkg.dev/<project>/<repo>/<image>@sha256:<digest>.`);
      } else if (project && match[1] !== project) {
        report(`${workload} container "${c.name}" pulls from project ${match[1]}, not ${project}; push the image to this project's Artifact Registry.`);
      }
    }
  }),
};

export const hpaMinMax: ResourceValidationPolicy = {
  name: "workload-hpa-min-max",
  description: "HorizontalPodAutoscalers have minReplicas ≤ maxReplicas.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(k8s.autoscaling.v2.HorizontalPodAutoscaler, (hpa, args, report) => {
    const min = hpa.spec?.minReplicas ?? 1;
    const max = hpa.spec?.maxReplicas;
    if (max !== undefined && min > max) {
      report(`HorizontalPodAutoscaler "${args.name}" has minReplicas ${min} > maxReplicas ${max}; lower minReplicas or raise maxReplicas.`);
    }
  }),
};

interface ExternalMetricInput {
  type?: string;
  external?: { metric?: { name?: string; selector?: { matchLabels?: Record<string, unknown>; matchExpressions?: unknown[] } } };
}

/**
 * An External metric without a selector is every time series of that metric in the project,
 * summed by the Custom Metrics Stackdriver Adapter: num_undelivered_messages of every
 * subscription, not the combiner's (https://cloud.google.com/kubernetes-engine/docs/tutorials/autoscaling-metrics).
 */
export const hpaExternalMetricSelector: ResourceValidationPolicy = {
  name: "workload-hpa-external-metric-selector",
  description: "HPA External metrics select the series they scale on (e.g. resource.labels.subscription_id), not a project-wide sum.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(k8s.autoscaling.v2.HorizontalPodAutoscaler, (hpa, args, report) => {
    for (const metric of (hpa.spec?.metrics ?? []) as ExternalMetricInput[]) {
      if (metric.type !== "External") continue;
      const selector = metric.external?.metric?.selector;
      if (Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0) {
        report(`HorizontalPodAutoscaler "${args.name}" scales on External metric "${metric.external?.metric?.name ?? "(unnamed)"}" without a selector; add matchLabels such as resource.labels.subscription_id.`);
      }
    }
  }),
};

/** Every API version of the HPA owns its target's replicas (autoscaling/v1, v2, the v2 betas). */
const HPA_TYPE = /^kubernetes:autoscaling\/v[0-9a-z]+:HorizontalPodAutoscaler$/;

export const hpaOwnsReplicas: StackValidationPolicy = {
  name: "workload-hpa-owns-replicas",
  description: "A Deployment scaled by an HPA leaves spec.replicas unset, so apply and the autoscaler do not fight.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    // An HPA scales a workload of its own namespace; an unset or empty namespace is the default one
    // (the API server reads metadata.namespace "" as the request's namespace).
    const key = (namespace: string | undefined, name: string | undefined) => JSON.stringify([namespace || "default", name]);
    const targets = new Set(
      args.resources
        .filter((r) => HPA_TYPE.test(r.type) && r.props.spec?.scaleTargetRef?.kind === "Deployment")
        .map((r) => key(r.props.metadata?.namespace, r.props.spec.scaleTargetRef.name)),
    );
    for (const d of args.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment")) {
      if (targets.has(key(d.props.metadata?.namespace, d.props.metadata?.name)) && d.props.spec?.replicas !== undefined) {
        report(`Deployment "${d.name}" sets spec.replicas (${d.props.spec.replicas}) but an HPA scales it; remove spec.replicas.`, d.urn);
      }
    }
  },
};

/** Annotations that make a GKE LoadBalancer Service internal. */
const INTERNAL_LB_ANNOTATIONS = ["networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type"];
/** A reviewed opt-out: the annotation's value says who reviewed the public exposure and why. */
export const PUBLIC_LB_OPT_OUT = "piaa.panoptes.org/public-load-balancer-reviewed";

export const noPublicLoadBalancer: ResourceValidationPolicy = {
  name: "workload-no-public-load-balancer",
  description: "LoadBalancer Services are internal unless a reviewed opt-out annotation says otherwise.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(k8s.core.v1.Service, (service, args, report) => {
    if (service.spec?.type !== "LoadBalancer") return;
    const annotations = service.metadata?.annotations ?? {};
    const internal = INTERNAL_LB_ANNOTATIONS.some((a) => annotations[a]?.toLowerCase() === "internal");
    if (!internal && !annotations[PUBLIC_LB_OPT_OUT]) {
      report(
        `Service "${args.name}" is a public LoadBalancer; annotate it networking.gke.io/load-balancer-type: "Internal", or record a review in ${PUBLIC_LB_OPT_OUT}.`,
      );
    }
  }),
};

export const workloadPolicies = [
  containerResources,
  containerProbes,
  runAsNonRoot,
  noPrivilegedOrHostPath,
  pinnedRegistryImages,
  hpaMinMax,
  hpaExternalMetricSelector,
  hpaOwnsReplicas,
  noPublicLoadBalancer,
];
