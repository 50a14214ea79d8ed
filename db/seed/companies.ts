import type { Rng } from "./random";

/**
 * Company names and domains for the demo data, built from parts so that even the large scale
 * (tens of thousands of accounts) gets plausible, mostly distinct names: English
 * "Northbridge Logistics Inc." on northbridgelogistics.com, Japanese "株式会社アオゾラ物流" on
 * aozora-butsuryu.co.jp.
 */
export type Country = "JP" | "US";
export type Company = { name: string; domain: string; country: Country };

const EN_PREFIXES = [
  "Blue",
  "North",
  "Bright",
  "Silver",
  "Iron",
  "Clear",
  "Red",
  "Green",
  "Swift",
  "True",
  "Open",
  "High",
  "Summit",
  "Cedar",
  "Maple",
  "Harbor",
  "River",
  "Stone",
  "Pine",
  "Oak",
  "Golden",
  "Prime",
  "Nova",
  "Lumen",
  "Vertex",
  "Atlas",
  "Apex",
  "Crest",
  "Delta",
  "Echo",
  "Ever",
  "First",
  "Key",
  "Lake",
  "Meridian",
  "Pacific",
  "Quantum",
  "Sky",
  "Sterling",
  "Union",
  "West",
  "East",
  "South",
  "Star",
  "Sun",
  "Moon",
  "Wild",
  "Bold",
  "Copper",
  "Granite",
] as const;

const EN_ROOTS = [
  "field",
  "line",
  "path",
  "point",
  "wave",
  "bridge",
  "gate",
  "works",
  "stack",
  "forge",
  "mark",
  "view",
  "way",
  "leaf",
  "light",
  "rock",
  "ridge",
  "shore",
  "wind",
  "spring",
  "crest",
  "stream",
  "haven",
  "port",
  "vale",
  "brook",
  "peak",
  "grove",
  "wood",
  "sight",
] as const;

/** Industry word and the top-level domain that kind of company tends to use. */
const EN_INDUSTRIES: readonly (readonly [string, string])[] = [
  ["Logistics", "com"],
  ["Analytics", "io"],
  ["Systems", "com"],
  ["Software", "io"],
  ["Health", "com"],
  ["Foods", "com"],
  ["Manufacturing", "com"],
  ["Energy", "com"],
  ["Robotics", "ai"],
  ["Media", "com"],
  ["Labs", "io"],
  ["Security", "com"],
  ["Financial", "com"],
  ["Retail", "com"],
  ["Networks", "net"],
  ["Consulting", "com"],
  ["Biotech", "com"],
  ["Learning", "com"],
  ["Mobility", "com"],
  ["Solutions", "com"],
  ["Insurance", "com"],
  ["Capital", "com"],
  ["Design", "co"],
  ["Studios", "co"],
  ["Pharma", "com"],
  ["Telecom", "com"],
  ["Cloud", "io"],
  ["Data", "io"],
  ["Dynamics", "com"],
  ["Partners", "com"],
];

const EN_FORMS = ["Inc.", "Inc.", "Inc.", "LLC", "Corp.", "Co.", "Group", ""] as const;

const JA_STEMS: readonly (readonly [string, string])[] = [
  ["アオゾラ", "aozora"],
  ["ひかり", "hikari"],
  ["みらい", "mirai"],
  ["さくら", "sakura"],
  ["東和", "towa"],
  ["大和", "yamato"],
  ["富士", "fuji"],
  ["中央", "chuo"],
  ["北斗", "hokuto"],
  ["朝日", "asahi"],
  ["太陽", "taiyo"],
  ["青葉", "aoba"],
  ["若葉", "wakaba"],
  ["新星", "shinsei"],
  ["平和", "heiwa"],
  ["共栄", "kyoei"],
  ["協和", "kyowa"],
  ["三和", "sanwa"],
  ["丸和", "maruwa"],
  ["日進", "nisshin"],
  ["東邦", "toho"],
  ["大成", "taisei"],
  ["明和", "meiwa"],
  ["信和", "shinwa"],
  ["栄光", "eiko"],
  ["アルファ", "alpha"],
  ["ネクスト", "next"],
  ["クレスト", "crest"],
  ["ソレイユ", "soleil"],
  ["リンク", "link"],
  ["フロンティア", "frontier"],
  ["グローバル", "global"],
  ["オリオン", "orion"],
  ["アスカ", "asuka"],
  ["コスモ", "cosmo"],
  ["テクノ", "techno"],
  ["ハーモニー", "harmony"],
  ["ブライト", "bright"],
  ["サンライズ", "sunrise"],
  ["山手", "yamate"],
  ["湊", "minato"],
  ["桜木", "sakuragi"],
  ["葵", "aoi"],
  ["晴海", "harumi"],
  ["千歳", "chitose"],
  ["高砂", "takasago"],
  ["白鷺", "shirasagi"],
  ["松風", "matsukaze"],
  ["瑞穂", "mizuho"],
  ["錦", "nishiki"],
  ["ミナト", "minato"],
  ["ツバサ", "tsubasa"],
  ["カナデ", "kanade"],
  ["ヤマト", "yamato"],
  ["ユニオン", "union"],
  ["ライト", "light"],
  ["ステラ", "stella"],
  ["ノバ", "nova"],
  ["エール", "yell"],
  ["ひまわり", "himawari"],
];

