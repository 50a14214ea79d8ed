import type en from "../en/admin";
import type { Translation } from "../translation";

export default {
  // i18n-core: Japan's public holidays on the closing-the-loop settings
  holidays: {
    japan: {
      label: "日本の祝日",
      hint: "期限の計算で日本の祝日（ゴールデンウィーク、振替休日などを含む）も休日として扱います。祝日の一覧は Kizuna の更新で最新に保たれます。タイムゾーンが Asia/Tokyo のチームでは初期設定でオンです。",
    },
  },
  // i18n-core: the language of Slack posts (alerts settings)
  slackLanguage: {
    heading: "Slack の言語",
    label: "Slack への投稿の言語",
    hint: "Slack への投稿はチーム共有のチャンネルに届くため、チームで 1 つの言語を使います。メールは各ユーザーの言語で届きます。",
    save: "Slack の言語を保存",
    saved: "保存しました。これ以降の Slack アラートはこの言語で投稿されます。",
  },
} as const satisfies Translation<typeof en>;
