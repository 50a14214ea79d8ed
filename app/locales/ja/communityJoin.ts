import type { Translation } from "../translation";
import type en from "../en/communityJoin";

/** コミュニティへの参加ページ（お客様向け）: ガイドラインへの同意と参加申請。 */
export default {
  welcome: {
    metaTitle: "コミュニティガイドライン · Kizuna",
    eyebrow: "ユーザーコミュニティ",
    title: "コミュニティガイドライン",
    intro: "ようこそ。投稿の前にガイドラインをお読みください。同意は一度だけで、内容が変わったときにのみ改めてお願いします。",
    accept: "ガイドラインに同意する",
    accepted: "このガイドラインに同意済みです。",
    continue: "コミュニティへ進む",
  },
  ask: {
    metaTitle: "コミュニティへの参加申請 · Kizuna",
    eyebrow: "ユーザーコミュニティ",
    title: "コミュニティへの参加申請",
    intro:
      "コミュニティのメンバーは弊社のお客様企業の方々です。会社のメールアドレスで参加用リンクが届かなかった場合は、以下をご記入ください。担当チームが確認します。",
    name: "お名前",
    email: "会社のメールアドレス",
    company: "会社名",
    message: "補足事項（任意）",
    messageHint: "たとえば、ご担当の業務や、社内で製品を利用している方のお名前など。",
    website: "この欄は空のままにしてください",
    submit: "申請を送信",
    sentTitle: "ありがとうございます",
    sentBody: "申請を受け付けました。確認が済みましたら、担当チームからメールでご連絡します。",
    signIn: "すでにメンバーの方はログイン",
    rateLimited_other: "このネットワークからのリクエストが多すぎます。{{count}} 分後にもう一度お試しください。",
    errors: {
      name: "お名前を入力してください（120 文字以内）。",
      email: "会社のメールアドレスを入力してください（例: name@company.co.jp）。",
      company: "会社名を入力してください（200 文字以内）。",
      message: "補足事項は 2,000 文字以内で入力してください。",
    },
  },
} as const satisfies Translation<typeof en>;
