import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormNotice, usePendingIntent, type SettingsResult } from "../components/settings-form";
import { PromoterForm } from "../domain/settings-forms";
import { getSetting } from "../models/settings.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { handleSettingsForm } from "../utils/settings-actions.server";

export const meta: MetaFunction = () => [{ title: "Promoter asks · Settings · Kizuna console" }];

type SectionResult = SettingsResult | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  return { reviewUrl: getSetting("promoterActions").reviewUrl };
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
  const [form, fields] = useForm({
    id: "promoter-actions",
    lastResult: actionData?.result,
    defaultValue: { reviewUrl: reviewUrl ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PromoterForm }),
  });
  return (
    <section className="card settings-section" aria-labelledby="promoter-heading">
      <h2 id="promoter-heading">Promoter asks</h2>
      <p className="muted">
        From a promoter’s response a CSM can ask for a reference, invite them to the community or ask for a review. The review ask emails the contact, in their
        language, a link to the page below.
      </p>
      <FormNotice actionData={actionData} errors={form.errors} errorId={form.errorId} />
      <p>
        {reviewUrl ? (
          <>
            Review link:{" "}
            <a href={reviewUrl} className="webhook-mask" rel="noopener noreferrer" target="_blank">
              {reviewUrl}
            </a>
          </>
        ) : (
          <span className="muted">No review link: “Ask for a review” is unavailable.</span>
        )}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="promoter-actions" />
        <div className="field">
          <label htmlFor={fields.reviewUrl.id}>Review page URL</label>
          <p className="hint" id={`${fields.reviewUrl.id}-hint`}>
            Your product’s page on a review site such as G2 or ITreview, starting with https://. Leave empty for none. The survey’s thank-you page has its own
            link, under NPS survey.
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
          {busy ? "Saving…" : "Save review link"}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/settings", label: "Back to settings" }} />;
}
