import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { PromoterForm } from "../domain/settings-forms";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { fixedT } from "../utils/i18n.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];
// "Promoter asks · Settings · Kizuna console" }];

type SectionResult = SettingsResult | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  const t = await fixedT(user.language, "admin");
  const title = t("settings.sectionTitle", { section: t("settings.sections.promoterAsks") });
  return { title, reviewUrl: getSetting("promoterActions").reviewUrl };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:settings:any");
  return handleSettingsForm(user, await request.formData(), clientIp(request), "promoter-asks");
}

export default function PromoterAskSettings() {
  const { reviewUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <PromoterAsksSection key={reviewUrl ?? ""} reviewUrl={reviewUrl} actionData={actionData} />;
}

function PromoterAsksSection({ reviewUrl, actionData }: { reviewUrl: string | null; actionData: SectionResult }) {
  const busy = usePendingIntent() === "promoter-actions";
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({
    id: "promoter-actions",
    lastResult: actionData?.result,
    defaultValue: { reviewUrl: reviewUrl ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PromoterForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="promoter-heading">
      <h2 id="promoter-heading">{t("settings.promoterAsks.heading")}</h2>
      <p className="muted">{t("settings.promoterAsks.help")}</p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <p>
        {reviewUrl ? (
          <>
            {t("settings.promoterAsks.reviewLink")}{" "}
            <a href={reviewUrl} className="webhook-mask" rel="noopener noreferrer" target="_blank">
              {reviewUrl}
            </a>
          </>
        ) : (
          <span className="muted">{t("settings.promoterAsks.noReviewLink")}</span>
        )}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="promoter-actions" />
        <div className="field">
          <label htmlFor={fields.reviewUrl.id}>{t("settings.promoterAsks.url")}</label>
          <p className="hint" id={`${fields.reviewUrl.id}-hint`}>
            {t("settings.promoterAsks.urlHint")}
          </p>
          <input
            {...getInputProps(fields.reviewUrl, { type: "url" })}
            placeholder="https://www.g2.com/products/…/reviews"
            className="webhook-input"
            spellCheck={false}
            autoComplete="off"
          />
          <FieldError errors={fields.reviewUrl.errors} id={fields.reviewUrl.errorId} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("settings.saving") : t("settings.promoterAsks.save")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/settings", label: t("settings.back") }} />;
}
