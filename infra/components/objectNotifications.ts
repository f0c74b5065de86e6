/**
 * ObjectNotifications: bucket → Pub/Sub → proxy (design §1, §6). The GCS service agent is granted
 * publisher on the topic *before* the storage Notification is created (else GCS answers 403);
 * the push subscription carries an OIDC token of a dedicated invoker service account so the proxy
 * can verify who calls it; undeliverable messages go to a dead-letter topic that has its own
 * subscription (without one, Pub/Sub drops them) and the IAM the Pub/Sub service agent needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { projects, pubsub, serviceaccount, storage } from "@pulumi/gcp";
import { serviceAccountMember, type ResourceLabels } from "./naming.js";

export interface ObjectNotificationsArgs {
  /** Name of the data bucket whose LC/ objects are announced. */
  bucketName: pulumi.Input<string>;
  /** HTTPS URL Pub/Sub pushes to (the proxy's `/pubsub/push`). */
  pushEndpoint: pulumi.Input<string>;
  /** Audience (`aud` claim) of the OIDC token the proxy checks. */
  audience: pulumi.Input<string>;
  /**
   * The service account the push subscription signs its OIDC tokens as. Made by the caller: the
   * proxy is told to trust it (and IAP to admit it) before this component, which needs the
   * proxy's URL, exists.
   */
  invoker: serviceaccount.Account;
  /** `app` and `env` labels. */
  labels: ResourceLabels;
  /** Resources that must be up before the first push (the proxy), so early messages are not dead-lettered. @default [] */
  deliverAfter?: pulumi.Resource[];
  /** Object name prefix announced. @default "LC/" */
  objectNamePrefix?: string;
  /** Seconds the proxy has to answer a push before redelivery. @default 60 */
  ackDeadlineSeconds?: number;
  /** Deliveries before a message goes to the dead-letter topic (5–100). @default 10 */
  maxDeliveryAttempts?: number;
  /** First redelivery backoff, a duration such as "10s". @default "10s" */
  minimumBackoff?: string;
  /** Longest redelivery backoff. @default "600s" */
  maximumBackoff?: string;
}

/**
 * Event types the pipeline reacts to (design §5): new generations of LC objects and generations
 * that stop being live. The data bucket is versioned, and there a delete or an overwrite makes
 * the live generation noncurrent, which GCS announces as OBJECT_ARCHIVE, not OBJECT_DELETE
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events); OBJECT_DELETE comes only
 * when a generation is removed for good (the lifecycle rule, or an unversioned bucket).
 */
export const NOTIFIED_EVENT_TYPES = ["OBJECT_FINALIZE", "OBJECT_ARCHIVE", "OBJECT_DELETE"];
/** Dead letters are kept 7 days, the Pub/Sub maximum, to be inspected and replayed. */
const DEAD_LETTER_RETENTION = "604800s";

export class ObjectNotifications extends pulumi.ComponentResource {
  readonly topic: pubsub.Topic;
  readonly notification: storage.Notification;
  readonly subscription: pubsub.Subscription;
  readonly deadLetterSubscription: pubsub.Subscription;
  readonly invoker: serviceaccount.Account;

  constructor(name: string, args: ObjectNotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:notifications:ObjectNotifications", name, {}, opts);
    const parent = { parent: this };
    // The Pub/Sub service agent is created on first use of the API, so on a fresh project it may
    // not exist yet when granted; generating its identity first makes sure it does (item 9,
    // https://cloud.google.com/iam/docs/create-service-agents#create).
    const pubsubAgent = new projects.ServiceIdentity(`${name}-pubsub-agent`, { service: "pubsub.googleapis.com" }, parent).member;

    this.topic = new pubsub.Topic(`${name}-topic`, { labels: args.labels }, parent);
    // Reading the GCS service agent creates it when missing (projects.serviceAccount.get,
    // https://cloud.google.com/storage/docs/json_api/v1/projects/serviceAccount/get), so it exists before the grant.
    const gcsAgent = storage.getProjectServiceAccountOutput({}, parent);
    const publisherGrant = new pubsub.TopicIAMMember(
      `${name}-gcs-publisher`,
      {
        topic: this.topic.id,
        role: "roles/pubsub.publisher",
        member: gcsAgent.emailAddress.apply(serviceAccountMember),
      },
      parent,
    );
    this.notification = new storage.Notification(
      `${name}-notification`,
      {
        bucket: args.bucketName,
        topic: this.topic.id,
        payloadFormat: "JSON_API_V1",
        objectNamePrefix: args.objectNamePrefix ?? "LC/",
        eventTypes: NOTIFIED_EVENT_TYPES,
      },
      { parent: this, dependsOn: [publisherGrant] },
    );

    this.invoker = args.invoker;
    // Pub/Sub mints the OIDC tokens as the invoker; projects created before April 2021 need this grant.
    const tokenCreator = new serviceaccount.IAMMember(
      `${name}-invoker-token-creator`,
      { serviceAccountId: this.invoker.name, role: "roles/iam.serviceAccountTokenCreator", member: pubsubAgent },
      parent,
    );

    const deadLetterTopic = new pubsub.Topic(`${name}-dead-letter`, { labels: args.labels }, parent);
    const deadLetterPublisher = new pubsub.TopicIAMMember(
      `${name}-dead-letter-publisher`,
      { topic: deadLetterTopic.id, role: "roles/pubsub.publisher", member: pubsubAgent },
      parent,
    );
    this.deadLetterSubscription = new pubsub.Subscription(
      `${name}-dead-letter-sub`,
      {
        topic: deadLetterTopic.id,
        messageRetentionDuration: DEAD_LETTER_RETENTION,
        expirationPolicy: { ttl: "" },
        labels: args.labels,
      },
      parent,
    );

    this.subscription = new pubsub.Subscription(
      `${name}-push`,
      {
        topic: this.topic.id,
        ackDeadlineSeconds: args.ackDeadlineSeconds ?? 60,
        pushConfig: {
          pushEndpoint: args.pushEndpoint,
          oidcToken: { serviceAccountEmail: this.invoker.email, audience: args.audience },
        },
        retryPolicy: { minimumBackoff: args.minimumBackoff ?? "10s", maximumBackoff: args.maximumBackoff ?? "600s" },
        deadLetterPolicy: { deadLetterTopic: deadLetterTopic.id, maxDeliveryAttempts: args.maxDeliveryAttempts ?? 10 },
        expirationPolicy: { ttl: "" },
        labels: args.labels,
      },
      { parent: this, dependsOn: [tokenCreator, deadLetterPublisher, this.deadLetterSubscription, ...(args.deliverAfter ?? [])] },
    );
    // The Pub/Sub service agent must be able to acknowledge what it forwards to the dead-letter topic.
    new pubsub.SubscriptionIAMMember(
      `${name}-push-subscriber`,
      { subscription: this.subscription.name, role: "roles/pubsub.subscriber", member: pubsubAgent },
      parent,
    );

    this.registerOutputs({
      topicId: this.topic.id,
      subscriptionName: this.subscription.name,
      deadLetterSubscriptionName: this.deadLetterSubscription.name,
      invokerEmail: this.invoker.email,
    });
  }
}
