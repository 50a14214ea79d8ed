import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { NewPasswordFields } from "../components/new-password-fields";
import { FieldError, FormError } from "../components/settings-form";
import { ProfileLanguageForm as LanguageForm, ProfilePasswordForm as PasswordForm } from "../domain/staff-users";
import { LANGUAGES } from "../locales";
import { setUserLocale } from "../models/user.server";
import { changeOwnPassword } from "../services/change-own-password.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";
import { readSession } from "../utils/session.server";
import { twoFactorStatus } from "../services/staff-two-factor.server";
import { oidcProvider } from "../utils/oidc.server";

// One schema per form (domain/staff-users); `intent` says which form was sent, so errors land beside the right one.
const SCHEMAS = { language: LanguageForm, password: PasswordForm } as const;
type Intent = keyof typeof SCHEMAS;
const DONE = ["language", "password"] as const;

/** What every console user may do with their own profile (the header shows it to everyone). */
const PERMISSION = "read:account:any";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, PERMISSION);
  const t = await fixedT(me.language, "admin");
  const done = DONE.find((name) => name === new URL(request.url).searchParams.get("done"));
  return {
    title: t("profile.title"),
    me: { name: me.name, email: me.email, role: me.role, language: me.language },
    twoFactor: twoFactorStatus(me.id),
    sso: oidcProvider() !== null,
    done: done === "language" ? t("profile.languageSaved") : done === "password" ? t("profile.passwordChanged") : null,
  };
}

/**
 * Two forms: the person's language (saved on their user, so every device and email follows; the
 * page comes back in it) and their password (the current one required, rate-limited, audited).
 */
export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, PERMISSION);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent !== "language" && intent !== "password") {
    throw new Response((await fixedT(me.language, "admin"))("profile.unknownForm"), { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent] });
  const hidden = ["currentPassword", "password", "confirm"];
  if (submission.status !== "success") return data({ intent, result: submission.reply({ hideFields: hidden }) }, { status: 400 });
  const value = submission.value;
  if (value.intent === "language") {
    setUserLocale(me.id, value.locale);
    return redirect("/cs/profile?done=language");
  }
  try {
    const keepSessionId = (await readSession("staff", request))?.sessionId;
    await changeOwnPassword(me, { currentPassword: value.currentPassword, password: value.password }, { ip: clientIp(request), keepSessionId });
    return redirect("/cs/profile?done=password");
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { hideFields: hidden, language: me.language });
    return data({ intent, result }, { status });
  }
}

export default function Profile() {
  const { me, done, twoFactor, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation("console");
  const { t: ts } = useTranslation("staffAuth");
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]>) : undefined);

  const [languageForm, languageFields] = useForm({
    id: "profile-language",
    lastResult: resultFor("language"),
    defaultValue: { locale: me.language },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LanguageForm }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "profile-password",
    lastResult: resultFor("password"),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordForm }),
  });
  const languageNames = { en: t("profile.english"), ja: t("profile.japanese") } as const;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("profile.heading")}</h1>
          <p>{t("profile.intro")}</p>
        </div>
      </div>

      {done ? (
        <div className="notice success" role="status">
          {done}
        </div>
      ) : null}

      <div className="two-col">
        <div className="stack">
          <section className="card" aria-labelledby="language-heading">
            <h2 id="language-heading">{t("profile.languageHeading")}</h2>
            <Form method="post" {...getFormProps(languageForm)}>
              <FormError errors={languageForm.errors} id={languageForm.errorId} />
              <input type="hidden" name="intent" value="language" />
              <fieldset className="choice-list" aria-describedby={languageFields.locale.errors ? languageFields.locale.errorId : "language-hint"}>
                <legend>{t("profile.languageLegend")}</legend>
                <p className="hint" id="language-hint">
                  {t("profile.languageHint")}
                </p>
                {getCollectionProps(languageFields.locale, { type: "radio", options: [...LANGUAGES] }).map(({ key, ...props }) => (
                  <label key={key} className="choice" htmlFor={props.id}>
                    <input {...props} />
                    <span lang={props.value}>{languageNames[props.value as keyof typeof languageNames]}</span>
                  </label>
                ))}
                <FieldError errors={languageFields.locale.errors} id={languageFields.locale.errorId} />
              </fieldset>
              <button type="submit" disabled={busy}>
                {t("profile.saveLanguage")}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t("profile.passwordHeading")}</h2>
            <p className="muted">{t("profile.passwordIntro")}</p>
            <Form method="post" {...getFormProps(passwordForm)}>
              <FormError errors={passwordForm.errors} id={passwordForm.errorId} />
              <input type="hidden" name="intent" value="password" />
              <div className="field">
                <label htmlFor={passwordFields.currentPassword.id}>{t("profile.currentPassword")}</label>
                <input {...getInputProps(passwordFields.currentPassword, { type: "password" })} autoComplete="current-password" />
                <FieldError errors={passwordFields.currentPassword.errors} id={passwordFields.currentPassword.errorId} />
              </div>
              <NewPasswordFields password={passwordFields.password} confirm={passwordFields.confirm} />
              <button type="submit" className="secondary" disabled={busy}>
                {t("profile.changePassword")}
              </button>
            </Form>
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{t("profile.detailsHeading")}</h2>
            <dl className="facts">
              <dt>{t("profile.name")}</dt>
              <dd>{me.name}</dd>
              <dt>{t("profile.email")}</dt>
              <dd>{me.email}</dd>
              <dt>{t("profile.role")}</dt>
              <dd>{tc(`roles.${me.role}`)}</dd>
            </dl>
            <p className="hint profile-hint">{t("profile.detailsHint")}</p>
          </section>
          <section className="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{ts("profile.heading")}</h2>
            <p>{twoFactor.enabled ? ts("profile.on") : ts("profile.off")}</p>
            {twoFactor.enabled ? <p className="muted">{ts("profile.codesLeft", { count: twoFactor.recoveryCodesLeft })}</p> : null}
            <p>
              <a href="/cs/two-factor" className={twoFactor.enabled ? undefined : "button"}>
                {twoFactor.enabled ? ts("profile.manage") : ts("profile.setUp")}
              </a>
            </p>
            {sso ? <p className="hint">{ts("profile.ssoNote")}</p> : null}
          </section>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs", label: t("errorPages.backToOverview") }} />;
}
