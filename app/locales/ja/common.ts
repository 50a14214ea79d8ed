export default {
  appName: "Kizuna",
  language: "言語",
  languages: { en: "English", ja: "日本語" },
  skipToContent: "本文へスキップ",
  signOut: "ログアウト",
  portalNav: "ポータル",
  portalHome: "ホーム",
  community: "コミュニティ",
  notFound: { title: "ページが見つかりません", body: "お探しのページは存在しないか、移動した可能性があります。" },
  error: {
    title: "問題が発生しました",
    body: "もう一度お試しください。解決しない場合は担当チームへご連絡ください。",
    reference: "お問い合わせの際は、この参照番号をお伝えください：",
  },
  footer: "Kizuna カスタマーポータル",
} as const;
