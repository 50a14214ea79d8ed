import { ConsoleError } from "../components/console-error";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { RolePicker } from "../components/role-picker";
import { NewPasswordFields } from "../components/new-password-fields";
import { FormError } from "../components/settings-form";
import { fieldMessage } from "../domain/field-message";
import { listAudit } from "../models/audit.server";
import { countStaffSessions, findUserById } from "../models/user.server";
import { changeUserRole } from "../services/change-user-role.server";
import { resetUserPassword } from "../services/reset-user-password.server";
import { setUserDisabled } from "../services/set-user-disabled.server";
import { resetTwoFactor } from "../services/staff-two-factor.server";
import { refusalOf, requireId } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { UserAccessForm as AccessForm, UserPasswordForm as PasswordForm, UserRoleForm as RoleForm } from "../domain/staff-users";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { readSession } from "../utils/session.server";

// One schema per form (domain/staff-users); `intent` says which form was sent, so errors land beside the right one.
const SCHEMAS = { role: RoleForm, access: AccessForm, password: PasswordForm } as const;
type Intent = keyof typeof SCHEMAS;

/** What `?done=` may say after a change (keys of `users.detail.done`; `two-factor`: staffAuth's `user.done`). */
const DONE = ["role", "disabled", "enabled", "password"] as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

