import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormError, useWordMessage } from "../components/settings-form";
import { StaffSignInForm as SignInForm } from "../domain/staff-users";
import { signInStaff } from "../services/sign-in-staff.server";
import { getStaff, PENDING_STEP_PATH, safeRedirectPath } from "../utils/auth.server";
import { browserLanguage, fixedT } from "../utils/i18n.server";
import { oidcProvider } from "../utils/oidc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getStaff(request)) throw redirect("/cs");
  const t = await fixedT(await browserLanguage(request), "console");
  return { title: t("signIn.title"), oidc: oidcProvider() };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignInForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const result = await signInStaff(request, email, password);
  const t = await fixedT(await browserLanguage(request), "console");
  if (result.ok) {
    const next = safeRedirectPath(redirectTo, "/cs");
    // A second factor or its required setup comes first; where the person was going rides along.
    const to = result.next === "done" ? next : `${PENDING_STEP_PATH[result.next]}?redirectTo=${encodeURIComponent(next)}`;
    return redirect(to, { headers: { "Set-Cookie": result.setCookie } });
  }
  if (result.reason === "rate-limited") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return data(submission.reply({ formErrors: [t("signIn.tooMany", { count: minutes })], hideFields: ["password"] }), {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  return data(submission.reply({ formErrors: [t("signIn.noMatch")], hideFields: ["password"] }), { status: 401 });
}

export default function StaffSignIn() {
  const lastResult = useActionData<typeof action>();
  const { oidc } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("console");
  const { t: ts } = useTranslation("staffAuth");
  const word = useWordMessage();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInForm }),
  });
  return (
    <main className="centered-page" id="main">
      <div className="card narrow">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </p>
        <h1>{t("signIn.heading")}</h1>
        <p className="muted">
          <Trans t={t} i18nKey="signIn.intro" components={{ portal: <a href="/login">portal</a> }} />
        </p>
        <Form method="post" {...getFormProps(form)}>
          <FormError errors={form.errors} id={form.errorId} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <div className="field">
            <label htmlFor={fields.email.id}>{t("signIn.email")}</label>
            <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
            {fields.email.errors ? (
              <p className="field-error" id={fields.email.errorId}>
                {word(fields.email.errors[0])}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={fields.password.id}>{t("signIn.password")}</label>
            <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
            {fields.password.errors ? (
              <p className="field-error" id={fields.password.errorId}>
                {word(fields.password.errors[0])}
              </p>
            ) : null}
          </div>
          <button type="submit" className="wide">
            {t("signIn.submit")}
          </button>
        </Form>
        {oidc ? (
          <form method="post" action="/cs/login/oidc" className="sso-sign-in">
            <p className="or-divider muted">{ts("login.or")}</p>
            <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
            <button type="submit" className="secondary wide">
              {ts("login.withProvider", { name: oidc.name })}
            </button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
