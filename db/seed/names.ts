/**
 * People for the demo data. Japanese names carry their romanization, which their work email
 * addresses use (taro.yamada@…); they are shown family name first, as in Japan ("山田 太郎").
 */
export type RomanizedName = readonly [kanji: string, romaji: string];

export const JA_FAMILY_NAMES: readonly RomanizedName[] = [
  ["佐藤", "sato"], ["鈴木", "suzuki"], ["高橋", "takahashi"], ["田中", "tanaka"], ["伊藤", "ito"],
  ["渡辺", "watanabe"], ["山本", "yamamoto"], ["中村", "nakamura"], ["小林", "kobayashi"], ["加藤", "kato"],
  ["吉田", "yoshida"], ["山田", "yamada"], ["佐々木", "sasaki"], ["山口", "yamaguchi"], ["松本", "matsumoto"],
  ["井上", "inoue"], ["木村", "kimura"], ["林", "hayashi"], ["斎藤", "saito"], ["清水", "shimizu"],
  ["山崎", "yamazaki"], ["森", "mori"], ["池田", "ikeda"], ["橋本", "hashimoto"], ["阿部", "abe"],
  ["石川", "ishikawa"], ["山下", "yamashita"], ["中島", "nakajima"], ["石井", "ishii"], ["小川", "ogawa"],
  ["前田", "maeda"], ["岡田", "okada"], ["長谷川", "hasegawa"], ["藤田", "fujita"], ["後藤", "goto"],
  ["近藤", "kondo"], ["村上", "murakami"], ["遠藤", "endo"], ["青木", "aoki"], ["坂本", "sakamoto"],
  ["福田", "fukuda"], ["太田", "ota"], ["西村", "nishimura"], ["藤井", "fujii"], ["金子", "kaneko"],
  ["岡本", "okamoto"], ["藤原", "fujiwara"], ["中野", "nakano"], ["三浦", "miura"], ["原田", "harada"],
  ["中川", "nakagawa"], ["松田", "matsuda"], ["竹内", "takeuchi"], ["小野", "ono"], ["田村", "tamura"],
  ["中山", "nakayama"], ["和田", "wada"], ["石田", "ishida"], ["森田", "morita"], ["上田", "ueda"],
  ["原", "hara"], ["内田", "uchida"], ["柴田", "shibata"], ["酒井", "sakai"], ["宮崎", "miyazaki"],
  ["横山", "yokoyama"], ["高木", "takagi"], ["安藤", "ando"], ["宮本", "miyamoto"], ["大野", "ono"],
  ["小島", "kojima"], ["工藤", "kudo"], ["谷口", "taniguchi"], ["今井", "imai"], ["高田", "takada"],
  ["丸山", "maruyama"], ["増田", "masuda"], ["杉山", "sugiyama"], ["村田", "murata"], ["大塚", "otsuka"],
  ["小山", "koyama"], ["平野", "hirano"], ["藤本", "fujimoto"], ["久保", "kubo"], ["松井", "matsui"],
  ["千葉", "chiba"], ["岩崎", "iwasaki"], ["桜井", "sakurai"], ["木下", "kinoshita"], ["野口", "noguchi"],
  ["松尾", "matsuo"], ["菊地", "kikuchi"], ["野村", "nomura"], ["新井", "arai"], ["佐野", "sano"],
  ["杉本", "sugimoto"], ["古川", "furukawa"], ["大西", "onishi"], ["西田", "nishida"], ["北村", "kitamura"],
];