const JA_INDUSTRIES: readonly (readonly [string, string])[] = [
  ["物流", "butsuryu"],
  ["製作所", "seisakusho"],
  ["工業", "kogyo"],
  ["電機", "denki"],
  ["商事", "shoji"],
  ["建設", "kensetsu"],
  ["不動産", "fudosan"],
  ["食品", "shokuhin"],
  ["システムズ", "systems"],
  ["テクノロジーズ", "tech"],
  ["ソリューションズ", "solutions"],
  ["ホールディングス", "hd"],
  ["運輸", "unyu"],
  ["薬品", "yakuhin"],
  ["化学", "kagaku"],
  ["精機", "seiki"],
  ["印刷", "insatsu"],
  ["通信", "tsushin"],
  ["証券", "shoken"],
  ["出版", "shuppan"],
  ["観光", "kanko"],
  ["製薬", "seiyaku"],
  ["ラボ", "lab"],
  ["デザイン", "design"],
  ["エンジニアリング", "engineering"],
  ["産業", "sangyo"],
  ["興産", "kosan"],
  ["企画", "kikaku"],
  ["ネットワークス", "networks"],
  ["メディカル", "medical"],
  ["フーズ", "foods"],
  ["電子", "denshi"],
  ["技研", "giken"],
  ["ロジスティクス", "logistics"],
  ["情報サービス", "joho"],
  ["リテール", "retail"],
  ["ファイナンス", "finance"],
];

/** Regional prefixes, used by a minority of names (関西アオゾラ物流). */
const JA_REGIONS: readonly (readonly [string, string])[] = [
  ["東京", "tokyo"],
  ["大阪", "osaka"],
  ["関西", "kansai"],
  ["九州", "kyushu"],
  ["北海道", "hokkaido"],
  ["名古屋", "nagoya"],
  ["横浜", "yokohama"],
  ["京都", "kyoto"],
  ["神戸", "kobe"],
  ["札幌", "sapporo"],
  ["福岡", "fukuoka"],
  ["仙台", "sendai"],
];

function englishCompany(rng: Rng): Company {
  const prefix = rng.pick(EN_PREFIXES);
  const root = rng.pick(EN_ROOTS);
  const [industry, tld] = rng.pick(EN_INDUSTRIES);
  const form = rng.pick(EN_FORMS);
  const brand = prefix + root;
  const name = [brand, industry, form].filter(Boolean).join(" ");
  const domain = rng.chance(0.5) ? `${brand}.${tld}` : `${brand}${industry}.${tld}`;
  return { name, domain: domain.toLowerCase(), country: "US" };
}

function japaneseCompany(rng: Rng): Company {
  const region = rng.chance(0.25) ? rng.pick(JA_REGIONS) : null;
  const [stem, stemRomaji] = rng.pick(JA_STEMS);
  const [industry, industryRomaji] = rng.pick(JA_INDUSTRIES);
  const core = `${region ? region[0] : ""}${stem}${industry}`;
  const form = rng.weighted([
    ["株式会社 prefix", 60],
    ["株式会社 suffix", 32],
    ["合同会社", 8],
  ] as const);
  const name = form === "株式会社 prefix" ? `株式会社${core}` : form === "株式会社 suffix" ? `${core}株式会社` : `合同会社${core}`;
  const label = [region?.[1], stemRomaji, industryRomaji].filter(Boolean).join("-");
  return { name, domain: `${label}.${form === "合同会社" ? "jp" : "co.jp"}`, country: "JP" };
}

/**
 * A company in `country` whose domain is not in `taken` (then added to it). Retries draw new
 * names; once the name space is crowded a number keeps the domain unique.
 */
export function uniqueCompany(rng: Rng, country: Country, taken: Set<string>): Company {
  let company = country === "JP" ? japaneseCompany(rng) : englishCompany(rng);
  for (let attempt = 0; taken.has(company.domain) && attempt < 8; attempt++) {
    company = country === "JP" ? japaneseCompany(rng) : englishCompany(rng);
  }
  if (taken.has(company.domain)) {
    const dot = company.domain.indexOf(".");
    const [label, tld] = [company.domain.slice(0, dot), company.domain.slice(dot + 1)];
    let n = 2;
    while (taken.has(`${label}${n}.${tld}`)) n++;
    company = { ...company, domain: `${label}${n}.${tld}` };
  }
  taken.add(company.domain);
  return company;
}
