import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { CampaignStatusBadge, formatRate } from "../components/campaign-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FormError } from "../components/settings-form";
import { firstError } from "../domain/form-input";
import { CAMPAIGN_STOP_INTENTS, CampaignStopForm, type CampaignStopIntent } from "../domain/campaign-form";
import { SEGMENT_LABEL, stageLabel } from "../domain/segments";
import { dripDays, responseRate } from "../domain/campaign-rules";
import { can } from "../domain/permissions";
import { campaignProgress, findCampaign, userName } from "../models/campaign.server";
import { cancelCampaign } from "../services/cancel-campaign.server";
import { closeCampaign } from "../services/close-campaign.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "Campaign"} · Kizuna console` }];

/** How often the page refreshes its counts while a wave is live (with JavaScript). */
const POLL_MS = 4000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:campaign:any");
  const id = requireId(params);
  const campaign = findCampaign(id);
  if (!campaign) throw new Response("No such campaign.", { status: 404 });
  const progress = campaignProgress(id);
  const reached = progress.sent - progress.bounced - progress.complained;
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      targeting: campaign.targeting,
      rules: campaign.rules,
      recipients: campaign.recipients,
      scheduledAt: campaign.scheduledAt,
      launchedAt: campaign.launchedAt,
      cancelledAt: campaign.cancelledAt,
      createdAt: campaign.createdAt,
      createdBy: userName(campaign.createdByUserId),
    },
    progress,
    rate: responseRate(progress.answered, reached),
    canWrite: can(user.role, "write:campaign:any"),
  };
}

/** Which button's form answered (null: neither) and conform's reply for it. */
type ActionResult = { intent: CampaignStopIntent | null; result: SubmissionResult<string[]>; message: string };

