/**
 * The JOSE header of the local issuer's tokens, as Google's ID tokens carry it: `alg` RS256 (the
 * only algorithm Google signs ID tokens with, https://accounts.google.com/.well-known/openid-configuration
 * "id_token_signing_alg_values_supported"; RFC 7518 §3.1 names it), `kid` the key id the
 * certificate document is keyed by, `typ` JWT (RFC 7519 §5.1). google-auth-library reads `alg`
 * only to tell ES256 from the rest (oauth2client.js, verifySignedJwtWithCertsAsync), so the
 * verifier test in localOidcIssuer.test.ts cannot tell a wrong one; verifiers that pick the
 * algorithm from the header (RFC 7515 §4.1.1) would refuse it.
 */
import { expect, it } from "vitest";
import { createLocalOidcIssuer } from "../../../runtime/local/localOidcIssuer.js";

it("signs tokens with the header {alg: RS256, kid: its key id, typ: JWT}", () => {
  const issuer = createLocalOidcIssuer();
  const token = issuer.pushToken("https://proxy.local/v1/notifications", "pubsub-push@piaa-local.iam.gserviceaccount.com");
  const header: unknown = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"));
  expect(header).toEqual({ alg: "RS256", kid: issuer.keyId, typ: "JWT" });
  expect(Object.keys(issuer.certificates())).toEqual([issuer.keyId]);
});