function loadUser(params: LoaderFunctionArgs["params"]) {
  const user = findUserById(requireId(params));
  if (!user) throw new Response(fieldMessage("userNotFound"), { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const user = loadUser(params);
  const done = DONE.find((name) => name === new URL(request.url).searchParams.get("done"));
  const t = await fixedT(me.language, "admin");
  const twoFactorReset = new URL(request.url).searchParams.get("done") === "two-factor";
  return {
    title: t("users.detail.title", { name: user.name }),
    twoFactorDone: twoFactorReset ? (await fixedT(me.language, "staffAuth"))("userAdmin.done") : null,
    me: { id: me.id },
    user,
    activeSessions: countStaffSessions(user.id),
    history: listAudit({ entity: "user", entityId: user.id }, { limit: 20 }).entries,
    done: done ? t(`users.detail.done.${done}`) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const user = loadUser(params);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "two-factor-reset") {
    try {
      resetTwoFactor(me, user.id, clientIp(request));
      return redirect(`/cs/users/${user.id}?done=two-factor`);
    } catch (error) {
      const refusal = refusalOf(error, me.language);
      throw new Response(refusal.message, { status: refusal.status });
    }
  }
  if (intent !== "role" && intent !== "access" && intent !== "password") {
    throw new Response((await fixedT(me.language, "admin"))("users.detail.unknownAction"), { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent] });
  const reply = (options?: Parameters<typeof submission.reply>[0]) => ({
    intent,
    result: submission.reply({ hideFields: ["password", "confirm"], ...options }),
  });
  if (submission.status !== "success") return data(reply(), { status: 400 });
  const ip = clientIp(request);
  const here = `/cs/users/${user.id}`;
  try {
    const value = submission.value;
    if (value.intent === "role") {
      changeUserRole(me, { userId: user.id, role: value.role }, ip);
      return redirect(`${here}?done=role`);
    }
    if (value.intent === "access") {
      setUserDisabled(me, { userId: user.id, disabled: value.disabled }, ip);
      return redirect(`${here}?done=${value.disabled ? "disabled" : "enabled"}`);
    }
    const keepSessionId = (await readSession("staff", request))?.sessionId;
    await resetUserPassword(me, { userId: user.id, password: value.password }, { ip, keepSessionId });
    return redirect(`${here}?done=password`);
  } catch (error) {
    const refusal = refusalOf(error, me.language);
    return data(reply({ formErrors: [refusal.message] }), { status: refusal.status });
  }
}

export default function UserDetail() {
  const { me, user, activeSessions, history, done, twoFactorDone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]>) : undefined);
  const isMe = me.id === user.id;
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation("console");
  const { t: ts } = useTranslation("staffAuth");
  const status = user.disabledAt ? t("users.disabled") : t("users.active");

  const [roleForm, roleFields] = useForm({
    id: "user-role",
    lastResult: resultFor("role"),
    defaultValue: { role: user.role },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoleForm }),
  });
  const [accessForm] = useForm({ id: "user-access", lastResult: resultFor("access") });
  const [passwordForm, passwordFields] = useForm({
    id: "user-password",
    lastResult: resultFor("password"),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordForm }),
  });

  return (
    <>
      <p className="muted">
        <Link to="/cs/users">{t("users.detail.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {user.name} {isMe ? <span className="muted">{t("users.you")}</span> : null}
          </h1>
          <p>{user.email}</p>
        </div>
        <div>
          <span className={`badge role-${user.role}`}>{tc(`roles.${user.role}`)}</span>{" "}
          <span className={user.disabledAt ? "badge bad" : "badge good"}>{status}</span>
        </div>
      </div>

      {done || twoFactorDone ? (
        <div className="notice success" role="status">
          {done ?? twoFactorDone}
        </div>
      ) : null}

      <div className="two-col">
        <div className="stack">
          <section className="card" aria-labelledby="role-heading">
            <h2 id="role-heading">{t("users.detail.roleHeading")}</h2>
            <Form method="post" {...getFormProps(roleForm)}>
              <FormError errors={roleForm.errors} id={roleForm.errorId} />
              <input type="hidden" name="intent" value="role" />
              <RolePicker field={roleFields.role} legend={t("users.detail.roleOf", { name: user.name })} />
              <button type="submit" disabled={busy}>
                {t("users.detail.changeRole")}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="access-heading">
            <h2 id="access-heading">{t("users.detail.accessHeading")}</h2>
            <Form method="post" {...getFormProps(accessForm)}>
              <FormError errors={accessForm.errors} id={accessForm.errorId} />
              <input type="hidden" name="intent" value="access" />
              {user.disabledAt ? (
                <>
                  <p>
                    <Trans t={t} i18nKey="users.detail.disabledOn" components={{ time: <LocalTime value={user.disabledAt} /> }} />
                  </p>
                  <input type="hidden" name="disabled" value="false" />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("users.detail.reenable")}
                  </button>
                </>
              ) : (
                <>
                  <p>
                    {activeSessions === 0 ? t("users.detail.noSessions") : t("users.detail.sessions", { count: activeSessions })}{" "}
                    {isMe ? t("users.detail.disableExplainMe") : t("users.detail.disableExplain")}
                  </p>
                  <input type="hidden" name="disabled" value="true" />
                  <button type="submit" className="danger" disabled={busy}>
                    {t("users.detail.disable")}
                  </button>
                </>
              )}
            </Form>
          </section>

          <section className="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t("users.detail.passwordHeading")}</h2>
            <p className="muted">{isMe ? t("users.detail.passwordIntroMe") : t("users.detail.passwordIntro")}</p>
            <Form method="post" {...getFormProps(passwordForm)}>
              <FormError errors={passwordForm.errors} id={passwordForm.errorId} />
              <input type="hidden" name="intent" value="password" />
              <NewPasswordFields password={passwordFields.password} confirm={passwordFields.confirm} />
              <button type="submit" className="secondary" disabled={busy}>
                {t("users.detail.resetPassword")}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{ts("userAdmin.heading")}</h2>
            {user.totpEnabledAt ? (
              <Form method="post">
                <p>
                  {ts("userAdmin.on")} <LocalTime value={user.totpEnabledAt} />
                </p>
                <p className="muted">{ts("userAdmin.resetExplain")}</p>
                <input type="hidden" name="intent" value="two-factor-reset" />
                <button type="submit" className="danger" disabled={busy}>
                  {ts("userAdmin.reset")}
                </button>
              </Form>
            ) : (
              <p className="muted">{ts("userAdmin.off")}</p>
            )}
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t("users.detail.detailsHeading")}</h2>
            <dl className="facts">
              <dt>{t("users.email")}</dt>
              <dd>{user.email}</dd>
              <dt>{t("users.role")}</dt>
              <dd>{tc(`roles.${user.role}`)}</dd>
              <dt>{t("users.createdAt")}</dt>
              <dd>
                <LocalTime value={user.createdAt} />
              </dd>
              <dt>{t("users.status")}</dt>
              <dd>{status}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t("users.detail.historyHeading")}</h2>
            {history.length === 0 ? (
              <p className="muted">{t("users.detail.nothingYet")}</p>
            ) : (
              <ul className="user-history">
                {history.map((entry) => (
                  <li key={entry.id}>
                    <span className="mono">{entry.action}</span>
                    {entry.action === "user.role_changed" && entry.detail ? ` ${String(entry.detail.from)} → ${String(entry.detail.to)}` : ""}
                    <span className="muted">
                      {" "}
                      {t("users.detail.by", { name: entry.actorName ?? t("users.detail.system") })} · <LocalTime value={entry.at} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to={`/cs/audit?entity=user&entityId=${user.id}`}>{t("users.detail.allAudit")}</Link>
            </p>
          </section>
        </div>
      </div>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/users", label: t("users.detail.backToUsers") }} />;
}
