/**
 * What the proxy tests on real sockets share: the push subscription's identity, a locally
 * signed push token (localOidcIssuer stands in for Google), a push body, and the two edges the
 * proxy talks to on 127.0.0.1 (certificate endpoint, fake combiner) started around a test file.
 */
import { afterAll, beforeAll } from "vitest";
import { buildPubsubPush } from "../../../runtime/core/notifications/pubsubPush.js";
import { createLocalOidcIssuer, serveCertificates, type CertificateServer } from "../../../runtime/local/localOidcIssuer.js";
import { startFakeCombiner, type FakeCombiner } from "./fakeCombiner.js";

export const AUDIENCE = "https://proxy.example.test/pubsub/push";
export const PUSH_ACCOUNT = "push@piaa-test.iam.gserviceaccount.com";
export const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
export const issuer = createLocalOidcIssuer();

/** A valid push token's Authorization header. */
export const pushAuthorization = (): string => `Bearer ${issuer.pushToken(AUDIENCE, PUSH_ACCOUNT)}`;
/** A push of an LC finalize, as Pub/Sub sends it. */
export const pushBody = JSON.stringify(buildPubsubPush({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "piaa-test", object: LC, generation: "1700000000000001" }));

export interface PushEdges {
  certs: CertificateServer;
  combiner: FakeCombiner;
}

/** Serves the issuer's certificates and a fake combiner for the calling test file (filled in beforeAll). */
export function usePushEdges(): PushEdges {
  const edges = {} as PushEdges;
  beforeAll(async () => {
    edges.certs = await serveCertificates(issuer);
    edges.combiner = await startFakeCombiner();
  });
  afterAll(async () => {
    await Promise.all([edges.certs.close(), edges.combiner.close()]);
  });
  return edges;
}

/** The proxy's environment (runtime/proxy/config.ts) for these edges, listening on 127.0.0.1. */
export const proxyEnvironment = (edges: PushEdges): Record<string, string> => ({
  PIAA_COMBINER_URL: edges.combiner.url,
  PIAA_COMBINER_TOKEN: "combiner-secret-for-tests",
  PIAA_PUSH_AUDIENCE: AUDIENCE,
  PIAA_PUSH_SERVICE_ACCOUNT: PUSH_ACCOUNT,
  PIAA_PUSH_CERTS_URL: edges.certs.url,
  PIAA_PROXY_HOST: "127.0.0.1",
});
