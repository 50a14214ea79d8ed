import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { Trans, useTranslation } from "react-i18next";
import { CampaignStatusBadge } from "../components/campaign-status";
import { useFormat } from "../components/use-format";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FormError } from "../components/settings-form";
import { firstError } from "../domain/form-input";
import { CAMPAIGN_STOP_INTENTS, CampaignStopForm, type CampaignStopIntent } from "../domain/campaign-form";
import { dripDays, responseRate } from "../domain/campaign-rules";
import { can } from "../domain/permissions";
import { campaignProgress, findCampaign, userName } from "../models/campaign.server";
import { cancelCampaign } from "../services/cancel-campaign.server";
import { closeCampaign } from "../services/close-campaign.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** How often the page refreshes its counts while a wave is live (with JavaScript). */
const POLL_MS = 4000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:campaign:any");
  const id = requireId(params);
  const t = await fixedT(user.language, "campaigns");
  const campaign = findCampaign(id);
  if (!campaign) throw new Response(t("detail.notFound"), { status: 404 });
  const progress = campaignProgress(id);
  const reached = progress.sent - progress.bounced - progress.complained;
  return {
    title: t("detail.title", { name: campaign.name }),
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
  const { t } = useTranslation("campaigns");
  const { t: shared } = useTranslation("console");
  const format = useFormat();
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
  const share = total > 0 ? handedOver / total : 0;
  const percent = format.percent(share);
  const { targeting, rules } = campaign;
  const cancelled = search.get("cancelled");

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cs/campaigns">{t("detail.breadcrumb")}</Link> / {campaign.name}
      </p>
      <div className="page-head">
        <div>
          <h1>
            {campaign.name} <CampaignStatusBadge status={campaign.status} />
          </h1>
          <p>
            {campaign.status === "scheduled" && campaign.scheduledAt ? (
              <Trans t={t} i18nKey="detail.starts" components={{ date: <LocalTime value={campaign.scheduledAt} /> }} />
            ) : campaign.launchedAt ? (
              <Trans t={t} i18nKey="detail.launched" components={{ date: <LocalTime value={campaign.launchedAt} /> }} />
            ) : (
              <Trans t={t} i18nKey="detail.created" components={{ date: <LocalTime value={campaign.createdAt} /> }} />
            )}
            {campaign.createdBy ? t("detail.by", { name: campaign.createdBy }) : ""}
          </p>
        </div>
        <Link to="." className="button secondary">
          {t("detail.refresh")}
        </Link>
      </div>

      {search.get("launched") ? (
        <div className="notice success" role="status">
          {campaign.status === "scheduled" ? t("detail.scheduled") : t("detail.launchedNotice")}
        </div>
      ) : null}
      {cancelled !== null && campaign.status === "cancelled" ? (
        <div className="notice info" role="status">
          {t("detail.cancelled", { count: Number(cancelled) || 0 })}
        </div>
      ) : null}
      {actionData && actionData.intent === null ? <FormError errors={[actionData.message]} id="campaign-action-error" /> : null}

      <section className="card campaign-progress" aria-labelledby="progress-heading">
        <div className="section-head">
          <h2 id="progress-heading">{t("detail.progress")}</h2>
          <span className="muted small" aria-live="off">
            {live ? t("detail.updates") : null}
          </span>
        </div>
        {campaign.status === "scheduled" ? (
          <p className="muted">{t("detail.aboutInvited", { count: campaign.recipients })}</p>
        ) : (
          <div className="progress-line">
            <label htmlFor="send-progress">{t("detail.sentOf", { sent: handedOver, total })}</label>
            <progress id="send-progress" max={Math.max(total, 1)} value={handedOver} aria-valuetext={t("detail.percentSent", { percent })}>
              {percent}
            </progress>
            <span className="muted">{percent}</span>
          </div>
        )}
        <div className="stats" aria-live="polite">
          <Stat label={t("detail.stat.queued")} value={progress.queued} />
          <Stat label={t("detail.stat.sent")} value={progress.sent} />
          <Stat label={t("detail.stat.delivered")} value={progress.delivered} />
          <Stat
            label={t("detail.stat.bounced")}
            value={progress.bounced + progress.complained}
            bad={progress.bounced + progress.complained > 0}
            hint={progress.complained ? t("detail.complained", { count: progress.complained }) : undefined}
          />
          <Stat label={t("detail.stat.answered")} value={progress.answered} />
          <div className="stat">
            <div className="value">{rate === null ? "—" : t("detail.samplePercent", { percent: format.number(rate) })}</div>
            <div className="label">{t("detail.stat.rate")}</div>
          </div>
        </div>
        <p className="muted small">
          {t("detail.counts", { reminded: progress.reminded, failed: progress.failed, cancelled: progress.cancelled, scanned: progress.scanned })}
        </p>
      </section>

      <div className="two-col">
        <section className="card" aria-labelledby="targeting-heading">
          <h2 id="targeting-heading">{t("detail.who")}</h2>
          <dl className="facts">
            <dt>{t("detail.segments")}</dt>
            <dd>{targeting.segments?.map((s) => shared(`shared.segment.${s}`)).join(t("detail.listGap")) ?? t("detail.all")}</dd>
            <dt>{t("detail.stages")}</dt>
            <dd>{targeting.stages?.map((stage) => t(`detail.stage.${stage}`)).join(t("detail.listGap")) ?? t("detail.all")}</dd>
            <dt>{t("detail.languages")}</dt>
            <dd>{targeting.locales?.map((l) => t(`detail.language.${l === "ja" ? "ja" : "en"}`)).join(t("detail.listGap")) ?? t("detail.all")}</dd>
            <dt>{t("detail.csms")}</dt>
            <dd>{targeting.csmUserIds ? t("detail.csmsSelected", { count: targeting.csmUserIds.length }) : t("detail.any")}</dd>
            <dt>{t("detail.accounts")}</dt>
            <dd>
              {targeting.accountExternalIds ? (
                <span className="mono">
                  {targeting.accountExternalIds.slice(0, 10).join(", ")}
                  {targeting.accountExternalIds.length > 10 ? t("detail.andMore", { count: targeting.accountExternalIds.length - 10 }) : ""}
                </span>
              ) : (
                t("detail.all")
              )}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">{t("detail.rules")}</h2>
          <dl className="facts">
            <dt>{t("detail.throttle")}</dt>
            <dd>{rules.throttleDays ? t("detail.throttleDays", { count: rules.throttleDays }) : t("detail.none")}</dd>
            <dt>{t("detail.accountAge")}</dt>
            <dd>{rules.minAccountAgeDays ? t("detail.accountAgeDays", { count: rules.minAccountAgeDays }) : t("detail.any")}</dd>
            <dt>{t("detail.sample")}</dt>
            <dd>{rules.samplePercent ? t("detail.samplePercent", { percent: rules.samplePercent }) : t("detail.everyone")}</dd>
            <dt>{t("detail.dailyCap")}</dt>
            <dd>
              {rules.dailyCap ? t("detail.dailyCapValue", { cap: rules.dailyCap, days: dripDays(campaign.recipients, rules.dailyCap) }) : t("detail.none")}
            </dd>
            <dt>{t("detail.reminder")}</dt>
            <dd>{rules.reminderAfterDays ? t("detail.reminderDays", { count: rules.reminderAfterDays }) : t("detail.none")}</dd>
          </dl>
        </section>
      </div>

      {canWrite && campaign.status === "sent" ? (
        <section className="card" aria-labelledby="close-heading">
          <h2 id="close-heading">{t("detail.closeHeading")}</h2>
          <p className="muted">{t("detail.closeHint")}</p>
          <StopForm intent="close" lastResult={actionData?.intent === "close" ? actionData.result : undefined} busy={navigation.state === "submitting"}>
            {t("detail.close")}
          </StopForm>
        </section>
      ) : null}

      {canWrite && ["draft", "scheduled", "sending", "sent"].includes(campaign.status) ? (
        <section className="card danger-zone" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("detail.cancelHeading")}</h2>
          <p className="muted">{t("detail.cancelHint")}</p>
          <StopForm
            intent="cancel"
            lastResult={actionData?.intent === "cancel" ? actionData.result : undefined}
            busy={navigation.state === "submitting"}
            confirmText={t("detail.cancelConfirm", { name: campaign.name })}
          >
            {t("detail.cancel")}
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
  const format = useFormat();
  return (
    <div className={bad ? "stat stat-bad" : "stat"}>
      <div className="value">{format.number(value)}</div>
      <div className="label">
        {label}
        {hint ? <span className="small"> · {hint}</span> : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("campaigns");
  return <ConsoleError back={{ to: "/cs/campaigns", label: t("detail.back") }} />;
}
