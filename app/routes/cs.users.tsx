import { ConsoleError } from "../components/console-error";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { RolePicker } from "../components/role-picker";
import { FieldError, FormError } from "../components/settings-form";
import { listUsers } from "../models/user.server";
import { CreateUserForm, MIN_PASSWORD_LENGTH } from "../domain/staff-users";
import { createStaffUser } from "../services/create-staff-user.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const createdId = Number(new URL(request.url).searchParams.get("created"));
  const users = listUsers();
  const t = await fixedT(me.language, "admin");
  return { title: t("users.title"), me: { id: me.id }, users, created: users.find((u) => u.id === createdId) ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const submission = parseWithZod(await request.formData(), { schema: CreateUserForm });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    const created = await createStaffUser(submission.value, { user: me, ip: clientIp(request) });
    return redirect(`/cs/users?created=${created.id}`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { hideFields: ["password"], language: me.language });
    return data(result, { status });
  }
}

export default function Users() {
  const { me, users, created } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation("console");
  const [form, fields] = useForm({
    id: "create-user",
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: { role: "csm" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateUserForm }),
  });
  const active = users.filter((u) => !u.disabledAt);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("users.heading")}</h1>
          <p>{t("users.intro", { active: active.length, disabled: users.length - active.length })}</p>
        </div>
      </div>

      {created ? (
        <div className="notice success" role="status">
          {t("users.created", { name: created.name, email: created.email, role: tc(`roles.${created.role}`) })}
        </div>
      ) : null}

      <div className="stack">
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("users.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("users.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/cs/users/${user.id}`}>{user.name}</Link>
                    {user.id === me.id ? <span className="muted"> {t("users.you")}</span> : null}
                  </td>
                  <td>{user.email}</td>
                  <td>
                    <span className={`badge role-${user.role}`}>{tc(`roles.${user.role}`)}</span>
                  </td>
                  <td>
                    {user.disabledAt ? <span className="badge bad">{t("users.disabled")}</span> : <span className="badge good">{t("users.active")}</span>}
                  </td>
                  <td>
                    <LocalTime value={user.createdAt} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <section className="card" aria-labelledby="create-user-heading">
          <h2 id="create-user-heading">{t("users.addHeading")}</h2>
          <p className="muted">{t("users.addIntro")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormError errors={form.errors} id={form.errorId} />
            <div className="form-row top">
              <div className="field">
                <label htmlFor={fields.name.id}>{t("users.name")}</label>
                <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
                <FieldError errors={fields.name.errors} id={fields.name.errorId} />
              </div>
              <div className="field">
                <label htmlFor={fields.email.id}>{t("users.email")}</label>
                <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
                <FieldError errors={fields.email.errors} id={fields.email.errorId} />
              </div>
            </div>
            <div className="form-row top">
              <div className="field">
                <label htmlFor={fields.password.id}>{t("users.initialPassword")}</label>
                <p className="hint" id={`${fields.password.id}-hint`}>
                  {t("users.initialPasswordHint", { min: MIN_PASSWORD_LENGTH })}
                </p>
                <input
                  {...getInputProps(fields.password, { type: "password" })}
                  autoComplete="new-password"
                  aria-describedby={fields.password.errors ? `${fields.password.id}-hint ${fields.password.errorId}` : `${fields.password.id}-hint`}
                />
                <FieldError errors={fields.password.errors} id={fields.password.errorId} />
              </div>
              <div className="field">
                <RolePicker field={fields.role} />
              </div>
            </div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("users.add")}
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs", label: t("errorPages.backToOverview") }} />;
}
