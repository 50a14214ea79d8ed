/*
 * What the demo community talks about, in both languages: the product is a B2B SaaS (reports,
 * dashboards, CSV import, the API, SSO, notifications…). Each text is Markdown; `{f}` is replaced
 * by a feature name in the same language. Japanese members write Japanese, English members English.
 */

export type Language = "en" | "ja";
export type Text = { title: string; body: string };

export const FEATURES: Record<Language, readonly string[]> = {
  en: [
    "dashboards",
    "CSV import",
    "scheduled reports",
    "the REST API",
    "SAML SSO",
    "Slack alerts",
    "custom fields",
    "user roles",
    "the mobile app",
    "webhooks",
    "data export",
    "audit logs",
  ],
  ja: [
    "ダッシュボード",
    "CSV 取り込み",
    "定期レポート",
    "REST API",
    "SAML SSO",
    "Slack 通知",
    "カスタム項目",
    "ユーザー権限",
    "モバイルアプリ",
    "Webhook",
    "データエクスポート",
    "操作ログ",
  ],
};

export const QUESTIONS: Record<Language, readonly Text[]> = {
  en: [
    {
      title: "How do I share {f} with people outside my team?",
      body: "We'd like managers in another department to see {f} without editing rights.\n\nIs there a read-only role, or do they need a full seat?",
    },
    {
      title: "{f} times out on large accounts",
      body: "Since last week {f} stops after about 30 seconds for our biggest workspace.\n\n- Browser: Chrome 131\n- Around 40,000 rows\n\nHas anyone found a workaround?",
    },
    {
      title: "Can {f} be limited to one region?",
      body: "Our security team asks whether {f} can be restricted so that EU data stays in the EU region. Any pointers to the docs?",
    },
    {
      title: "Best way to migrate from spreadsheets to {f}?",
      body: "We have three years of history in Google Sheets. What order did you follow when moving to {f}? Anything you wish you had known?",
    },
    { title: "Date format wrong in {f}", body: "Dates show as `MM/DD/YYYY` in {f} although my profile says `YYYY-MM-DD`. Is this a setting per workspace?" },
    {
      title: "Rate limits for {f}?",
      body: "We plan to sync every 5 minutes. What are the limits for {f}, and what happens when we hit them?\n\n```\nHTTP 429 Too Many Requests\nRetry-After: 30\n```",
    },
    {
      title: "How do you keep {f} tidy with 200 users?",
      body: "Our {f} has grown messy. Do you have naming rules or an owner per area? Looking for what worked for you.",
    },
    {
      title: "Is there a way to test {f} before rolling it out?",
      body: "We would like a sandbox to try {f} without touching production data. Is a test workspace included in our plan?",
    },
    {
      title: "{f} missing after role change",
      body: "A colleague moved from admin to member and can no longer see {f}. Is that expected, and which permission brings it back?",
    },
    { title: "Automating {f} with Zapier", body: "Has anyone connected {f} to Zapier or Make? A short example of the trigger you used would help a lot." },
    { title: "Audit requirements for {f}", body: "Our auditors want evidence of who changed what in {f}. Where can I export that for the last 12 months?" },
    {
      title: "Getting started: which settings first?",
      body: "We just signed and I'm the admin. Before inviting 50 people, what would you set up first: {f}, roles, or SSO?",
    },
  ],
  ja: [
    {
      title: "{f}を社外の関係者に共有する方法はありますか？",
      body: "別部署のマネージャーに{f}を閲覧だけしてもらいたいと考えています。\n\n閲覧専用のロールはありますか？それともフルライセンスが必要でしょうか。",
    },
    {
      title: "大きなワークスペースで{f}がタイムアウトします",
      body: "先週から、一番大きなワークスペースで{f}が 30 秒ほどで止まってしまいます。\n\n- ブラウザ：Chrome 131\n- 約 4 万行\n\n回避策をご存じの方はいらっしゃいますか？",
    },
    {
      title: "{f}のデータを国内リージョンに限定できますか？",
      body: "情報システム部から、{f}のデータを国内に保持できるか確認を求められています。参考になるドキュメントがあれば教えてください。",
    },
    {
      title: "Excel 管理から{f}へ移行するコツ",
      body: "3 年分の履歴を Excel で管理しています。{f}へ移行する際、どの順番で進めましたか？事前に知っておきたかったことがあれば教えてください。",
    },
    {
      title: "{f}の日付表示がおかしい",
      body: "プロフィールでは `YYYY/MM/DD` にしているのに、{f}では `MM/DD/YYYY` で表示されます。ワークスペース単位の設定でしょうか？",
    },
    {
      title: "{f}の API 制限について",
      body: "5 分ごとに同期する予定です。{f}の上限と、上限に達したときの挙動を教えてください。\n\n```\nHTTP 429 Too Many Requests\nRetry-After: 30\n```",
    },
    {
      title: "利用者 200 人規模での{f}の運用ルール",
      body: "{f}が散らかってきました。命名ルールや担当者の決め方など、うまくいった運用があれば参考にさせてください。",
    },
    {
      title: "本番導入前に{f}を試す環境はありますか？",
      body: "本番データに影響を与えずに{f}を検証したいです。今のプランにテスト用ワークスペースは含まれていますか？",
    },
    {
      title: "権限変更後に{f}が見えなくなりました",
      body: "同僚が管理者からメンバーに変わったところ、{f}が表示されなくなりました。想定どおりの動作でしょうか？どの権限を付ければ戻りますか？",
    },
    {
      title: "{f}と kintone の連携事例を教えてください",
      body: "{f}を kintone と連携している方はいらっしゃいますか？使っているトリガーの例を教えていただけると助かります。",
    },
    { title: "監査対応で{f}の変更履歴が必要です", body: "監査法人から{f}の変更履歴の提出を求められています。過去 12 か月分はどこからエクスポートできますか？" },
    {
      title: "導入直後、最初に設定すべき項目は？",
      body: "契約したばかりで管理者を担当しています。50 人を招待する前に、{f}・権限・SSO のどれから設定するのがよいでしょうか。",
    },
  ],
};

