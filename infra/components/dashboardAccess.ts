/**
 * DashboardAccess: who may reach the proxy's service once IAP guards the App Engine application
 * (issue 15, item 4). IAP admits a request only for principals holding
 * `roles/iap.httpsResourceAccessor` on the service (https://cloud.google.com/iap/docs/managing-access):
 * the `dashboard:viewers`, and the Pub/Sub push invoker, whose OIDC token (audience: the IAP
 * OAuth client id) IAP checks before the proxy checks it again.
 */
import * as pulumi from "@pulumi/pulumi";
import { iap } from "@pulumi/gcp";

export interface DashboardAccessArgs {
  project: pulumi.Input<string>;
  /** App Engine service the proxy runs as. */
  service: pulumi.Input<string>;
  /** Principals (`user:`, `group:`, `serviceAccount:`, `domain:`) allowed through IAP. */
  members: pulumi.Input<string>[];
}

export const IAP_ACCESSOR_ROLE = "roles/iap.httpsResourceAccessor";

/**
 * The `aud` of the `x-goog-iap-jwt-assertion` IAP signs for an App Engine app:
 * `/projects/PROJECT_NUMBER/apps/PROJECT_ID` (https://cloud.google.com/iap/docs/signed-headers-howto#verifying_the_jwt_payload). Pure.
 */
export function appEngineIapAudience(projectNumber: string, project: string): string {
  return `/projects/${projectNumber}/apps/${project}`;
}

export class DashboardAccess extends pulumi.ComponentResource {
  readonly grants: iap.AppEngineServiceIamMember[];

  constructor(name: string, args: DashboardAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:proxy:DashboardAccess", name, {}, opts);
    this.grants = args.members.map(
      (member, index) =>
        new iap.AppEngineServiceIamMember(
          `${name}-accessor-${index}`,
          { project: args.project, appId: args.project, service: args.service, role: IAP_ACCESSOR_ROLE, member },
          { parent: this },
        ),
    );
    this.registerOutputs({});
  }
}
