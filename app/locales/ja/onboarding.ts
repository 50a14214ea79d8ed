import type en from "../en/onboarding";
import type { Translation } from "../translation";

/** カスタマーポータルのオンボーディング チェックリスト（issue 15）。 */
export default {
  metaTitle: "はじめかた · Kizuna カスタマーポータル",
  stepMetaTitle: "{{title}} · はじめかた",
  eyebrow: "はじめかた",
  intro: "{{account}} のチームのチェックリストです。製品を使うとステップが自動で完了します。一部のステップはご自身で完了にしてください。",
  noGuide: {
    title: "チェックリストはまだありません",
    body: "現在、チームのオンボーディング チェックリストはありません。必要に応じてカスタマーサクセス チームが追加します。",
  },
  progressLabel: "オンボーディングの進捗",
  progressText: "{{total}} ステップ中 {{done}} ステップ完了（{{percent}}%）",
  allDone: "すべてのステップが完了しました。おつかれさまでした。",
  next: "次のステップ",
  nextBadge: "次",
  done: "完了",
  notDone: "未完了",
  doneOn: "{{date}} に完了",
  doneByOn: "{{who}} さんが {{date}} に完了",
  doneByYouOn: "{{date}} にご自身で完了",
  doneBySomeoneOn: "{{date}} に社内のどなたかが完了",
  open: "開く",
  scope: {
    account: "チーム全体：だれか 1 人が行えば完了",
    user: "各自：一人ひとりが行うステップ",
  },
  how: {
    manual: "終わったら「完了にする」を押してください。",
    event: "製品で操作すると自動で完了します。",
    community: {
      joined: "コミュニティに参加すると自動で完了します。",
      first_post: "コミュニティに初めて投稿すると自動で完了します。",
      accepted_answer: "コミュニティでの回答がベストアンサーに選ばれると自動で完了します。",
    },
  },
  markDone: "完了にする",
  markedDone: "完了にしました。",
  markRefused: {
    "no-guide": "チームのチェックリストがないため、完了にできるステップはありません。",
    "unknown-step": "このステップはチームのチェックリストにありません。",
    "not-manual": "このステップは製品の利用にもとづいて自動で完了します。手動では完了にできません。",
  },
  celebrate: {
    title: "チームが最初の成果に到達しました",
    body: "「{{step}}」が完了しました。ここからチームが本格的に効果を実感できる段階です。残りのステップで、さらに活用を広げましょう。",
  },
  video: "動画：{{title}}",
  back: "チェックリストに戻る",
  stepOf: "ステップ {{position}}／{{total}}",
  notFound: "このステップはチームのチェックリストにありません。",
  invite: {
    title: "同僚を招待",
    body: "一緒に進めると早く立ち上がります。{{domain}} のアドレスを持つ同僚を招待すると、ポータルとコミュニティでチームに参加するためのメールが届きます。",
    bodyNoDomain: "会社のメールアドレスを持つ同僚を招待すると、ポータルとコミュニティでチームに参加するためのメールが届きます。",
    email: "同僚の会社のメールアドレス",
    submit: "招待を送信",
    sent: "{{email}} に招待を送りました。リンクの有効期限は 1 時間です。期限が切れた後は、会社のメールアドレスでログインできます。",
    refused: {
      "other-domain": "チームに参加できるのは {{domain}} のアドレスだけです。同僚の会社のメールアドレスを入力してください。",
      "other-domain-none": "会社のメールドメインが登録されていないため、招待を確認できません。同僚の追加はカスタマーサクセス チームにご依頼ください。",
      "already-teammate": "{{email}} はすでにチームのメンバーです。そのアドレスでログインできます。",
      yourself: "ご自身のアドレスです。同僚のアドレスを入力してください。",
      "rate-limited_other": "本日は多くの招待を送信しています。{{count}} 分後にもう一度お試しください。",
      invalid: "name@example.com のような形式でメールアドレスを入力してください。",
    },
  },
  home: {
    title: "はじめかた",
    next: "次のステップ：{{title}}",
    progress: "{{total}} ステップ中 {{done}} ステップ完了",
    allDone: "チームはオンボーディング チェックリストを完了しました。",
    open: "チェックリストを開く",
  },
} as const satisfies Translation<typeof en>;
