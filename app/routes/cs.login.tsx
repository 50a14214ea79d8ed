import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { StaffSignInForm as SignInForm } from "../domain/staff-users";
import { signInStaff } from "../services/sign-in-staff.server";
import { getStaff, safeRedirectPath } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getStaff(request)) throw redirect("/cs");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignInForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { email, password, redirectTo } = submission.value;
  const result = await signInStaff(request, email, password);
  if (result.ok) {
    return redirect(safeRedirectPath(redirectTo, "/cs"), { headers: { "Set-Cookie": result.setCookie } });
  }
  if (result.reason === "rate-limited") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return data(
      submission.reply({ formErrors: [`Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`], hideFields: ["password"] }),
      {
        status: 429,
        headers: { "Retry-After": String(result.retryAfterSeconds) },
      },
    );
  }
  return data(submission.reply({ formErrors: ["That email and password do not match an active account."], hideFields: ["password"] }), { status: 401 });
}

export default function StaffSignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
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
        <h1>Sign in to the console</h1>
        <p className="muted">
          For the Customer Success team. Customers sign in at <a href="/login">the portal</a>.
        </p>
        <Form method="post" {...getFormProps(form)}>
          {form.errors?.length ? (
            <div className="notice error" role="alert" id={form.errorId}>
              {form.errors.join(" ")}
            </div>
          ) : null}
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <div className="field">
            <label htmlFor={fields.email.id}>Email</label>
            <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
            {fields.email.errors ? (
              <p className="field-error" id={fields.email.errorId}>
                {fields.email.errors[0]}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={fields.password.id}>Password</label>
            <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
            {fields.password.errors ? (
              <p className="field-error" id={fields.password.errorId}>
                {fields.password.errors[0]}
              </p>
            ) : null}
          </div>
          <button type="submit" className="wide">
            Sign in
          </button>
        </Form>
      </div>
    </main>
  );
}