export const TIPS: Record<Language, readonly Text[]> = {
  en: [
    {
      title: "Five {f} habits that saved us hours",
      body: "After a year with {f}, these stuck:\n\n1. One owner per area\n2. A naming prefix per team\n3. A monthly clean-up\n4. Favourites for daily views\n5. **Never** edit shared views directly — duplicate first",
    },
    {
      title: "Template: weekly review with {f}",
      body: "Our CS team runs a 20-minute weekly review from {f}. The agenda:\n\n- What changed since last week\n- Accounts at risk\n- One win to share\n\nHappy to share the view settings if useful.",
    },
    { title: "Keyboard shortcuts for {f}", body: "Press `?` anywhere to see them. My favourites: `g d` to jump to {f}, `/` to search, `e` to edit." },
    {
      title: "How we onboarded 300 users to {f} in two weeks",
      body: "Short version: champions per department, a 15-minute video, and office hours twice a week. Details in the thread — ask away!",
    },
    {
      title: "Cleaning CSV files before {f}",
      body: "Most import errors we saw came from:\n\n- trailing spaces in emails\n- dates in two formats\n- a BOM at the start of the file\n\nA quick pass in a text editor fixes all three.",
    },
  ],
  ja: [
    {
      title: "{f}で作業時間を減らした 5 つの習慣",
      body: "{f}を 1 年使って定着したことです。\n\n1. 領域ごとに担当者を 1 人決める\n2. チームごとの接頭辞で命名する\n3. 月 1 回の棚卸し\n4. 毎日見るビューはお気に入りに\n5. 共有ビューは**直接編集しない**（複製してから）",
    },
    {
      title: "{f}を使った週次レビューのテンプレート",
      body: "CS チームでは{f}を使って 20 分の週次レビューをしています。\n\n- 先週からの変化\n- リスクのあるアカウント\n- 共有したい成功事例を 1 つ\n\nビューの設定が必要であれば共有します。",
    },
    { title: "{f}のキーボードショートカット", body: "どの画面でも `?` で一覧が出ます。よく使うのは `g d`（{f}へ移動）、`/`（検索）、`e`（編集）です。" },
    {
      title: "2 週間で 300 人に{f}を定着させた方法",
      body: "部署ごとのチャンピオン、15 分の動画、週 2 回の相談会の 3 つです。詳しくはスレッドで、気軽に質問してください。",
    },
    {
      title: "{f}の前に CSV を整えるポイント",
      body: "取り込みエラーの大半は次の 3 つでした。\n\n- メールアドレス末尾の空白\n- 2 種類混在した日付形式\n- ファイル先頭の BOM\n\nテキストエディタで一度確認するだけで防げます。",
    },
  ],
};

