import type en from "../en/tasks";
import type { Translation } from "../translation";

/** 種類ごとのタスク（ケースのキューとタスクのページ）と、オンボーディング停滞の設定の文言。 */
export default {
  kind: {
    follow_up: "批判者フォローアップ",
    onboarding_stalled: "オンボーディング停滞",
    risk: "リスク",
    expansion: "アップセル機会",
  },
  queue: {
    kind: "種類",
    kindAll: "すべての種類",
    colKind: "種類",
    wholeAccount: "アカウント全体",
  },
  detail: {
    heading: "{{kind}}：{{account}}",
    onboarding: "オンボーディング",
    guide: "ガイド",
    guideVersion: "{{name}}（バージョン {{version}}）",
    stalledOn: "停滞しているステップ",
    allDone: "すべてのステップが完了しています。",
    progress: "進捗",
    progressSteps: "{{total, number}} ステップ中 {{done, number}} ステップ完了",
    started: "開始日",
    lastProgress: "最後の進捗",
    noProgress: "まだ何も完了していません",
    stalledSince: "停滞と判定した日時",
    movingAgain: "再開しています：このタスクの作成後にアカウントの進捗がありました。",
    activated: "ファーストバリュー",
    notActivated: "未到達",
    account360: "アカウント 360 を開く",
    noGuide: "このアカウントのガイド登録は存在しません。",
    noContact: "このタスクはアカウント全体に関するものです。電話やメールで担当者に連絡し、対応内容をメモに残してください。",
  },
  settings: {
    heading: "オンボーディングの停滞",
    intro:
      "ガイドの停滞判定日数のあいだ進捗がないアカウントは「停滞」となります。ロータッチのアカウントには担当CSM向けに「オンボーディング停滞」タスクを作成し、テックタッチのアカウントは停滞リストにまとめて表示します。ハイタッチのアカウントは、ここで変更しない限り担当CSMに任せます。",
    highTouchTasks: "停滞したハイタッチアカウントにもタスクを作成する",
    highTouchTasksHint: "オフの場合は担当CSMがすでに見ているため、停滞リストにのみ表示します。",
    save: "保存",
    saved: "保存しました。",
  },
} satisfies Translation<typeof en>;
