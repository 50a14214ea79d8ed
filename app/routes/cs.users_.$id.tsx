import { ConsoleError } from "../components/console-error";
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LocalTime } from "../components/local-time";
import { RolePicker } from "../components/role-picker";
import { listAudit } from "../models/audit.server";
import { countStaffSessions, findUserById } from "../models/user.server";
import { changeUserRole } from "../services/change-user-role.server";
import { resetUserPassword } from "../services/reset-user-password.server";
import { setUserDisabled } from "../services/set-user-disabled.server";
import { refusalOf, requireId } from "../utils/refusal.server";
import { requireStaff } from "../utils/auth.server";
import { MIN_PASSWORD_LENGTH, UserAccessForm as AccessForm, UserPasswordForm as PasswordForm, UserRoleForm as RoleForm } from "../domain/staff-users";
import { clientIp } from "../utils/rate-limit.server";
import { readSession } from "../utils/session.server";

// One schema per form (domain/staff-users); `intent` says which form was sent, so errors land beside the right one.
const SCHEMAS = { role: RoleForm, access: AccessForm, password: PasswordForm } as const;
type Intent = keyof typeof SCHEMAS;

const DONE_MESSAGES: Record<string, string> = {
  role: "Role changed.",
  disabled: "User disabled and signed out everywhere.",
  enabled: "User re-enabled. They can sign in again.",
  password: "Password reset. The user was signed out of every other session.",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Users · Kizuna console` }];

function loadUser(params: LoaderFunctionArgs["params"]) {
  const user = findUserById(requireId(params));
  if (!user) throw new Response("That user does not exist.", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const user = loadUser(params);
  const done = new URL(request.url).searchParams.get("done");
  return {
    me: { id: me.id },
    user,
    activeSessions: countStaffSessions(user.id),
    history: listAudit({ entity: "user", entityId: user.id }, { limit: 20 }).entries,
    done: done && DONE_MESSAGES[done] ? DONE_MESSAGES[done] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const user = loadUser(params);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent !== "role" && intent !== "access" && intent !== "password") {
    throw new Response("Unknown action: use the forms on the user page.", { status: 400 });
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
    const refusal = refusalOf(error);
    return data(reply({ formErrors: [refusal.message] }), { status: refusal.status });
  }
}

function FormErrors({ errors, id }: { errors?: string[]; id: string }) {
  return errors?.length ? (
    <div className="notice error" role="alert" id={id}>
      {errors.join(" ")}
    </div>
  ) : null;
}

export default function UserDetail() {
  const { me, user, activeSessions, history, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]>) : undefined);
  const isMe = me.id === user.id;

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
        <Link to="/cs/users">← Users</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {user.name} {isMe ? <span className="muted">(you)</span> : null}
          </h1>
          <p>{user.email}</p>
        </div>
        <div>
          <span className={`badge role-${user.role}`}>{user.role}</span>{" "}
          {user.disabledAt ? <span className="badge bad">Disabled</span> : <span className="badge good">Active</span>}
        </div>
      </div>

      {done ? (
        <div className="notice success" role="status">
          {done}
        </div>
      ) : null}

      <div className="two-col">
        <div className="stack">
          <section className="card" aria-labelledby="role-heading">
            <h2 id="role-heading">Role</h2>
            <Form method="post" {...getFormProps(roleForm)}>
              <FormErrors errors={roleForm.errors} id={roleForm.errorId} />
              <input type="hidden" name="intent" value="role" />
              <RolePicker field={roleFields.role} legend={`Role of ${user.name}`} />
              <button type="submit" disabled={busy}>
                Change role
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="access-heading">
            <h2 id="access-heading">Access</h2>
            <Form method="post" {...getFormProps(accessForm)}>
              <FormErrors errors={accessForm.errors} id={accessForm.errorId} />
              <input type="hidden" name="intent" value="access" />
              {user.disabledAt ? (
                <>
                  <p>
                    Disabled on <LocalTime value={user.disabledAt} />. They cannot sign in.
                  </p>
                  <input type="hidden" name="disabled" value="false" />
                  <button type="submit" className="secondary" disabled={busy}>
                    Re-enable user
                  </button>
                </>
              ) : (
                <>
                  <p>
                    {activeSessions === 0 ? "No open sessions." : `${activeSessions} open session${activeSessions === 1 ? "" : "s"}.`} Disabling signs
                    {isMe ? " you" : " them"} out everywhere at once and blocks sign-in; their history stays.
                  </p>
                  <input type="hidden" name="disabled" value="true" />
                  <button type="submit" className="danger" disabled={busy}>
                    Disable user
                  </button>
                </>
              )}
            </Form>
          </section>

          <section className="card" aria-labelledby="password-heading">
            <h2 id="password-heading">Reset password</h2>
            <p className="muted">
              Sets a new password and signs {isMe ? "you out of your other sessions" : "them out of every session"}. Share it over a private channel.
            </p>
            <Form method="post" {...getFormProps(passwordForm)}>
              <FormErrors errors={passwordForm.errors} id={passwordForm.errorId} />
              <input type="hidden" name="intent" value="password" />
              <div className="field">
                <label htmlFor={passwordFields.password.id}>New password</label>
                <input
                  {...getInputProps(passwordFields.password, { type: "password" })}
                  autoComplete="new-password"
                  aria-describedby={
                    passwordFields.password.errors
                      ? `${passwordFields.password.id}-hint ${passwordFields.password.errorId}`
                      : `${passwordFields.password.id}-hint`
                  }
                />
                <p className="hint" id={`${passwordFields.password.id}-hint`}>
                  At least {MIN_PASSWORD_LENGTH} characters.
                </p>
                {passwordFields.password.errors ? (
                  <p className="field-error" id={passwordFields.password.errorId}>
                    {passwordFields.password.errors[0]}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={passwordFields.confirm.id}>Type it again</label>
                <input {...getInputProps(passwordFields.confirm, { type: "password" })} autoComplete="new-password" />
                {passwordFields.confirm.errors ? (
                  <p className="field-error" id={passwordFields.confirm.errorId}>
                    {passwordFields.confirm.errors[0]}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="secondary" disabled={busy}>
                Reset password
              </button>
            </Form>
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">Details</h2>
            <dl className="facts">
              <dt>Email</dt>
              <dd>{user.email}</dd>
              <dt>Role</dt>
              <dd>{user.role}</dd>
              <dt>Created</dt>
              <dd>
                <LocalTime value={user.createdAt} />
              </dd>
              <dt>Status</dt>
              <dd>{user.disabledAt ? "Disabled" : "Active"}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">Recent activity</h2>
            {history.length === 0 ? (
              <p className="muted">Nothing recorded yet.</p>
            ) : (
              <ul className="user-history">
                {history.map((entry) => (
                  <li key={entry.id}>
                    <span className="mono">{entry.action}</span>
                    {entry.action === "user.role_changed" && entry.detail ? ` ${String(entry.detail.from)} → ${String(entry.detail.to)}` : ""}
                    <span className="muted">
                      {" "}
                      by {entry.actorName ?? "system"} · <LocalTime value={entry.at} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to={`/cs/audit?entity=user&entityId=${user.id}`}>All audit entries for this user</Link>
            </p>
          </section>
        </div>
      </div>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/users", label: "Back to users" }} />;
}
