import type en from "../en/voice";
import type { Translation } from "../translation";

/** 「顧客の声」ページ。 */
export default {
  metaTitle: "顧客の声",
  heading: "顧客の声",
  intro:
    "顧客が求めていることを、要望しているアカウントの売上で重み付けして表示します（ARR は本日のレートによる {{currency}} 換算、1 アカウントは 1 回だけ数えます）。各アイデアにはチームが紐付けた NPS コメントを表示します。",
  filters: "絞り込み",
  period: "コメントの回答期間",
  periods: { "90d": "過去 90 日", "1y": "過去 1 年", all: "全期間" },
  status: "ステータス",
  area: "製品領域",
  apply: "適用",
  chartTitle: "要望 ARR（上位のアイデア）",
  chartLabel: "上位 {{count}} 件のアイデアの要望 ARR：{{values}}。",
  chartIdea: "アイデア",
  top: {
    heading: "要望 ARR の多いアイデア",
    empty: "この条件に合うアイデアで、要望しているアカウントがあるものはまだありません。",
    arr: "要望 ARR",
    accounts_other: "{{count}} アカウント",
    votes_other: "{{count}} 票",
    bySegment: "セグメント別",
    segmentShare: "{{segment}}：{{arr}}（{{accounts}}）",
  },
  segments: {
    heading: "セグメント別の上位アイデア",
    intro: "各セグメントのアカウントが最も求めているアイデアです。そのセグメントのアカウントの ARR だけで順位を付けています。",
    empty: "この条件に合うアイデアを要望している、このセグメントのアカウントはありません。",
    arr: "セグメントの ARR",
    comments: "紐付いたコメント",
    showComments: "紐付いた NPS コメント",
  },
  comments: {
    heading: "紐付いた NPS コメント",
    none: "この期間に紐付いた NPS コメントはありません。",
    more_other: "ほかに {{count}} 件のコメントがアイデアのページにあります",
    score: "スコア {{score}}",
    open: "回答を開く",
  },
} satisfies Translation<typeof en>;
