import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { GuideEditor } from "../components/guide-editor";
import { editorFieldErrors, editorValuesOf, GuideEditorForm, guideInputOf } from "../domain/guide-form";
import { guideForEditor, previewGuideSteps } from "../services/guide-detail.server";
import { saveGuide } from "../services/save-guide.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/**
 * `/cs/guides/:id/edit`: the guide's current version in the editor. Publishing a changed step list
 * makes a new version for accounts that start later; accounts mid-way keep theirs. Admins only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const t = await fixedT(user.language, "onboardingConsole");
  const id = requireId(params);
  const stored = guideForEditor({ user }, id);
  if (!stored) throw new Response(t("guide.notFound"), { status: 404 });
  const name = user.language === "ja" ? stored.guide.name.ja : stored.guide.name.en;
  return { id, name, defaultValue: editorValuesOf(stored.guide, stored.delays), title: t("editor.editTitle", { name }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const id = requireId(params);
  const formData = await request.formData();
  const actor = { user, ip: clientIp(request) };
  const submission = parseWithZod(formData, { schema: GuideEditorForm });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null }, { status: submission.status === "error" ? 400 : 200 });
  if (formData.get("intent") === "preview") return { result: submission.reply(), preview: previewGuideSteps(actor, guideInputOf(submission.value)) };
  try {
    const saved = saveGuide(actor, submission.value, id);
    if (!saved.ok) return data({ result: submission.reply({ fieldErrors: editorFieldErrors(saved.errors) }), preview: null }, { status: 400 });
    const change = saved.result.counts.created ? "created" : saved.result.counts.updated ? "updated" : "unchanged";
    return redirect(`/cs/guides/${saved.id}?published=${change}`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ result, preview: null }, { status });
  }
}

export default function EditGuidePage() {
  const { id, name, defaultValue } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("onboardingConsole");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("editor.editHeading", { name })}</h1>
          <p>{t("editor.editIntro")}</p>
        </div>
        <div className="page-actions">
          <Link className="button secondary" to={`/cs/guides/${id}`}>
            {t("editor.cancel")}
          </Link>
        </div>
      </div>
      <GuideEditor defaultValue={defaultValue} lastResult={reply?.result} isNew={false} preview={reply?.preview ?? null} />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("onboardingConsole");
  return <ConsoleError back={{ to: "/cs/guides", label: t("guides.heading") }} />;
}
