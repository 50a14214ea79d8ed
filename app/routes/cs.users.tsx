import { ConsoleError } from "../components/console-error";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LocalTime } from "../components/local-time";
import { RolePicker } from "../components/role-picker";
import { listUsers } from "../models/user.server";
import { CreateUserForm, MIN_PASSWORD_LENGTH } from "../domain/staff-users";
import { createStaffUser } from "../services/create-staff-user.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction = () => [{ title: "Users · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const createdId = Number(new URL(request.url).searchParams.get("created"));
  const users = listUsers();
  return { me: { id: me.id }, users, created: users.find((u) => u.id === createdId) ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:user:any");
  const submission = parseWithZod(await request.formData(), { schema: CreateUserForm });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    const created = await createStaffUser(submission.value, { user: me, ip: clientIp(request) });
    return redirect(`/cs/users?created=${created.id}`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { hideFields: ["password"] });
    return data(result, { status });
  }
}

export default function Users() {
  const { me, users, created } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
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
          <h1>Users</h1>
          <p>
            {active.length} active · {users.length - active.length} disabled. People who sign in to this console.
          </p>
        </div>
      </div>

      {created ? (
        <div className="notice success" role="status">
          Created {created.name} ({created.email}) as {created.role}. Share the initial password with them over a private channel.
        </div>
      ) : null}

      <div className="stack">
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Console users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/cs/users/${user.id}`}>{user.name}</Link>
                    {user.id === me.id ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>{user.email}</td>
                  <td>
                    <span className={`badge role-${user.role}`}>{user.role}</span>
                  </td>
                  <td>{user.disabledAt ? <span className="badge bad">Disabled</span> : <span className="badge good">Active</span>}</td>
                  <td>
                    <LocalTime value={user.createdAt} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <section className="card" aria-labelledby="create-user-heading">
          <h2 id="create-user-heading">Add a user</h2>
          <p className="muted">They sign in at /cs/login with this email and the initial password you set.</p>
          <Form method="post" {...getFormProps(form)}>
            {form.errors?.length ? (
              <div className="notice error" role="alert" id={form.errorId}>
                {form.errors.join(" ")}
              </div>
            ) : null}
            <div className="form-row top">
              <div className="field">
                <label htmlFor={fields.name.id}>Name</label>
                <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
                {fields.name.errors ? (
                  <p className="field-error" id={fields.name.errorId}>
                    {fields.name.errors[0]}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={fields.email.id}>Email</label>
                <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
                {fields.email.errors ? (
                  <p className="field-error" id={fields.email.errorId}>
                    {fields.email.errors[0]}
                  </p>
                ) : null}
              </div>
            </div>
            <div className="form-row top">
              <div className="field">
                <label htmlFor={fields.password.id}>Initial password</label>
                <p className="hint" id={`${fields.password.id}-hint`}>
                  At least {MIN_PASSWORD_LENGTH} characters. Share it privately; they can be given a new one here any time.
                </p>
                <input
                  {...getInputProps(fields.password, { type: "password" })}
                  autoComplete="new-password"
                  aria-describedby={fields.password.errors ? `${fields.password.id}-hint ${fields.password.errorId}` : `${fields.password.id}-hint`}
                />
                {fields.password.errors ? (
                  <p className="field-error" id={fields.password.errorId}>
                    {fields.password.errors[0]}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <RolePicker field={fields.role} />
              </div>
            </div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Add user
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
