/**
 * ProxySecrets: the proxy's tokens in Secret Manager (issue 15, item 5). App Engine environment
 * variables are stored in clear in the version's configuration and readable by anyone with
 * `appengine.versions.get`; a secret is readable only by principals granted
 * `roles/secretmanager.secretAccessor` on it — here the proxy's own service account. The version
 * then carries only the secret's resource name, and the proxy reads the value at start
 * (runtime/proxy/secretSource.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { secretmanager } from "@pulumi/gcp";
import { secretId, serviceAccountMember, type ResourceLabels } from "./naming.js";

export interface ProxySecretsArgs {
  /** Environment variable name → secret value; each becomes `<NAME>_SECRET` in the version. */
  values: Record<string, pulumi.Input<string>>;
  /** E-mail of the service account that may read them. */
  accessorEmail: pulumi.Input<string>;
  labels: ResourceLabels;
}

/** Name of the variable that carries a secret's resource name instead of its value. Pure. */
export function secretReferenceVariable(variable: string): string {
  return `${variable}_SECRET`;
}

export class ProxySecrets extends pulumi.ComponentResource {
  /** `<NAME>_SECRET` → `projects/<p>/secrets/<id>/versions/<n>`: what the version's environment holds. */
  readonly references: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ProxySecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:proxy:ProxySecrets", name, {}, opts);
    const parent = { parent: this };
    this.references = {};
    for (const [variable, value] of Object.entries(args.values)) {
      const suffix = variable.toLowerCase().replace(/^piaa_/, "").replace(/_/g, "-");
      const secret = new secretmanager.Secret(
        `${name}-${suffix}`,
        { secretId: secretId(`piaa-${args.labels.env}-${suffix}`), replication: { auto: {} }, labels: args.labels },
        parent,
      );
      const version = new secretmanager.SecretVersion(`${name}-${suffix}-version`, { secret: secret.id, secretData: pulumi.secret(value) }, parent);
      const accessor = new secretmanager.SecretIamMember(
        `${name}-${suffix}-accessor`,
        { secretId: secret.id, role: "roles/secretmanager.secretAccessor", member: pulumi.output(args.accessorEmail).apply(serviceAccountMember) },
        parent,
      );
      // The version's name pins the value the proxy reads; it is only usable once the grant exists.
      this.references[secretReferenceVariable(variable)] = pulumi.all([version.name, accessor.id]).apply(([versionName]) => versionName);
    }
    this.registerOutputs({});
  }
}
