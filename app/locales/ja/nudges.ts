import type en from "../en/nudges";
import type { Translation } from "../translation";

/** オンボーディングのメールの顧客向け文言：ワンクリックの配信停止ページ。 */
export default {
  unsubscribe: {
    metaTitle: "オンボーディングのメール",
    title: "オンボーディングのメールを停止しますか？",
    body: "{{email}} には、貴社のオンボーディングガイドの次のステップについてリマインダーをお送りしています。停止しますか？アンケートのメールには影響しません。",
    button: "オンボーディングのメールを停止",
    doneTitle: "オンボーディングのメールを停止しました",
    doneBody: "{{email}} にはオンボーディングのリマインダーをお送りしません。アンケートのメールには影響しません。",
    notFoundTitle: "このリンクは使えません",
    notFoundBody: "配信停止のリンクが見つからないか、途中で切れています。メールのリンクを最後までコピーしてください。",
    invalid: "このページのボタンを押してメールを停止してください。",
  },
} satisfies Translation<typeof en>;
