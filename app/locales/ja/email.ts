/** メール用の文言（テンプレートは emails/）。テンプレートごとにまとめ、`layout` は共通。 */
export default {
  layout: {
    brand: "Kizuna",
    footer: "このメールは、ご利用中のソフトウェアのカスタマーサクセスチームに代わり、Kizuna カスタマーポータルからお送りしています。",
  },
  magicLink: {
    subject: "Kizuna ログイン用リンクのお知らせ",
    preheader_other: "ワンクリックでログインできます。リンクは一度だけ有効で、{{count}} 分後に期限切れになります。",
    heading: "カスタマーポータルへのログイン",
    greeting: "{{name}} 様",
    greetingNoName: "お客様各位",
    intro_other: "下のボタンからログインしてください。リンクは一度だけ使え、{{count}} 分で有効期限が切れます。",
    button: "Kizuna にログイン",
    fallback: "ボタンが動作しない場合は、次のアドレスをブラウザに貼り付けてください。",
    ignore: "ログインをリクエストした覚えがない場合は、このメールを破棄してください。このリンクがなければ誰もログインできません。",
  },
} as const;