/** The Close survey and Cancel campaign buttons, each its own form (schema: domain/campaign-form). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:campaign:any");
  const id = requireId(params);
  const submission = parseWithZod(await request.formData(), { schema: CampaignStopForm });
  if (submission.status !== "success") {
    const intent = CAMPAIGN_STOP_INTENTS.find((name) => name === submission.payload.intent) ?? null;
    const result = submission.reply();
    return data<ActionResult>({ intent, result, message: firstError(result, user.language) }, { status: 400 });
  }
  const { intent } = submission.value;
  try {
    if (intent === "close") {
      closeCampaign({ user }, id, { ip: clientIp(request) });
      return redirect(`/cs/campaigns/${id}`);
    }
    const result = cancelCampaign({ user }, id, { ip: clientIp(request) });
    return redirect(`/cs/campaigns/${id}?cancelled=${result.emailsStopped}`);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    return data<ActionResult>({ intent, result, message: firstError(result, user.language) }, { status });
  }
}

const LIVE = new Set(["scheduled", "sending"]);

export default function CampaignPage() {
  const { campaign, progress, rate, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const revalidator = useRevalidator();
  const live = LIVE.has(campaign.status) || progress.queued > 0;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, revalidator]);

  const total = Math.max(campaign.recipients, progress.invitations);
  const handedOver = progress.sent + progress.failed;
  const n = (value: number) => value.toLocaleString("en");
  const percent = total > 0 ? Math.round((handedOver / total) * 100) : 0;
  const { targeting, rules } = campaign;
  const cancelled = search.get("cancelled");

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cs/campaigns">Campaigns</Link> / {campaign.name}
      </p>
      <div className="page-head">
        <div>
          <h1>
            {campaign.name} <CampaignStatusBadge status={campaign.status} />
          </h1>
          <p>
            {campaign.status === "scheduled" && campaign.scheduledAt ? (
              <>
                Starts <LocalTime value={campaign.scheduledAt} />
              </>
            ) : campaign.launchedAt ? (
              <>
                Launched <LocalTime value={campaign.launchedAt} />
              </>
            ) : (
              <>
                Created <LocalTime value={campaign.createdAt} />
              </>
            )}
            {campaign.createdBy ? ` by ${campaign.createdBy}` : ""}
          </p>
        </div>
        <Link to="." className="button secondary">
          Refresh
        </Link>
      </div>

      {search.get("launched") ? (
        <div className="notice success" role="status">
          {campaign.status === "scheduled" ? "Campaign scheduled." : "Campaign launched: invitations are being written and sent."}
        </div>
      ) : null}
      {cancelled !== null && campaign.status === "cancelled" ? (
        <div className="notice info" role="status">
          Campaign cancelled. {n(Number(cancelled) || 0)} queued email{cancelled === "1" ? " was" : "s were"} stopped.
        </div>
      ) : null}
      {actionData && actionData.intent === null ? <FormError errors={[actionData.message]} id="campaign-action-error" /> : null}

      <section className="card campaign-progress" aria-labelledby="progress-heading">
        <div className="section-head">
          <h2 id="progress-heading">Progress</h2>
          <span className="muted small" aria-live="off">
            {live ? "Updates every few seconds." : null}
          </span>
        </div>
        {campaign.status === "scheduled" ? (
          <p className="muted">About {n(campaign.recipients)} contacts will be invited when the campaign starts; the count is taken again at that moment.</p>
        ) : (
          <div className="progress-line">
            <label htmlFor="send-progress">
              {n(handedOver)} of {n(total)} sent
            </label>
            <progress id="send-progress" max={Math.max(total, 1)} value={handedOver} aria-valuetext={`${percent} % sent`}>
              {percent} %
            </progress>
            <span className="muted">{percent} %</span>
          </div>
        )}
        <div className="stats" aria-live="polite">
          <Stat label="Queued" value={progress.queued} />
          <Stat label="Sent" value={progress.sent} />
          <Stat label="Delivered" value={progress.delivered} />
          <Stat
            label="Bounced"
            value={progress.bounced + progress.complained}
            bad={progress.bounced + progress.complained > 0}
            hint={progress.complained ? `${n(progress.complained)} complained` : undefined}
          />
          <Stat label="Answered" value={progress.answered} />
          <div className="stat">
            <div className="value">{formatRate(rate)}</div>
            <div className="label">Response rate</div>
          </div>
        </div>
        <p className="muted small">
          {n(progress.reminded)} reminded · {n(progress.failed)} failed · {n(progress.cancelled)} cancelled · {n(progress.scanned)} opened by link scanners
          (never counted as answers)
        </p>
      </section>

      <div className="two-col">
        <section className="card" aria-labelledby="targeting-heading">
          <h2 id="targeting-heading">Who</h2>
          <dl className="facts">
            <dt>Segments</dt>
            <dd>{targeting.segments?.map((s) => SEGMENT_LABEL[s]).join(", ") ?? "All"}</dd>
            <dt>Stages</dt>
            <dd>{targeting.stages?.map(stageLabel).join(", ") ?? "All"}</dd>
            <dt>Languages</dt>
            <dd>{targeting.locales?.map((l) => (l === "ja" ? "Japanese" : "English")).join(", ") ?? "All"}</dd>
            <dt>CSMs</dt>
            <dd>{targeting.csmUserIds ? `${targeting.csmUserIds.length} selected` : "Any"}</dd>
            <dt>Accounts</dt>
            <dd>
              {targeting.accountExternalIds ? (
                <span className="mono">
                  {targeting.accountExternalIds.slice(0, 10).join(", ")}
                  {targeting.accountExternalIds.length > 10 ? ` and ${targeting.accountExternalIds.length - 10} more` : ""}
                </span>
              ) : (
                "All"
              )}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Rules</h2>
          <dl className="facts">
            <dt>Throttle</dt>
            <dd>{rules.throttleDays ? `Skip contacts surveyed in the last ${rules.throttleDays} days` : "None"}</dd>
            <dt>Account age</dt>
            <dd>{rules.minAccountAgeDays ? `At least ${rules.minAccountAgeDays} days` : "Any"}</dd>
            <dt>Sample</dt>
            <dd>{rules.samplePercent ? `${rules.samplePercent} %` : "Everyone"}</dd>
            <dt>Daily cap</dt>
            <dd>{rules.dailyCap ? `${n(rules.dailyCap)} a day (${dripDays(campaign.recipients, rules.dailyCap)} days)` : "None"}</dd>
            <dt>Reminder</dt>
            <dd>{rules.reminderAfterDays ? `After ${rules.reminderAfterDays} days, to non-responders` : "None"}</dd>
          </dl>
        </section>
      </div>

      {canWrite && campaign.status === "sent" ? (
        <section className="card" aria-labelledby="close-heading">
          <h2 id="close-heading">Close the survey</h2>
          <p className="muted">Answers recorded so far are kept and become final; the links then say the survey has closed, and no reminder goes out.</p>
          <StopForm intent="close" lastResult={actionData?.intent === "close" ? actionData.result : undefined} busy={navigation.state === "submitting"}>
            Close survey
          </StopForm>
        </section>
      ) : null}

      {canWrite && ["draft", "scheduled", "sending", "sent"].includes(campaign.status) ? (
        <section className="card danger-zone" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Cancel campaign</h2>
          <p className="muted">
            Stops every invitation and reminder not sent yet. Emails already sent stay valid, and a batch being handed to the email provider at this moment may
            still go out.
          </p>
          <StopForm
            intent="cancel"
            lastResult={actionData?.intent === "cancel" ? actionData.result : undefined}
            busy={navigation.state === "submitting"}
            confirmText={`Cancel “${campaign.name}”? Emails not sent yet will not be sent.`}
          >
            Cancel campaign
          </StopForm>
        </section>
      ) : null}
    </>
  );
}

/** One button's form; a refusal (the campaign's state no longer allows it) is said right under its button. */
function StopForm({
  intent,
  lastResult,
  busy,
  confirmText,
  children,
}: {
  intent: CampaignStopIntent;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
  confirmText?: string;
  children: string;
}) {
  const [form, fields] = useForm({ id: `campaign-${intent}`, lastResult });
  const refusal = [...(form.errors ?? []), ...(fields.intent.errors ?? [])];
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      onSubmit={(event) => {
        if (confirmText && !confirm(confirmText)) event.preventDefault();
        else form.onSubmit(event);
      }}
    >
      <button
        type="submit"
        name="intent"
        value={intent}
        className={intent === "cancel" ? "danger" : "secondary"}
        disabled={busy}
        aria-describedby={refusal.length ? form.errorId : undefined}
      >
        {children}
      </button>
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

function Stat({ label, value, bad, hint }: { label: string; value: number; bad?: boolean; hint?: string }) {
  return (
    <div className={bad ? "stat stat-bad" : "stat"}>
      <div className="value">{value.toLocaleString("en")}</div>
      <div className="label">
        {label}
        {hint ? <span className="small"> · {hint}</span> : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/campaigns", label: "Back to campaigns" }} />;
}