export const ANNOUNCEMENTS: Record<Language, readonly Text[]> = {
  en: [
    {
      title: "New: {f} is now available on every plan",
      body: "Starting today, **{f}** is included in every plan. See the [release notes](https://example.com/releases) for details.",
    },
    {
      title: "Scheduled maintenance this Sunday",
      body: "We will upgrade our database on Sunday from 02:00 to 04:00 JST. {f} may be read-only during the window.",
    },
    {
      title: "Join our next user meetup",
      body: "Our next meetup covers {f}, with two customers sharing how they use it. Seats are limited — reply here if you'd like to join.",
    },
  ],
  ja: [
    {
      title: "【リリース】{f}が全プランで利用可能になりました",
      body: "本日より **{f}** を全プランでご利用いただけます。詳細は[リリースノート](https://example.com/releases)をご覧ください。",
    },
    {
      title: "【メンテナンス】今週日曜日の計画メンテナンスのお知らせ",
      body: "日曜日 2:00〜4:00（日本時間）にデータベースの更新を行います。この間、{f}は閲覧のみとなる場合があります。",
    },
    {
      title: "【イベント】次回ユーザー会のご案内",
      body: "次回のユーザー会では{f}をテーマに、2 社のお客様に活用事例をお話しいただきます。参加をご希望の方はこのトピックに返信してください。",
    },
  ],
};

export const ANSWERS: Record<Language, readonly string[]> = {
  en: [
    "We had the same issue. Under **Settings → {f}** there is an option for it; it took effect after a reload.",
    "Try the read-only role: it was added last quarter and does exactly that for us.",
    'You can script it with the API:\n\n```bash\ncurl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/export\n```',
    "What worked for us was splitting the job in smaller batches (5,000 rows each).",
    "The docs page on {f} covers this — see the section on permissions.",
    "We asked support and they enabled it for our workspace within a day.",
  ],
  ja: [
    "同じ問題がありました。**設定 → {f}** にオプションがあり、再読み込み後に反映されました。",
    "閲覧専用ロールを試してみてください。前四半期に追加され、まさにその用途で使っています。",
    'API を使えば自動化できます。\n\n```bash\ncurl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/export\n```',
    "弊社では 5,000 行ずつに分けて実行することで解決しました。",
    "{f}のヘルプページの「権限」の章に説明があります。",
    "サポートに問い合わせたところ、1 日でワークスペースに設定してもらえました。",
  ],
};

export const FOLLOW_UPS: Record<Language, readonly string[]> = {
  en: [
    "Thanks, that worked!",
    "Same question here — following.",
    "Great tip, we'll try this next week.",
    "Could you share a screenshot of the setting?",
    "+1, this would help us too.",
  ],
  ja: [
    "ありがとうございます、解決しました！",
    "同じ点で困っています。フォローします。",
    "参考になります。来週試してみます。",
    "設定画面のスクリーンショットを共有いただけますか？",
    "弊社も同じ状況なので助かります。",
  ],
};

export const STAFF_REPLIES: Record<Language, readonly string[]> = {
  en: [
    "Thanks for the report — our team is looking into {f} and will update this topic.",
    "Good question. The short answer is yes; the longer one is in our guide on {f}.",
  ],
  ja: [
    "ご報告ありがとうございます。{f}について担当チームで確認し、このトピックで続報をお知らせします。",
    "ご質問ありがとうございます。結論としては可能です。詳しくは{f}のガイドをご覧ください。",
  ],
};

/**
 * Replies that break the guidelines, each flagged by other members (reason, optional note): the
 * moderation queue's open flags in the demo. Written in the language of the topic they land in.
 */
export type FlaggedReply = { body: string; flags: readonly { reason: "spam" | "inappropriate" | "off_topic" | "other"; note: string | null }[] };

export const FLAGGED_REPLIES: Record<Language, readonly FlaggedReply[]> = {
  en: [
    {
      body: "Get **10,000 followers** overnight! Visit [cheap-followers.example](https://cheap-followers.example) today, first week free.",
      flags: [
        { reason: "spam", note: null },
        { reason: "spam", note: "Same link was posted in two other topics." },
      ],
    },
    {
      body: "Off topic, but does anyone know a good coworking space in Austin? Our office lease ends next month.",
      flags: [{ reason: "off_topic", note: "Not about the product at all." }],
    },
  ],
  ja: [
    {
      body: "副業で**月収100万円**！詳しくはプロフィールのリンクからどうぞ。今だけ無料で登録できます。",
      flags: [
        { reason: "spam", note: null },
        { reason: "spam", note: "宣伝の投稿です。" },
      ],
    },
    {
      body: "何度も同じ質問をしないでください。マニュアルを読めば分かることです。少しは自分で調べたらどうですか。",
      flags: [{ reason: "inappropriate", note: "言い方がきつく、質問した方に失礼だと思います。" }],
    },
    {
      body: "弊社の担当者の携帯番号は 090-1234-5678 です。急ぎの場合は直接電話してください。",
      flags: [{ reason: "other", note: "個人の電話番号が公開されています。削除をお願いします。" }],
    },
  ],
};
