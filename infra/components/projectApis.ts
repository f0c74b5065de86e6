/**
 * ProjectApis: enables every Google API the program needs, so one `pulumi up` works on a fresh
 * project without a `gcloud services enable` step (issue 15, item 11). APIs stay enabled on
 * destroy: another stack may share the project, and disabling an API with resources still
 * under it fails (https://cloud.google.com/service-usage/docs/enable-disable#disabling).
 *
 * `orderAfterApis` registers a stack transformation that makes every later GCP resource wait
 * for the API of its type (policies/contract/requiredApis.ts), so ordering never depends on
 * someone remembering a `dependsOn`.
 */
import * as pulumi from "@pulumi/pulumi";
import { projects } from "@pulumi/gcp";
import { allRequiredApis, requiredApis } from "../../policies/contract/requiredApis.js";

const SERVICE_IDENTITY_TYPE = "gcp:projects/serviceIdentity:ServiceIdentity";

export interface ProjectApisArgs {
  project: pulumi.Input<string>;
}

/** Logical name of the Service resource enabling `api` (e.g. `api-pubsub`). Pure. */
export function apiResourceName(api: string): string {
  return `api-${api.split(".")[0]}`;
}

export class ProjectApis extends pulumi.ComponentResource {
  /** API service name → the resource that enables it. */
  readonly services: ReadonlyMap<string, projects.Service>;

  constructor(name: string, args: ProjectApisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:project:ProjectApis", name, {}, opts);
    const services = new Map<string, projects.Service>();
    for (const api of allRequiredApis()) {
      services.set(
        api,
        new projects.Service(
          apiResourceName(api),
          { project: args.project, service: api, disableOnDestroy: false, disableDependentServices: false },
          { parent: this },
        ),
      );
    }
    this.services = services;
    this.registerOutputs({});
  }

  /** The Service resources enabling `apis`; throws on an API this component does not enable. */
  enabling(...apis: string[]): projects.Service[] {
    return apis.map((api) => {
      const service = this.services.get(api);
      if (service === undefined) throw new Error(`ProjectApis does not enable ${api}`);
      return service;
    });
  }

  /** From now on, each GCP resource registered also waits for the API its type needs. */
  orderAfterApis(): void {
    pulumi.runtime.registerStackTransformation((args) => {
      // A service identity also needs the API whose agent it generates.
      const agentApi = args.type === SERVICE_IDENTITY_TYPE && typeof args.props.service === "string" ? args.props.service : undefined;
      const apis = [...requiredApis(args.type), ...(agentApi === undefined ? [] : [agentApi])];
      if (apis.length === 0) return undefined;
      return { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: this.enabling(...apis) }) };
    });
  }
}
