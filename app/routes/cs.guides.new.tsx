import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { BLANK_STEP, GuideEditor } from "../components/guide-editor";
import { editorFieldErrors, GuideEditorForm, guideInputOf } from "../domain/guide-form";
import { previewGuideSteps } from "../services/guide-detail.server";
import { saveGuide } from "../services/save-guide.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/guides/new`: a new guide, published through the same service as `PUT /api/v1/guides`. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const t = await fixedT(user.language, "onboardingConsole");
  return {
    title: t("editor.newTitle"),
    defaultValue: {
      key: "",
      nameEn: "",
      nameJa: "",
      descriptionEn: "",
      descriptionJa: "",
      segments: ["tech"],
      stages: [] as string[],
      locales: [] as string[],
      targetDays: "",
      nudgeAfterDays: "3",
      stallAfterDays: "14",
      firstValue: "0",
      steps: [BLANK_STEP],
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:guide:any");
  const formData = await request.formData();
  const actor = { user, ip: clientIp(request) };
  const submission = parseWithZod(formData, { schema: GuideEditorForm });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null }, { status: submission.status === "error" ? 400 : 200 });
  if (formData.get("intent") === "preview") return { result: submission.reply(), preview: previewGuideSteps(actor, guideInputOf(submission.value)) };
  try {
    const saved = saveGuide(actor, submission.value, null);
    if (!saved.ok) return data({ result: submission.reply({ fieldErrors: editorFieldErrors(saved.errors) }), preview: null }, { status: 400 });
    return redirect(`/cs/guides/${saved.id}?published=created`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data({ result, preview: null }, { status });
  }
}

export default function NewGuidePage() {
  const { defaultValue } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("onboardingConsole");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("editor.newHeading")}</h1>
          <p>{t("editor.intro")}</p>
        </div>
      </div>
      <GuideEditor defaultValue={defaultValue} lastResult={reply?.result} isNew preview={reply?.preview ?? null} />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("onboardingConsole");
  return <ConsoleError back={{ to: "/cs/guides", label: t("guides.heading") }} />;
}
