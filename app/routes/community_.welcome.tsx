import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { welcomePath } from "../domain/community-settings";
import { acceptGuidelines, communityGuidelines } from "../services/community-settings.server";
import { safeRedirectPath } from "../utils/auth.server";
import { communityViewer } from "../utils/community.server";
import { memberMustAcceptGuidelines } from "../utils/community-access.server";
import { fixedT, resolveLanguage } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

/** A plain page and a plain form: it works without client scripts, so it is sent without them. */
export const handle = SERVER_RENDERED_ONLY;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

function returnTo(request: Request) {
  return safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/community");
}

/**
 * `/community/welcome?redirectTo=`: the guidelines in the reader's language, and the button that
 * accepts them. Posting forms send members here while they have not accepted (community-access: needsGuidelines, guidelinesRedirect).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await communityViewer(request);
  const redirectTo = returnTo(request);
  if (viewer.kind === "anonymous") {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // Staff accept the guidelines by running the community.
  if (viewer.kind === "staff") throw redirect(redirectTo);
  const language = await resolveLanguage(request, viewer.contact.locale);
  const t = await fixedT(language, "communityJoin");
  const guidelines = communityGuidelines(language);
  return { language, title: t("welcome.metaTitle"), html: guidelines.html, redirectTo, accepted: !memberMustAcceptGuidelines(viewer.member) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await communityViewer(request);
  const form = await request.formData();
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/community");
  if (viewer.kind === "staff") return redirect(redirectTo);
  if (viewer.kind === "anonymous") return redirect(`/login?redirectTo=${encodeURIComponent(welcomePath(redirectTo))}`);
  acceptGuidelines(viewer.contact);
  return redirect(redirectTo, 303);
}

export default function CommunityWelcome() {
  const { html, redirectTo, accepted } = useLoaderData<typeof loader>();
  const { t } = useTranslation("communityJoin");
  const busy = useNavigation().state !== "idle";
  return (
    <CustomerShell signedIn>
      <div className="auth-page">
        <div className="card community-guidelines">
          <p className="eyebrow">{t("welcome.eyebrow")}</p>
          <h1>{t("welcome.title")}</h1>
          {accepted ? (
            <p className="notice success" role="status">
              {t("welcome.accepted")}
            </p>
          ) : (
            <p>{t("welcome.intro")}</p>
          )}
          {/* Rendered from the admin's Markdown with raw HTML off and an allowlist sanitiser (renderMarkdown). */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          {accepted ? (
            <p>
              <a href={redirectTo}>{t("welcome.continue")}</a>
            </p>
          ) : (
            <Form method="post">
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <button type="submit" className="wide" disabled={busy}>
                {t("welcome.accept")}
              </button>
            </Form>
          )}
        </div>
      </div>
    </CustomerShell>
  );
}
