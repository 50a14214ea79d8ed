import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

/*
 * A local OpenID Connect provider for tests: discovery, a JWKS with a key made here, and a token
 * endpoint that checks the client, the redirect URI and the PKCE verifier before it signs an ID
 * token. The authorization step (a person signing in at the provider) is the test's: it reads the
 * authorization URL the app built and calls `issueCode` with the claims the provider would vouch for.
 */

export type FakeOidc = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A one-time code for the authorization request at `authorizationUrl`, whose ID token carries `claims` (and the request's nonce unless `nonce` says otherwise). */
  issueCode(authorizationUrl: string, claims: JWTPayload & { nonce?: string }): string;
  tokenRequests: number;
  close(): Promise<void>;
};

export async function startFakeOidc(): Promise<FakeOidc> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const clientId = "kizuna-console";
  const clientSecret = randomBytes(16).toString("hex");
  const codes = new Map<string, { redirectUri: string; challenge: string; claims: JWTPayload }>();
  let issuer = "";
  const state = { tokenRequests: 0 };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_post"],
      });
    }
    if (req.method === "GET" && url.pathname === "/jwks") return json(200, { keys: [jwk] });
    if (req.method === "POST" && url.pathname === "/token") {
      state.tokenRequests++;
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) return json(401, { error: "invalid_client" });
        if (!grant || form.get("grant_type") !== "authorization_code" || form.get("redirect_uri") !== grant.redirectUri)
          return json(400, { error: "invalid_grant" });
        const verifier = form.get("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge)
          return json(400, { error: "invalid_grant", error_description: "PKCE" });
        void new SignJWT(grant.claims)
          .setProtectedHeader({ alg: "RS256", kid: "test-key" })
          .setIssuer(issuer)
          .setAudience(clientId)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey)
          .then((idToken) => json(200, { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: idToken }));
      });
      return;
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    clientId,
    clientSecret,
    get tokenRequests() {
      return state.tokenRequests;
    },
    issueCode(authorizationUrl, claims) {
      const request = new URL(authorizationUrl);
      if (request.searchParams.get("client_id") !== clientId) throw new Error("wrong client");
      if (request.searchParams.get("code_challenge_method") !== "S256") throw new Error("PKCE S256 expected");
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        redirectUri: request.searchParams.get("redirect_uri")!,
        challenge: request.searchParams.get("code_challenge")!,
        claims: { nonce: request.searchParams.get("nonce") ?? undefined, ...claims },
      });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