export const JA_GIVEN_NAMES: readonly RomanizedName[] = [
  ["太郎", "taro"], ["翔太", "shota"], ["大輔", "daisuke"], ["健太", "kenta"], ["拓也", "takuya"],
  ["直樹", "naoki"], ["誠", "makoto"], ["浩二", "koji"], ["隆", "takashi"], ["健一", "kenichi"],
  ["哲也", "tetsuya"], ["亮", "ryo"], ["悠斗", "yuto"], ["蓮", "ren"], ["大樹", "daiki"],
  ["和也", "kazuya"], ["聡", "satoshi"], ["剛", "tsuyoshi"], ["修", "osamu"], ["秀樹", "hideki"],
  ["雄一", "yuichi"], ["達也", "tatsuya"], ["陽介", "yosuke"], ["俊介", "shunsuke"], ["康弘", "yasuhiro"],
  ["一郎", "ichiro"], ["慎也", "shinya"], ["賢治", "kenji"], ["学", "manabu"], ["智也", "tomoya"],
  ["花子", "hanako"], ["陽子", "yoko"], ["恵", "megumi"], ["美咲", "misaki"], ["愛", "ai"],
  ["彩", "aya"], ["由美", "yumi"], ["直美", "naomi"], ["真由美", "mayumi"], ["智子", "tomoko"],
  ["裕子", "yuko"], ["久美子", "kumiko"], ["明美", "akemi"], ["沙織", "saori"], ["麻衣", "mai"],
  ["千尋", "chihiro"], ["結衣", "yui"], ["葵", "aoi"], ["さくら", "sakura"], ["遥", "haruka"],
  ["奈々", "nana"], ["美穂", "miho"], ["香織", "kaori"], ["理恵", "rie"], ["綾香", "ayaka"],
  ["瞳", "hitomi"], ["真理子", "mariko"], ["春香", "haruka"], ["加奈子", "kanako"], ["早紀", "saki"],
];

export const EN_FIRST_NAMES: readonly string[] = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
  "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen",
  "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily",
  "Paul", "Michelle", "Andrew", "Amanda", "Joshua", "Melissa", "Kevin", "Stephanie", "Brian", "Rebecca",
  "George", "Laura", "Ryan", "Sharon", "Jacob", "Cynthia", "Nicholas", "Amy", "Eric", "Angela",
  "Jonathan", "Anna", "Justin", "Olivia", "Samuel", "Rachel", "Benjamin", "Hannah", "Aaron", "Grace",
  "Priya", "Wei", "Carlos", "Sofia", "Ahmed", "Mei", "Diego", "Aisha", "Lucas", "Elena",
  "Noah", "Chloe", "Ethan", "Maya", "Omar", "Nina", "Marcus", "Zoe", "Ravi", "Claire",
];

export const EN_LAST_NAMES: readonly string[] = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "Patel", "Chen", "Kim", "Singh", "Cohen", "Murphy", "O'Brien", "Sullivan", "Fischer", "Novak",
  "Bennett", "Brooks", "Collins", "Foster", "Hayes", "Hughes", "Kelly", "Morgan", "Parker", "Reed",
];

/** Titles by seniority; the first contact of an account is its executive sponsor or champion. */
export const TITLES = {
  en: {
    executive: ["CEO", "COO", "CTO", "CIO", "VP Operations", "VP Engineering", "VP Sales", "VP Customer Experience", "Head of IT", "Head of Operations", "Director of Engineering", "Director of IT"],
    manager: ["IT Manager", "Operations Manager", "Engineering Manager", "Customer Support Manager", "Project Manager", "Sales Operations Manager", "Product Manager", "Marketing Manager", "HR Manager", "Finance Manager"],
    staff: ["Systems Administrator", "Operations Analyst", "Software Engineer", "Support Specialist", "Business Analyst", "Data Analyst", "Account Executive", "Marketing Specialist", "Project Coordinator", "IT Specialist"],
  },
  ja: {
    executive: ["代表取締役", "代表取締役社長", "取締役 CTO", "執行役員 CIO", "取締役 営業本部長", "執行役員 DX推進本部長", "常務取締役"],
    manager: ["情報システム部 部長", "営業部 部長", "経営企画室 室長", "カスタマーサポート部 マネージャー", "人事部 課長", "開発部 課長", "マーケティング部 マネージャー", "総務部 課長", "DX推進室 室長", "経理部 部長"],
    staff: ["情報システム部", "営業部 主任", "開発部 エンジニア", "カスタマーサクセス部", "経理部", "マーケティング部", "業務改革推進室", "総務部 係長", "情報システム部 主任", "人事部"],
  },
} as const;

export type Seniority = keyof (typeof TITLES)["en"];
