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
} as const satisfies Translation<typeof en>;
