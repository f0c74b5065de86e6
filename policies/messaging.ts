/** Messaging guardrails: authenticated push, no silent message loss, notifications that can publish. */
import { pubsub, storage } from "@pulumi/gcp";
import { validateResourceOfType, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";

/** The Cloud Storage service agent of a project (the identity that publishes notifications). */
const GCS_SERVICE_AGENT = /^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/;

export const pushSubscriptionOidc: ResourceValidationPolicy = {
  name: "pubsub-push-oidc-token",
  description: "Push subscriptions authenticate to their endpoint with an OIDC token.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(pubsub.Subscription, (subscription, args, report) => {
    if (subscription.pushConfig && !subscription.pushConfig.oidcToken?.serviceAccountEmail) {
      report(
        `Subscription "${args.name}" pushes without authentication; set pushConfig.oidcToken.serviceAccountEmail (and audience) so the endpoint can verify Pub/Sub.`,
      );
    }
  }),
};

export const pushSubscriptionDeadLetter: ResourceValidationPolicy = {
  name: "pubsub-dead-letter-policy",
  description: "Push subscriptions send undeliverable messages to a dead-letter topic instead of retrying forever.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(pubsub.Subscription, (subscription, args, report) => {
    if (subscription.pushConfig && !subscription.deadLetterPolicy?.deadLetterTopic) {
      report(`Subscription "${args.name}" has no dead-letter policy; set deadLetterPolicy.deadLetterTopic and maxDeliveryAttempts.`);
    }
  }),
};

export const notificationTopicPublisher: StackValidationPolicy = {
  name: "storage-notification-publisher-grant",
  description: "Each storage notification targets a topic on which the GCS service agent may publish, granted before the notification.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const grants = args.resources.filter(
      (r) =>
        r.isType(pubsub.TopicIAMMember) &&
        r.props.role === "roles/pubsub.publisher" &&
        typeof r.props.member === "string" &&
        GCS_SERVICE_AGENT.test(r.props.member),
    );
    for (const notification of args.resources.filter((r) => r.isType(storage.Notification))) {
      const grant = grants.find((g) => g.props.topic === notification.props.topic);
      if (!grant) {
        report(
          `Notification "${notification.name}" targets topic ${String(notification.props.topic)} but the GCS service agent may not publish there; add a TopicIAMMember with roles/pubsub.publisher for it.`,
          notification.urn,
        );
      } else if (!notification.dependencies.some((d) => d.urn === grant.urn)) {
        report(
          `Notification "${notification.name}" does not depend on the publisher grant "${grant.name}", so it can be created first and fail with 403; add dependsOn: [${grant.name}].`,
          notification.urn,
        );
      }
    }
  },
};

export const notificationSubscriptionDeadLetter: StackValidationPolicy = {
  name: "storage-notification-pull-dead-letter",
  description: "Pull subscriptions of a storage-notification topic (the analyzer's) dead-letter what they cannot process, as push subscriptions do.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    // A topic may be named by id (projects/p/topics/t) or by name (t).
    const topicName = (topic: unknown): string => String(topic).split("/").pop()!;
    const notified = new Set(args.resources.filter((r) => r.isType(storage.Notification)).map((n) => topicName(n.props.topic)));
    for (const subscription of args.resources.filter((r) => r.isType(pubsub.Subscription) && !r.props.pushConfig && notified.has(topicName(r.props.topic)))) {
      if (!subscription.props.deadLetterPolicy?.deadLetterTopic) {
        report(`Pull subscription "${subscription.name}" of a storage-notification topic has no dead-letter policy; set deadLetterPolicy.deadLetterTopic and maxDeliveryAttempts.`, subscription.urn);
      }
    }
  },
};

export const messagingPolicies = [pushSubscriptionOidc, pushSubscriptionDeadLetter, notificationTopicPublisher, notificationSubscriptionDeadLetter];
