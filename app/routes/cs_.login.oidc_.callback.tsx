import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signInStaffWithOidc } from "../services/sign-in-staff-oidc.server";
import { safeRedirectPath } from "../utils/auth.server";
import { browserLanguage, fixedT } from "../utils/i18n.server";
import { clearOidcCookie, oidcProvider } from "../utils/oidc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * Where the provider sends the browser back. A GET that signs in: the code in its query is
 * single-use and bound to this browser's attempt (state, nonce and PKCE verifier in the signed
 * cookie), so a link scanner or a forged link signs nobody in.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const provider = oidcProvider();
  if (!provider) throw new Response("Not Found", { status: 404 });
  const result = await signInStaffWithOidc(request);
  const headers = new Headers({ "Set-Cookie": await clearOidcCookie(), "Cache-Control": "no-store" });
  if (result.ok) {
    headers.append("Set-Cookie", result.setCookie);
    throw redirect(safeRedirectPath(result.redirectTo, "/cs"), { headers });
  }
  const t = await fixedT(await browserLanguage(request), "staffAuth");
  return data({ title: t("sso.title"), reason: result.reason, provider: provider.name }, { status: result.reason === "failed" ? 400 : 403, headers });
}

export default function OidcRefused() {
  const { reason, provider } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staffAuth");
  return (
    <main className="centered-page" id="main">
      <div className="card narrow">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </p>
        <h1>{t("sso.heading")}</h1>
        <p role="alert">{t(`sso.${reason === "no-account" ? "noAccount" : reason}`, { provider })}</p>
        <p>
          <a href="/cs/login">{t("sso.back")}</a>
        </p>
      </div>
    </main>
  );
}
