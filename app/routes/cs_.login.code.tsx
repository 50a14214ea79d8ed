import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "../components/settings-form";
import { SecondFactorForm } from "../domain/two-factor-forms";
import { verifySecondFactor } from "../services/staff-two-factor.server";
import { getStaffSession, safeRedirectPath } from "../utils/auth.server";
import { browserLanguage, fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The second step of a password sign-in: only a session awaiting its code gets this page; anyone else goes where they belong. */
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getStaffSession(request);
  if (!session || session.pending === "enrol") throw redirect(session ? "/cs/two-factor" : "/cs/login");
  if (!session.pending) throw redirect("/cs");
  const t = await fixedT(session.user.language, "staffAuth");
  return { title: t("code.title") };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SecondFactorForm });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["code"] }), { status: 400 });
  const result = await verifySecondFactor(request, submission.value.code);
  if (result.ok) {
    return redirect(safeRedirectPath(submission.value.redirectTo, "/cs"), { headers: { "Set-Cookie": result.setCookie } });
  }
  // The half-way session expired or was replaced: start again from the password.
  if (result.reason === "no-pending-sign-in") throw redirect("/cs/login");
  const t = await fixedT((await getStaffSession(request))?.user.language ?? (await browserLanguage(request)), "staffAuth");
  if (result.reason === "rate-limited") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return data(submission.reply({ formErrors: [t("code.tooMany", { count: minutes })], hideFields: ["code"] }), {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  return data(submission.reply({ formErrors: [t("code.wrong")], hideFields: ["code"] }), { status: 401 });
}

export default function SecondFactorStep() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("staffAuth");
  const [form, fields] = useForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: SecondFactorForm }) });
  return (
    <main className="centered-page" id="main">
      <div className="card narrow">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </p>
        <h1>{t("code.heading")}</h1>
        <p className="muted">{t("code.intro")}</p>
        <Form method="post" {...getFormProps(form)}>
          <FormError errors={form.errors} id={form.errorId} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <div className="field">
            <label htmlFor={fields.code.id}>{t("code.label")}</label>
            <p className="hint" id={`${fields.code.id}-hint`}>
              {t("code.hint")}
            </p>
            <input
              {...getInputProps(fields.code, { type: "text" })}
              autoComplete="one-time-code"
              autoCapitalize="off"
              spellCheck={false}
              aria-describedby={`${fields.code.id}-hint`}
              // eslint-disable-next-line jsx-a11y/no-autofocus -- the page asks for this one thing
              autoFocus
            />
            <FieldError errors={fields.code.errors} id={fields.code.errorId} />
          </div>
          <button type="submit" className="wide">
            {t("code.submit")}
          </button>
        </Form>
        <form method="post" action="/cs/logout" className="sign-in-cancel">
          <button type="submit" className="link-button">
            {t("code.cancel")}
          </button>
        </form>
      </div>
    </main>
  );
}
