"""PERSON: personal names (kanji, kana, katakana, foreign names), reported without honorifics.

Evidence, strongest first:
  1. minutes speaker lines: ○議長（山田太郎君） -> 山田太郎
  2. a label before the name: 氏名：山田 太郎, フリガナ：ヤマダ タロウ, 担当は鈴木, 相談者 佐藤, 母・タマエ
  3. an honorific or personal title after it: 山田様, 佐藤さん, 田中氏, 鈴木君, ジョン・スミス様, 宮崎課長
  4. Sudachi person-name tags (名詞-固有名詞-人名-姓/名/一般) on their own: 山田太郎 0.85, 高橋 0.65
  5. katakana full names joined by ・ whose parts are name-tagged or unknown words (グエン・ヴァン・ナム),
     initials (ジョージ・H・W・ブッシュ), a reading in brackets after a name (山田太郎（ヤマダタロウ）)
  6. frames only a name fits: 税務課の松本です, 執行湊（85歳）; lists and coordinations with other names
     (出席委員：山田太郎、鈴木一郎、桝伴; ハニーとロイ)
  7. a name found once, elsewhere in the same text (山田太郎様 … 山田は); an unknown katakana word as the
     subject (カコックは); a lone dictionary name as subject or object (政宗は)
  8. words that only attach to people: after the name (マロー自ら, ロス一家, クレーマー家, 徳川方, 安倍派),
     a role or occupation right before it (哲学者シセラ・ボク, 歌手徳山璉, 父の林文察), a regnal number
     (アナスタシオス1世)
  9. gated GiNZA NER (`use_ner="gated"`, the default setting): tok2vec + ner run on short windows around
     the words rules 1-8 left undecided (at most NER_BUDGET_CHARS characters per text); a Person span is
     kept only if it overlaps such a word and does not look like an organisation or facility; a span
     that stops inside a kanji name is completed with dictionary name readings (梶原|一騎)
Scores: 0.95 minutes, 0.9 label/honorific, 0.85 full names, 0.8 frames and regnal names, 0.6 attributes,
roles and NER spans, 0.55-0.65 lone name words; the
engine's threshold (0.5) keeps a lone given name (0.45) out.
Not names: a name-tagged token glued to an organisation or place suffix (山田建設, 佐藤病院, 中村地区),
municipalities before 様 (佐賀市様), common nouns before さん (患者さん, 皆様, お客様).
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult

from guardrails.recognizers.base import LANG, result
from guardrails.recognizers.tokens import Tok, TokenView

HONORIFICS = ("さま", "様", "さん", "氏", "君", "くん", "ちゃん", "殿", "先生", "どの")
PERSONAL_TITLES = (
    "議員", "委員長", "副委員長", "委員", "議長", "副議長", "部長", "課長補佐", "課長", "係長", "主査", "主事", "主任",
    "室長", "所長", "園長", "校長", "教頭", "教諭", "局長", "次長", "参事", "主幹", "技師", "保健師", "看護師", "医師",
    "弁護士", "司法書士", "税理士", "行政書士", "社会福祉士", "社長", "会長", "理事長", "院長", "相談員", "支援員",
    "指導員", "民生委員", "専門員", "調査員", "記者", "監督", "選手", "博士", "教授", "准教授", "自治会長", "班長",
    "代表取締役", "本人", "容疑者", "被告", "夫人", "女史", "師",
    "総裁", "艦長", "航海長", "館長", "首相", "総理", "大統領", "副大統領", "伯爵", "公爵", "侯爵", "男爵", "子爵",
    "大佐", "中佐", "少佐", "大尉", "中尉", "少尉", "大将", "中将", "少将", "元帥", "長官", "大臣", "書記", "主席",
    "投手", "捕手", "内野手", "外野手", "副社長", "専務", "常務", "取締役", "頭取", "講師", "助教", "師匠", "親方",
    "画伯", "先輩", "監査役", "学長", "総長", "署長", "駅長", "店長", "工場長", "支店長", "センター長", "事務局長",
    "自身", "自ら",
)
# titles that only ever follow a person: any katakana word before them is a name (デヴォー中佐, ウォマック自身)
PERSON_ONLY_TITLES = ("博士", "教授", "准教授", "中佐", "大佐", "少佐", "中尉", "大尉", "少尉", "大将", "中将", "少将", "元帥",
                      "将軍", "大統領", "副大統領", "首相", "司教", "大司教", "神父", "牧師", "伯爵", "公爵", "侯爵", "男爵",
                      "子爵", "夫人", "女史", "親王", "内親王", "天皇", "皇帝", "国王", "女王", "王子", "王女", "総督", "提督",
                      "艦長", "書記長", "兄弟", "姉妹", "夫妻", "父子", "母子", "総理大臣", "内閣総理大臣",
                      "大臣", "長官", "容疑者", "被告", "皇太子", "皇太后", "王妃", "船長", "機長", "司令官", "枢機卿",
                      "教皇", "法王", "国務長官", "外相", "蔵相", "上院議員", "下院議員")
# after these a place name is the jurisdiction (佐賀市長), so only a name-tagged token counts
JURISDICTION_TITLES = ("市長", "町長", "村長", "副市長", "副町長", "副村長", "区長", "教育長", "代表")
_ANCHORS = sorted(set(HONORIFICS + PERSONAL_TITLES + JURISDICTION_TITLES + PERSON_ONLY_TITLES), key=len, reverse=True)
_ANCHORS_TUPLE = tuple(_ANCHORS)
_ANCHOR_RE = re.compile("|".join(re.escape(a) for a in _ANCHORS))

STRONG_LABELS = ("氏名", "お名前", "名前", "フリガナ", "ふりがな", "カナ氏名", "氏名カナ", "口座名義人", "口座名義",
                 "名義人", "名義", "宛名", "児童氏名", "児童名", "患者氏名", "患者名", "ご氏名", "御氏名")
KINSHIP_LABELS = ("長男", "長女", "次男", "次女", "三男", "三女", "妻", "夫", "父", "母", "祖父", "祖母", "孫", "兄", "姉",
                  "弟", "妹", "義母", "義父", "息子", "娘", "四男", "四女", "養子", "養女", "甥", "姪", "叔父", "叔母", "伯父", "伯母")
WEAK_LABELS = ("申請者", "相談者", "届出人", "世帯主", "担当者", "担当", "記入者", "代理人", "利用者", "対象者",
               "被保険者", "受給者", "契約者", "差出人", "送信者", "保護者", "配偶者", "申出人", "依頼者", "通報者",
               "相手方", "発言者", "質問者", "回答者", "作成者", "起案者", "入居者", "来庁者", "来所者", "同居人",
               "長男", "長女", "次男", "次女", "三男", "三女", "妻", "夫", "父", "母", "祖父", "祖母", "孫", "兄", "姉",
               "弟", "妹", "義母", "義父", "子", "息子", "娘", "本人", "患者", "児童", "生徒", "対応者", "受付者",
               "面談者", "訪問者", "家族", "親族", "知人", "友人", "後見人", "連絡者", "From", "差出", "署名", "宛先",
               "CC", "Cc", "発信者", "報告者", "確認者", "承認者", "決裁者", "出席者", "欠席者", "参加者", "講師",
               "四男", "四女", "養子", "養女", "甥", "姪", "叔父", "叔母", "伯父", "伯母",
               "所有者", "申込者", "請求者", "納税義務者", "相続人", "被相続人", "死亡者", "届出者", "転入者", "転出者",
               "保証人", "連帯保証人", "債務者", "債権者", "借主", "貸主", "家主", "管理人", "受取人", "受任者", "委任者",
               "申告者", "扶養者", "被扶養者", "同伴者", "同行者", "紹介者", "推薦者", "利用申込者",
               # roles written before a name (担当保健師 森, 主査 山田)
               "保健師", "主査", "主事", "係長", "課長", "部長", "相談員", "社会福祉士", "ケースワーカー", "支援員",
               "調査員", "民生委員", "児童委員", "自治会長", "区長", "医師", "看護師", "弁護士", "司法書士", "通訳")
_LABEL_WORDS = set(STRONG_LABELS) | set(WEAK_LABELS)
# 「X という名前」: a label word after という (or っていう, と言う, といった) names what stands before it, so what
# follows is not a name (「何という名前ですか」 masked です as a person: thirteen questions of the seed sets)
_NAMED_BEFORE = re.compile(r"(?:と|て)(?:いう|言う)\s?$|といった\s?$")
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(re.escape(w) for w in sorted(STRONG_LABELS + WEAK_LABELS, key=len, reverse=True))
    + r")(?:[（(][^）)\n]{1,8}[）)])?\s?(?:[:：・]\s?|は\s?|が\s?|の\s?|\s)?"
)
# minutes speaker lines: ○議長（山田太郎君）, ○3番（鈴木一郎議員）, ○福祉部長（田中誠君）
MINUTES_RE = re.compile(
    r"(?<=[○◯〇◎]\s?(?P<role>[^\s()（）。、\n]{1,14}?)[(（])(?P<name>[^\s()（）○◯、。\n0-9]{1,8}?(?:\s[^\s()（）、。\n0-9]{1,6}?)?)"
    r"(?=\s?(?P<hon>君|くん|さん|氏|議員|委員|様)?[)）])"
)
MINUTES_ROLES = re.compile(r"(?:議長|委員長|副委員長|市長|町長|村長|知事|部長|課長|局長|次長|室長|所長|教育長|管理者|理事|参事|委員|議員|[0-9０-９]+番)$")
READING_RE = re.compile(r"\s?[(（]\s?(?P<r>[\p{Katakana}ー・=]+(?:[\s　][\p{Katakana}ー・=]+)?|[\p{Hiragana}ー]+(?:\s[\p{Hiragana}ー]+)?)\s?[)）]")
KATA_CHAIN_RE = re.compile(r"(?<![\p{Katakana}ー])[\p{Katakana}][\p{Katakana}ー]+(?:[・=][\p{Katakana}][\p{Katakana}ー]+)+(?![\p{Katakana}ー])")

# after a name-tagged token: it is part of an organisation, facility or place name
ORG_SUFFIXES = (
    "病院", "医院", "クリニック", "歯科", "建設", "工業", "工務店", "商店", "商事", "産業", "興業", "物産", "株式会社", "有限会社",
    "合同会社", "銀行", "信用金庫", "小学校", "中学校", "高校", "高等学校", "大学", "学園", "幼稚園", "保育園", "保育所",
    "こども園", "公民館", "会館", "センター", "地区", "自治会", "町内会", "町", "村", "市", "区", "郡", "県", "駅", "線",
    "川", "橋", "通り", "公園", "神社", "寺", "院", "堂", "館", "店", "屋", "組", "事務所", "財団", "協会", "組合",
    "農協", "ビル", "荘", "団地", "運輸", "電機", "製作所", "不動産", "薬局", "整骨院", "接骨院", "塾", "教室", "賞",
    "家住宅", "城", "港", "湾", "山", "島", "峠", "池", "沼", "湖", "線路", "街道", "町長", "村長", "市長", "方式",
    "式", "法", "説", "派", "流", "号", "丸", "ホール", "ホテル", "旅館", "牧場", "農園", "研究所", "出版", "書店",
    "IC", "JCT", "SA", "PA", "インター", "工業団地", "団地", "記念", "杯", "大会", "線", "ダム", "トンネル",
    "内閣", "政権", "政府", "一族", "一家", "陣営", "財閥", "王朝", "幕府", "藩",
    "社", "戦", "航空", "墓地", "主義", "朝", "州", "FC", "美術館", "空港", "劇場", "記録", "物語", "伝",
)
ORG_PREFIXES = ("株式会社", "有限会社", "合同会社", "(株)", "(有)", "社会福祉法人", "医療法人", "学校法人", "一般社団法人",
                "公益財団法人", "NPO法人", "特定非営利活動法人")
# single characters / words that take honorifics but are not names
COMMON_BEFORE_HONORIFIC = {
    "皆", "客", "奥", "娘", "父", "母", "兄", "姉", "弟", "妹", "子", "孫", "嫁", "婿", "神", "王", "姫", "方", "各", "貴",
    "当", "先", "彼", "僕", "私", "隣", "親", "夫", "妻", "主", "様", "殿", "仏", "坊", "お", "ご", "御", "同", "前", "新",
    "旧", "元", "両", "諸", "某", "者", "人", "員", "長", "課", "係", "部", "局", "室", "所", "班",
}
KATAKANA_NOT_NAMES = {
    "オーナー", "スタッフ", "ヘルパー", "ケアマネ", "ケアマネジャー", "ケアマネージャー", "ドライバー", "ママ", "パパ", "シェフ",
    "マスター", "ケースワーカー", "ユーザー", "ゲスト", "メンバー", "リーダー", "マネージャー", "マネジャー", "サポーター",
    "ボランティア", "コーディネーター", "カウンセラー", "ワーカー", "ドクター", "ナース", "パート", "アルバイト", "ホスト",
    "オペレーター", "トレーナー", "インストラクター", "コーチ", "キャプテン", "ファン", "お客", "クライアント", "パートナー",
}
KATAKANA_CHAIN_STOP = {
    "サービス", "センター", "システム", "ワーク", "ライフ", "バランス", "ケア", "プラン", "ネット", "ポータル", "マイナ", "カード",
    "デザイン", "ユニバーサル", "コミュニティ", "スクール", "ステーション", "サポート", "プラザ", "ホール", "ルーム", "オフィス",
    "ビジネス", "マネジメント", "ガイド", "ブック", "データ", "デジタル", "オンライン", "ソーシャル", "メディア", "ニュース",
    "イベント", "フェスティバル", "マーケット", "ショップ", "ストア", "カフェ", "レストラン", "ホテル", "クリニック", "ハウス",
    "ホーム", "ファミリー", "ヘルス", "スポーツ", "クラブ", "チーム", "リーグ", "グループ", "ネットワーク", "プロジェクト",
    "プログラム", "セミナー", "フォーラム", "シンポジウム", "ワークショップ", "コンテスト", "アート", "ミュージアム",
    "ライブラリ", "パーク", "ガーデン", "ランド", "シティ", "タウン", "ビル", "タワー", "マンション", "ハイツ", "コーポ",
    "アパート", "メール", "アドレス", "パスワード", "ログイン", "アカウント", "ファイル", "フォルダ", "ソフト", "アプリ",
    "ウェブ", "サイト", "ページ", "リンク", "チェック", "リスト", "シート", "フォーム", "テスト", "モデル", "エリア", "ゾーン",
    "ポイント", "キャンペーン", "フェア", "セール", "コース", "レベル", "タイプ", "サイズ", "カラー", "スタイル", "ルール",
    "マニュアル", "ガイドライン", "ポリシー", "セキュリティ", "リスク", "コスト", "スケジュール", "タスク", "フロー",
    "バス", "タクシー", "レンタル", "シェア", "サイクル", "エネルギー", "ゼロ", "カーボン", "ニュートラル", "ダイバーシティ",
    "インクルージョン", "ノーマライゼーション", "バリア", "フリー", "ユニット", "ケース", "スタディ", "ワン", "ストップ",
    "ヒト", "モノ", "カネ", "コト", "スマート", "テレビ", "ラジオ", "カメラ", "センサ", "センサー", "パソコン", "スマートフォン",
    "タブレット", "インターネット", "クラウド", "オープン", "ローカル", "グローバル", "コード", "ジャパン", "サイエンス",
}
NAME_RUN_MAX_TOKENS = 5
# single kanji that end compounds (友人間, 生徒用, 利用者数): never a one-character surname after a label
_SUFFIX_LIKE = set("間用数像等分別側層向費率額会団群全各毎内外中上下後前達宅家方宛欄名証票届印枠席室部課係局班員者人長性化的式制")
ADMIN_END = ("市", "区", "町", "村", "郡", "県", "都", "府", "道")
# words of a form that follow a label but are not a name (氏名・住所, 氏名：未記入)
FIELD_WORDS = {"住所", "性別", "年齢", "職業", "電話", "電話番号", "生年月日", "連絡先", "続柄", "不明", "未記入", "記入", "欄",
               "署名", "押印", "印", "等", "及び", "変更", "確認", "本人", "代理人", "記載", "なし", "無し", "省略", "同上",
               "非公開", "匿名", "別紙", "所属", "役職", "年月日", "フリガナ", "ふりがな", "カナ", "漢字", "番号", "欄外"}


ERAS = ("明治", "大正", "昭和", "平成", "令和")
_SELF_INTRO_RE = re.compile(r"(?<=(?:課|係|室|部|局|所|センター|事務局|担当)の\s?)(?P<name>[\p{Han}々]{1,4})"
                            r"(?=\s?(?:です|でございます|と申します|が担当|が対応|が伺|が承))")
# a lot number or a document number right after "a name" means it was a place or an office code
_NOT_AFTER_NAME = re.compile(r"\s?(?:[0-9〇一二三四五六七八九十]+\s?(?:丁目|番地|番|号|-[0-9])|第\s?[0-9])")
_AGE_AFTER_RE = re.compile(r"[（(]\s?(?:[0-9]{1,3}\s?歳\s?[）)、,]|(?:明治|大正|昭和|平成|令和|[MTSH]|19|20)[^）)\n]{1,14}?生)")
_ASCII_NAME_RE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=\s?(?:様|さん|氏|先生|殿)(?![\p{Han}]))")
_ASCII_FULL_NAME_RE = re.compile(r"(?<![A-Za-z0-9.])[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}(?![A-Za-z0-9.])")
_MIXED_NAME_RE = re.compile(r"^[\p{Han}々][\p{Han}\p{Hiragana}々ヶ]+$")
_INITIALS_RE = re.compile(
    r"(?<![\p{Katakana}ー・])[\p{Katakana}][\p{Katakana}ー]+(?:・[\p{Katakana}][\p{Katakana}ー]+)*(?:・[A-Z]\.?)+・[\p{Katakana}][\p{Katakana}ー]+"
    r"|(?<![A-Za-z.])(?:[A-Z]\.\s?){1,3}[\p{Katakana}][\p{Katakana}ー]+"
    r"|(?<![A-Za-z・])(?:[A-Z]・){1,3}[\p{Katakana}][\p{Katakana}ー]+(?![\p{Katakana}ー])")
_LIST_RE = re.compile(r"(?<![\p{Han}])[\p{Han}々]{2,5}(?:[・、][\p{Han}々]{2,5}){2,}(?![\p{Han}々])")
_GIVEN_NAME_ENDINGS = set("子郎助吉美恵夫雄彦介衛蔵平次治男江代枝乃奈菜香花太斗翔輝也哉樹人司志史之")
_COORD = {"と", "や", "、", "・", "及び", "および", "並びに", "ならびに", "または", "又は"}
# words that follow only a person (or a family) named right before them: マロー自ら, ロス一家, 徳川方, 安倍派
PERSON_ATTRIBUTES_AFTER_KATAKANA = {"自ら", "自身", "個人", "両人", "本人", "夫妻", "兄弟", "姉妹", "親子", "父子", "母子",
                                    "一家", "一族", "家", "王家", "役"}
PERSON_ATTRIBUTES_AFTER_SURNAME = {"自ら", "自身", "個人", "両人", "本人", "夫妻", "兄弟", "姉妹", "親子", "父子", "一家",
                                   "一族", "家", "方", "派", "陣営"}
# occupations and roles written right before a name (哲学者シセラ・ボク, 社長ヴェンディーチェ, 歌手徳山璉, 父の林文察)
ROLE_WORDS = {
    "歌手", "作家", "小説家", "哲学者", "社長", "会長", "代表", "編集者", "主人公", "少年", "少女", "俳優", "女優", "選手", "監督",
    "投手", "捕手", "DF", "FW", "MF", "GK", "ボーカル", "ピアニスト", "嫡子", "息子", "娘", "長男", "長女", "次男", "次女", "妻",
    "夫", "父", "母", "兄", "姉", "弟", "妹", "祖父", "祖母", "叔父", "叔母", "画家", "詩人", "作曲家", "指揮者", "脚本家", "漫画家",
    "写真家", "建築家", "政治家", "実業家", "学者", "研究者", "記者", "司会者", "アナウンサー", "官僚", "弁護士", "医師", "教授",
    "棋士", "力士", "騎手", "レスラー", "コーチ", "プロデューサー", "ディレクター", "デザイナー", "タレント", "声優", "奏者",
    "トップスター", "王者", "首相", "大統領", "国王", "皇帝", "将軍", "師匠", "弟子", "友人", "恋人", "側近", "部下", "上司",
    "同僚", "後輩", "先輩", "原作者", "作者", "著者", "訳者", "創業者", "家臣", "重臣", "武将", "藩主", "城主", "当主",
}
_REGNAL_RE = re.compile(r"(?<![\p{Katakana}ー・=])[\p{Katakana}][\p{Katakana}ー・=]*[\p{Katakana}ー]"
                        r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})世(?!紀)")
# gated NER: window around an undecided word (characters), and NER characters per analysed text at most
NER_WINDOW_LEFT = 10
NER_WINDOW_RIGHT = 5
NER_BUDGET_CHARS = 48
NER_DECIDED_SCORE = 0.5  # rule findings at or above this are not sent to the NER
NER_SCORE = 0.6
# last words of organisation / facility names the NER sometimes calls a Person
NER_NOT_NAME_ENDS = {"天文台", "研究所", "印刷所", "クラブ", "ゴルフクラブ", "ジャンクション", "ブリッジ", "銀行", "製作所",
                     "事務所", "大賞", "名物", "支店", "本店", "支所", "出張所", "営業所", "分室", "分館", "版", "党", "軍", "隊", "団", "社", "会", "家", "氏族", "事件", "戦争", "合戦"}
_NER_NOT_NAME_AFTER = tuple(w for w in NER_NOT_NAME_ENDS if len(w) >= 2)  # 神野|支店, not 山田|会長
_SENT_END = {"。", "\n", "！", "？", "!", "?"}
# nouns that follow a person's name without making it part of a compound (マミー役, ロス一家, 木谷個人)
_PERSON_FOLLOWERS = {"役", "家", "一家", "本人", "自身", "自ら", "個人", "ら", "達", "たち", "側", "夫妻", "兄弟", "姉妹", "親子", "両人"}
_ARGUMENT_PARTICLES = {"は", "が", "の", "と", "も", "を", "に", "や", "へ", "から", "より"}
_BOUNDARY_TAGS = ("助詞", "補助記号", "助動詞", "空白", "接尾辞-名詞的-一般")


def _script(t: Tok) -> str:
    if t.katakana:
        return "kata"
    if t.hiragana:
        return "hira"
    if t.kanji:
        return "kanji"
    return "other"


def _name_piece(t: Tok, *, allow_place: bool, allow_kanji1: bool, allow_hira: bool) -> bool:
    """Can this token be part of a name run?"""
    if t.is_name and (t.kanji or t.katakana or t.hiragana):
        return True
    if t.katakana and len(t.text) >= 2 and t.text not in KATAKANA_NOT_NAMES and t.is_noun:
        return True
    if allow_place and t.is_place and t.kanji and not t.text.endswith(("市", "区", "町", "村", "郡", "県", "都", "府", "道")):
        return True
    if allow_kanji1 and t.kanji and len(t.text) == 1 and t.text not in COMMON_BEFORE_HONORIFIC and t.is_noun:
        return True
    if allow_hira and t.hiragana and len(t.text) >= 2:
        return True
    return False


def _is_connector(t: Tok) -> bool:
    return t.text in ("・", "=") or (t.is_space and len(t.text) == 1)


def _gap_ok(text: str, left: Tok, right: Tok, *, loose: bool = False) -> bool:
    """Two tokens may sit in one name: adjacent, or one space apart when both look like name parts
    (山田 太郎, マリア サントス); a wider gap or other material ends the name."""
    gap = text[left.end:right.start]
    if not gap:
        return True
    if len(gap) != 1 or not gap.isspace():
        return False
    both = (left.is_name or left.katakana or loose) and (right.is_name or right.katakana or loose)
    return both and (_script(left) == _script(right) or (left.is_surname and right.is_name))


def _collect_backward(text: str, view: TokenView, end_tok: Tok, *, allow_hira: bool) -> list[Tok]:
    """Name tokens ending at `end_tok`, walking left; one script per run (katakana or kanji)."""
    run: list[Tok] = []
    t: Tok | None = end_tok
    while t is not None and len(run) < NAME_RUN_MAX_TOKENS:
        if t.text in ("・", "=") and run and run[0].katakana:
            p = view.prev(t)
            if p is not None and p.katakana and _name_piece(p, allow_place=False, allow_kanji1=False, allow_hira=False):
                run[0:0] = [p, t]
                t = view.prev(p)
                continue
            break
        if run:
            mixed = t.is_surname and run[0].is_name  # 加藤さくら: kanji surname + kana given name
            if not (_gap_ok(text, t, run[0]) or (mixed and len(text[t.end:run[0].start]) == 1)) or \
                    (_script(t) != _script(run[0]) and not mixed):
                break
            kanji1 = run[0].is_given and len(t.text) == 1  # 桝 伴, 堀 誠: one-character surname before a given name
            ok = _name_piece(t, allow_place=True, allow_kanji1=kanji1, allow_hira=False)
            if not ok and run[0].is_given and len(run[0].text) >= 2 and t.kanji and len(t.text) <= 3 \
                    and t.tag.startswith("名詞") and t.text not in _LABEL_WORDS and t.text not in FIELD_WORDS \
                    and t.text not in COMMON_BEFORE_HONORIFIC and len(run) == 1:
                ok = True  # 執行恵子様: a rare surname the dictionary reads as a common noun
        else:
            ok = _name_piece(t, allow_place=True, allow_kanji1=True, allow_hira=allow_hira)
        if not ok:
            break
        run.insert(0, t)
        t = view.prev(t)
    while run and _is_connector(run[0]):
        run.pop(0)
    return run


def _collect_forward(text: str, view: TokenView, start_tok: Tok, *, strong: bool) -> list[Tok]:
    """Name tokens starting at `start_tok`, walking right; one script per run."""
    run: list[Tok] = []
    t: Tok | None = start_tok
    while t is not None and len(run) < NAME_RUN_MAX_TOKENS:
        if t.text in FIELD_WORDS:
            break
        if t.text in ("・", "=") and run and run[-1].katakana:
            n = view.next(t)
            if n is not None and n.katakana and n.text not in FIELD_WORDS:
                run.append(t)
                t = n
                continue
            break
        if run:
            mixed = run[-1].is_surname and t.is_name
            if not (_gap_ok(text, run[-1], t, loose=strong or mixed)) or (_script(t) != _script(run[-1]) and not mixed):
                break
            kanji1 = run[-1].is_surname or strong
        else:
            kanji1 = True
        hira = strong and (not run or run[-1].hiragana)
        extra = strong and t.kanji and len(t.text) <= 3 and t.is_noun and len(run) < 3
        if not (_name_piece(t, allow_place=True, allow_kanji1=kanji1, allow_hira=hira) or extra):
            break
        run.append(t)
        t = view.next(t)
    while run and _is_connector(run[-1]):
        run.pop()
    return run


def _is_boundary(t: Tok | None) -> bool:
    return t is None or t.tag.startswith(_BOUNDARY_TAGS) or t.text in HONORIFICS or t.text in ("\n",)


def _complete_kanji_name(view: TokenView, start: int, end: int, engine) -> int:
    """The NER often stops inside a kanji name whose given name it does not know (梶原|一騎, 中野雅|至,
    曹雪|芹, 野沢|信濃): extend the span over the rest of the kanji run when the whole stays within 4
    characters, a particle or punctuation follows, and every added word has a name reading in the
    dictionary (一騎, 至, 芹, 信濃; not 飯田|大火, 前田|製紙, 川崎|相手)."""
    last = view.by_end.get(end)
    if last is None or not last.kanji:
        return end
    ext: list[Tok] = []
    t = view.next(last)
    while t is not None and t.kanji and t.is_noun and (end - start) + sum(len(x.text) for x in ext) + len(t.text) <= 4:
        if t.text in ORG_SUFFIXES or t.text in NER_NOT_NAME_ENDS or "助数詞" in t.tag or t.tag.startswith("接尾辞") \
                or not (t.is_name or engine.name_readings(t.text)):
            return end
        ext.append(t)
        t = view.next(t)
    if not ext or not _is_boundary(t) or (t is not None and t.tag.startswith("接尾辞")):
        return end
    return ext[-1].end


def _surname_slot(view: TokenView, t: Tok) -> bool:
    """`t` stands alone as a word: not inside a kanji compound on the left, and a particle or punctuation
    (or one more kanji of a given name, then a particle) on the right."""
    prev, nxt = view.prev(t), view.next(t)
    if prev is not None and prev.kanji and prev.is_noun:
        return False
    if nxt is not None and nxt.kanji and len(nxt.text) == 1 and nxt.is_noun and nxt.text not in ORG_SUFFIXES \
            and "助数詞" not in nxt.tag and not nxt.tag.startswith("接尾辞"):
        nxt = view.next(nxt)
    return nxt is None or (nxt.tag.startswith(("助詞", "補助記号")) and nxt.text not in ("・",))


def _glued_to_org(text: str, end: int) -> bool:
    tail = text[end:end + 6]
    return any(tail.startswith(s) for s in ORG_SUFFIXES)


def _after_org_prefix(text: str, start: int) -> bool:
    head = text[max(0, start - 12):start].rstrip()
    return any(head.endswith(p) for p in ORG_PREFIXES)


class PersonRecognizer(EntityRecognizer):
    ENTITY = "PERSON"
    CONTEXT = STRONG_LABELS + WEAK_LABELS  # words before a name (used by the label rule, not numeric context)

    def __init__(self, use_ner: bool | str = False) -> None:
        # "off" | "gated" (NER on short windows around undecided words) | "full" (NER entities of the text)
        self.use_ner = {True: "full", False: "off"}.get(use_ner, use_ner)
        super().__init__(supported_entities=[self.ENTITY], name=self.__class__.__name__, supported_language=LANG)

    def load(self) -> None:  # nothing to load: the spaCy pipeline belongs to the NLP engine
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            raise RuntimeError("PERSON recognizer needs the ja_ginza tokens (no NLP artifacts given)")
        view = TokenView.from_artifacts(nlp_artifacts)
        engine = getattr(nlp_artifacts, "nlp_engine", None)
        oov, common = engine.word_classes(text) if hasattr(engine, "word_classes") else (frozenset(), frozenset())
        found: dict[tuple[int, int], float] = {}

        def add(start: int, end: int, score: float) -> None:
            while start < end and text[start] in " ・=":
                start += 1
            while end > start and text[end - 1] in " ・=":
                end -= 1
            if end - start < 1 or not re.search(r"[\p{Han}\p{Katakana}\p{Hiragana}A-Za-z]", text[start:end]):
                return
            if text[start:end].startswith(ERAS):
                return
            if found.get((start, end), 0) < score:
                found[(start, end)] = score

        self._minutes(text, add)
        self._labels(text, view, oov, add)
        self._honorifics(text, view, oov, add)
        self._tagged_runs(text, view, oov, add)
        self._katakana(text, view, oov, add)
        self._frames(text, view, add)
        self._attributes(text, view, common, engine, add)
        for m in _ASCII_NAME_RE.finditer(text):
            add(m.start(), m.end(), 0.85)
        for m in _ASCII_FULL_NAME_RE.finditer(text):  # William Normark: two capitalised words, one a dictionary name
            if any(t.is_name for t in view.toks if m.start() <= t.start and t.end <= m.end()) \
                    and m.start() in view.by_start and m.end() in view.by_end:
                add(m.start(), m.end(), 0.8)
        for m in _INITIALS_RE.finditer(text):  # ジョージ・H・W・ブッシュ, J.L.ボニエ
            add(m.start(), m.end(), 0.85)

        if self.use_ner == "gated":
            self._gated_ner(text, view, nlp_artifacts.tokens, engine, oov, common, found, add)
        elif self.use_ner == "full":
            for ent in nlp_artifacts.entities or []:
                if ent.label_ in ("PERSON", "Person") and not _glued_to_org(text, ent.end_char):
                    add(ent.start_char, ent.end_char, 0.6)
        self._lists(text, view, found, add)
        self._coordination(text, view, found, add)
        self._repeats(text, view, found, add)
        for (s, e), sc in list(found.items()):  # a reading in brackets right after a name is the name too
            m = READING_RE.match(text, e)
            if m and sc >= 0.5:
                add(m.start("r"), m.end("r"), max(sc, 0.85))
        return [result(self.ENTITY, s, e, sc, self) for (s, e), sc in sorted(found.items())]

    # -- gated NER -----------------------------------------------------------------------------------
    def _ner_candidates(self, text: str, view: TokenView, oov, found: dict, engine=None) -> list[tuple[int, Tok]]:
        """Words the rules left undecided that may be names, with a priority (lower first)."""
        covered = [(s, e) for (s, e), sc in found.items() if sc >= NER_DECIDED_SCORE]
        out: list[tuple[int, Tok]] = []
        for t in view.toks:
            if any(s <= t.start and t.end <= e for s, e in covered):
                continue
            prev, nxt = view.prev(t), view.next(t)
            if t.is_name and (t.kanji or t.katakana or t.hiragana):
                out.append((0, t))  # a name-tagged word the rules scored too low (直義が, 陳誠)
            elif t.katakana and len(t.text) >= 2 and t.is_noun and t.text not in KATAKANA_NOT_NAMES \
                    and t.text not in KATAKANA_CHAIN_STOP and not t.tag.endswith("地名-国") \
                    and (t.tag.startswith("名詞-固有名詞") or (t.start, t.end) in oov
                         or (nxt is not None and nxt.text in ("は", "が"))) \
                    and not (prev is not None and prev.katakana and prev.end == t.start) \
                    and not (nxt is not None and nxt.katakana and nxt.start == t.end):
                # a katakana word standing alone (シャマランは, ラリー・コリエル) that the dictionary knows as a
                # proper noun or does not know at all, or any katakana noun as a subject (グラントは); an ordinary
                # noun elsewhere is vocabulary, even without a synonym group: the NER read チラシ in 「防災の
                # チラシを全戸に配ります」 as a person (session 44, docs/pii.md: Wikipedia PERSON recall overlap
                # 0.902 -> 0.901, precision 0.777 -> 0.780; without the subject case 0.901 and 0.783, グラント lost)
                out.append((1, t))
            elif t.kanji and 2 <= len(t.text) <= 4 and (t.tag.startswith("名詞-固有名詞") or (t.start, t.end) in oov) \
                    and not t.tag.endswith("地名-国") and not t.text.endswith(ADMIN_END) \
                    and (nxt is None or nxt.tag.startswith(("助詞", "補助記号")) or nxt.text in ("・", "、")
                         or (nxt.kanji and len(nxt.text) <= 2 and not nxt.is_name and nxt.text not in ORG_SUFFIXES
                             and _is_boundary(view.next(nxt)))):
                out.append((2, t))  # a proper noun read as a place (瀬戸は, 松岡から)
            elif t.kanji and engine is not None and (prev is None or not (prev.kanji and prev.is_noun)):
                # a run of 3-4 kanji split into ordinary words whose first 1-2 characters are a surname
                # in the dictionary (林文察, 治山正史, 曹雪芹): surname + a given name Sudachi does not know
                run = [t]
                while len(run) < 4 and view.next(run[-1]) is not None and view.next(run[-1]).kanji \
                        and view.next(run[-1]).is_noun and sum(len(x.text) for x in run) < 4:
                    run.append(view.next(run[-1]))
                n_chars = sum(len(x.text) for x in run)
                after = view.next(run[-1])
                if len(run) >= 2 and 3 <= n_chars <= 4 and not any(x.is_name for x in run) \
                        and (after is None or after.tag.startswith(("助詞", "補助記号"))) \
                        and not any(x.tag.startswith("名詞-普通名詞-サ変") for x in run) \
                        and (engine.is_surname(text[t.start:t.start + 1]) or engine.is_surname(text[t.start:t.start + 2])):
                    out.append((3, t))
                elif engine is not None and len(t.text) <= 2 and not t.is_place and t.tag.startswith("名詞") \
                        and not t.tag.startswith(("名詞-数詞", "名詞-普通名詞-サ変")) and "助数詞" not in t.tag \
                        and t.text not in COMMON_BEFORE_HONORIFIC and t.text not in _LABEL_WORDS \
                        and _surname_slot(view, t) and engine.is_surname(t.text):
                    # a dictionary surname the tagger read as an ordinary word, standing alone (伴の, 門田、, 入江が)
                    out.append((4, t))
        out.sort(key=lambda c: (c[0], c[1].start))
        return out

    def _gated_ner(self, text: str, view: TokenView, doc, engine, oov, common, found: dict, add) -> None:
        if doc is None or not hasattr(engine, "person_spans"):
            raise RuntimeError("gated NER needs the GinzaNlpEngine loaded with ner='gated'")
        cands = self._ner_candidates(text, view, oov, found, engine)
        if not cands:
            return
        windows: list[list[int]] = []  # [first token, last token + 1]
        used = 0
        toks = view.toks
        for _, t in cands:
            a = b = t.i
            while a > 0 and t.start - toks[a - 1].start <= NER_WINDOW_LEFT and toks[a - 1].text not in _SENT_END:
                a -= 1
            while b + 1 < len(toks) and toks[b + 1].end - t.end <= NER_WINDOW_RIGHT and toks[b].text not in _SENT_END:
                b += 1
            b += 1
            merged = [w for w in windows if a <= w[1] and w[0] <= b]
            na = min([a] + [w[0] for w in merged])
            nb = max([b] + [w[1] for w in merged])
            cost = (toks[nb - 1].end - toks[na].start) - sum(toks[w[1] - 1].end - toks[w[0]].start for w in merged)
            if used + cost > NER_BUDGET_CHARS:
                continue
            used += cost
            windows = [w for w in windows if w not in merged] + [[na, nb]]
        if not windows:
            return
        cand_spans = [(t.start, t.end) for _, t in cands]
        for s, e in engine.person_spans(doc, [tuple(w) for w in windows]):
            if not any(s < ce and cs < e for cs, ce in cand_spans):
                continue
            e = _complete_kanji_name(view, s, e, engine)
            surface = text[s:e]
            if re.search(r"[0-9]", surface) or _glued_to_org(text, e) or _after_org_prefix(text, s):
                continue
            inner = [t for t in toks if s <= t.start and t.end <= e and not _is_connector(t)]
            if not inner or all(t.tag.endswith("地名-国") or t.text.endswith(ADMIN_END) for t in inner):
                continue
            last = inner[-1]
            if len(inner) > 1 and not last.is_name and last.tag.startswith("接尾辞"):
                continue
            if any(not t.is_name and (t.text in ORG_SUFFIXES or t.text in NER_NOT_NAME_ENDS) for t in inner[1:]) \
                    or (text[e:e + 3].lstrip().startswith(_NER_NOT_NAME_AFTER)
                        and not text[e:].lstrip().startswith(_ANCHORS_TUPLE)):
                continue  # 岡本製作所, 八戸駅, 佐賀銀行 神野(支店): an organisation, a facility or a branch
            named = any(t.is_name for t in inner)
            if not last.is_name and (last.start, last.end) in common and (
                    not named or not last.kanji or len(last.text) >= 3) \
                    and not (last.kanji and len(last.text) == 1 and len(inner) > 1 and _is_boundary(view.next(last))):
                continue  # ends in an ordinary word (トランペット, 中川グループ, 浅野セメント, 中島飛行機), not 曹雪|芹
            nxt = view.by_start.get(e)
            if not named and nxt is not None and nxt.is_noun and (nxt.kanji or nxt.katakana) and not _is_boundary(nxt) \
                    and nxt.text not in _PERSON_FOLLOWERS and not nxt.text.startswith(_ANCHORS_TUPLE):
                continue  # the first part of a compound (飯田大火, 前田製紙, ラザフォード散乱)
            add(s, e, NER_SCORE)

    # -- rules ---------------------------------------------------------------------------------------
    def _minutes(self, text: str, add) -> None:
        for m in MINUTES_RE.finditer(text):
            name = m.group("name")
            if not re.search(r"[\p{Han}\p{Katakana}]", name) or name.endswith(tuple(PERSONAL_TITLES)):
                continue
            if m.group("hon") or MINUTES_ROLES.search(m.group("role")):
                add(m.start("name"), m.end("name"), 0.95)

    def _labels(self, text: str, view: TokenView, oov, add) -> None:
        for m in _LABEL_RE.finditer(text):
            label = m.group("label")
            pos = m.end()
            if m.start() > 0 and re.match(r"[\p{Han}]", text[m.start() - 1]) and len(label) == 1:
                continue  # part of a longer word (農夫, 祖母 ...)
            if m.start() not in view.by_start or (label not in view.by_start[m.start()].text
                                                  and m.end("label") not in view.by_end):
                continue  # the label starts a word and is whole words (お|名前 too), not the middle of one
            tok = view.by_start.get(pos)
            if tok is None or tok.tag.startswith("助動詞"):
                continue  # 「アプリの名前ですが」: no name starts with an auxiliary
            sep = text[m.end("label"):pos]
            strong = label in STRONG_LABELS
            if _NAMED_BEFORE.search(text[max(0, m.start() - 5):m.start()]):
                continue  # 「何という名前ですか」, 「という名前のまち」: the name, if any, stands before the word
            if "・" in sep and label not in KINSHIP_LABELS:
                continue  # 氏名・住所 is a list of field names
            run = _collect_forward(text, view, tok, strong=strong)
            if not run:
                continue
            start, end = run[0].start, run[-1].end
            if _glued_to_org(text, end) and not strong:
                continue
            if strong:
                add(start, end, 0.9)
                continue
            tagged = any(t.is_name for t in run)
            unknown_kata = all(t.katakana and (t.start, t.end) in oov for t in run if not _is_connector(t))
            after = view.next(run[-1])
            if tagged or (unknown_kata and sep.strip() in (":", "：", "")):
                add(start, end, 0.85)
            elif label in KINSHIP_LABELS and sep.strip() == "・" and len(text[start:end]) <= 6:
                add(start, end, 0.8)  # 母・タマエ, 長男・信勝
            elif _is_boundary(after) and len(run) == 1 and run[0].kanji and run[0].tag.startswith("名詞") and (
                    (len(run[0].text) == 1 and run[0].text not in _SUFFIX_LIKE and (sep or run[0].tag.startswith("名詞-固有")
                                                                                     or label.startswith("担当")))
                    or (run[0].is_place and len(run[0].text) <= 3 and not run[0].text.endswith(ADMIN_END))):
                add(start, end, 0.8)  # 担当 原の / 担当太田の / 保健師 森。: a surname the dictionary reads otherwise
            elif not sep and len(run) == 1 and len(run[0].text) == 1:
                # 担当中島が: Sudachi split the name after the label (担当中 | 島); two single kanji then a boundary
                nxt = view.next(run[0])
                if nxt is not None and nxt.kanji and len(nxt.text) == 1 and nxt.text not in COMMON_BEFORE_HONORIFIC \
                        and _is_boundary(view.next(nxt)):
                    add(start, nxt.end, 0.75)

    def _honorifics(self, text: str, view: TokenView, oov, add) -> None:
        for m in _ANCHOR_RE.finditer(text):
            anchor = m.group()
            end_tok = view.by_start.get(m.start())
            if end_tok is None or m.end() not in view.by_end:
                continue  # the anchor must be whole tokens (様式, 氏名, 委員会 are other words)
            prev = view.prev(end_tok)
            if prev is not None and prev.is_space and len(prev.text) == 1 and anchor in HONORIFICS:
                prev = view.prev(prev)
            if prev is None:
                continue
            run = _collect_backward(text, view, prev, allow_hira=anchor in ("ちゃん", "くん"))
            if not run:
                continue
            tagged = any(t.is_name for t in run)
            if anchor in JURISDICTION_TITLES and not tagged:
                continue
            start, end = run[0].start, run[-1].end
            if _after_org_prefix(text, start):
                continue
            if any(t.tag.endswith("地名-国") for t in run):
                continue  # マレーシア首相: a country, not a name
            if anchor not in HONORIFICS:
                # a title (課長, 選手, 議員) follows occupations and bodies too (ラグビー選手, 貴族院議員):
                # the run must look like a name, not like a common word
                words = [t for t in run if not _is_connector(t)]
                name_like = tagged or all(t.is_place and t.kanji for t in words) or any(
                    t.katakana and ((t.start, t.end) in oov or t.tag.startswith("名詞-固有名詞")
                                    or anchor in PERSON_ONLY_TITLES) for t in words)
                if not name_like:
                    continue
            add(start, end, 0.9)

    def _tagged_runs(self, text: str, view: TokenView, oov, add) -> None:
        toks = view.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if not (t.is_name and (t.kanji or t.katakana or t.hiragana)):
                if t.is_name and len(t.text) >= 3 and _MIXED_NAME_RE.match(t.text) and not _glued_to_org(text, t.end):
                    add(t.start, t.end, 0.85)  # a dictionary name in kanji and kana (稀勢の里)
                i += 1
                continue
            j = i
            # further name tokens; one space between surname and given name; ・ inside katakana names
            while j + 1 < len(toks):
                n = toks[j + 1]
                gap = text[toks[j].end:n.start]
                if len(gap) > 1 or (gap and not gap.isspace()):
                    break
                if n.is_name and (_script(n) == _script(toks[j]) or (toks[j].is_surname and n.is_given)):
                    j += 1
                    continue
                if _is_connector(n) and j + 2 < len(toks):
                    nn = toks[j + 2]
                    if nn.is_name and _script(nn) == _script(toks[j]) and (n.text != "・" or nn.katakana):
                        j += 2
                        continue
                    if n.text in ("・", "=") and nn.katakana and toks[j].katakana and (nn.start, nn.end) in oov:
                        j += 2
                        continue
                break
            # a place-tagged surname right before a given name (兵庫慎司, 梶原一騎)
            if toks[i].is_given and i == j and len(toks[i].text) >= 2 and i > 0 and toks[i - 1].is_place \
                    and toks[i - 1].kanji and 2 <= len(toks[i - 1].text) <= 3 and _is_boundary(view.next(toks[j])) \
                    and not toks[i - 1].text.endswith(("市", "区", "町", "村", "郡", "県", "都", "府", "道")):
                i -= 1
            run = toks[i:j + 1]
            # a surname followed by one or two single-kanji nouns: surname + unknown given name (斎藤蒼, 徐平)
            extended = False
            if run[-1].is_surname and len(run) == 1:
                k = j + 1
                extra = []
                while k < len(toks) and len(extra) < 2 and toks[k].kanji and len(toks[k].text) == 1 and \
                        toks[k].text not in COMMON_BEFORE_HONORIFIC and toks[k].tag.startswith("名詞") \
                        and toks[k].text not in ORG_SUFFIXES and "助数詞" not in toks[k].tag:
                    extra.append(toks[k])
                    k += 1
                if not extra and len(run[0].text) == 1 and k < len(toks) and toks[k].kanji and len(toks[k].text) == 2 \
                        and toks[k].tag.startswith("名詞") and toks[k].text not in ORG_SUFFIXES:
                    extra.append(toks[k])  # one-character surname + two-character given name (楊秀麗, 金載昊)
                    k += 1
                if extra and _is_boundary(toks[k] if k < len(toks) else None):
                    run = run + extra
                    j = k - 1
                    extended = True
            start, end = run[0].start, run[-1].end
            i = j + 1
            full_name = any(x.is_surname for x in run) and any(x.is_given for x in run)
            if (_glued_to_org(text, end) and not full_name) or _after_org_prefix(text, start) \
                    or _NOT_AFTER_NAME.match(text, end):
                continue
            prev = view.prev(run[0])
            nxt = view.next(run[-1])
            if run[0].katakana and ((prev is not None and prev.text in ("・", "=")) or (nxt is not None and nxt.text in ("・", "="))):
                continue  # part of a longer katakana chain: the chain rule decides (ヒト・モノ・カネ)
            surface = text[start:end].replace(" ", "")
            after_number = prev is not None and (prev.tag.startswith("名詞-数詞") or (
                prev.is_space and view.prev(prev) is not None and view.prev(prev).tag.startswith("名詞-数詞")))
            glued_right = nxt is not None and (nxt.kanji or nxt.katakana) and nxt.is_noun and not _is_boundary(nxt) \
                and nxt.text not in PERSONAL_TITLES
            names = [x for x in run if x.is_name]
            parts = len([x for x in run if not _is_connector(x)])
            w = names[0]
            if after_number:
                score = 0.4  # 2 年前, R2.3 末時点
            elif parts >= 2 and len(surface) >= 3:
                score = 0.85
            elif extended:
                score = 0.6
            elif w.kanji and len(w.text) >= 3 and not w.is_surname and not w.is_given:
                score = 0.85  # a full name as one dictionary word (手塚治虫)
            elif glued_right and (len(surface) <= 2 or run[-1].katakana):
                score = 0.4  # inside a compound noun (中長周期, 菅内閣)
            elif w.is_surname:
                score = 0.65 if len(w.text) >= 2 else 0.45
            elif w.is_given:
                score = 0.55 if len(w.text) >= 3 or (len(w.text) == 2 and w.text[-1] in _GIVEN_NAME_ENDINGS) else 0.45
            else:  # 人名-一般: mostly foreign given names in katakana
                score = 0.55 if len(w.text) >= 3 else 0.4
            if score < 0.5 and parts == 1 and w.kanji and len(surface) >= 2 and not after_number \
                    and nxt is not None and nxt.text in _ARGUMENT_PARTICLES and nxt.tag.startswith("助詞") \
                    and (prev is None or not prev.is_noun or prev.text in ("・", "、")):
                score = 0.55  # a lone dictionary name as subject or object (政宗は, 陳誠は, 演じる芳根の)
            add(start, end, score)

    def _katakana(self, text: str, view: TokenView, oov, add) -> None:
        # full names joined by ・ whose parts are all name-tagged or unknown to the dictionary
        for m in KATA_CHAIN_RE.finditer(text):
            if m.start() not in view.by_start or m.end() not in view.by_end:
                continue
            inner = [t for t in view.toks if m.start() <= t.start and t.end <= m.end() and not _is_connector(t)]
            named = any(t.is_name for t in inner)  # マット・アダムス: one part is a dictionary name
            segments = re.split(r"[・=]", m.group())
            if any(seg in KATAKANA_CHAIN_STOP for seg in segments) or (
                    not named and any(t.text in KATAKANA_CHAIN_STOP for t in inner)):
                continue  # ワーク・ライフ・バランス; but コートランド in a name is not the word ランド
            if not named and not all(t.is_name or t.tag.startswith("名詞-固有名詞") or (t.start, t.end) in oov for t in inner):
                continue  # a list of loanwords (テレビ・ラジオ) rather than a full name (ジョン・ブック)
            if not any(t.is_name or (t.start, t.end) in oov for t in inner):
                continue
            if _glued_to_org(text, m.end()):
                continue
            add(m.start(), m.end(), 0.85 if any(t.is_name for t in inner) else 0.55)
        # a lone katakana word unknown to the dictionary used as a subject (ヘルムは, ムルダニが); before の, と, に,
        # を it is as often a company, product or place (measured), so the gated NER decides those
        for t in view.toks:
            if not (t.katakana and 3 <= len(t.text) <= 9 and (t.start, t.end) in oov and t.text not in KATAKANA_NOT_NAMES):
                continue
            if any(part in t.text for part in KATAKANA_CHAIN_STOP if len(part) >= 3):
                continue
            prev, nxt = view.prev(t), view.next(t)
            if nxt is None or not nxt.tag.startswith("助詞") or nxt.text not in ("は", "が", "も"):
                continue
            if prev is not None and (prev.katakana or prev.kanji) and prev.is_noun:
                continue
            add(t.start, t.end, 0.5)

    def _attributes(self, text: str, view: TokenView, common, engine, add) -> None:
        """Words that only attach to people: a family or personal word after the name (マロー自ら, ロス一家,
        クレーマー家, 徳川方, 安倍派), a role or occupation word right before it (哲学者シセラ・ボク, 社長
        ヴェンディーチェ, 流行歌手徳山璉, 父の林文察), a regnal number (アナスタシオス1世)."""
        lookup = getattr(engine, "name_readings", None)

        def surname_start(run: list[Tok]) -> bool:
            if run[0].is_name or lookup is None:
                return run[0].is_name
            first = run[0].text
            n = sum(len(x.text) for x in run)
            return "姓" in lookup(first[:2]) or (n >= 3 and "姓" in lookup(first[:1]))

        for t in view.toks:
            prev, nxt = view.prev(t), view.next(t)
            # -- X + 自ら / 一家 / 家 / 方 / 派 ...
            if nxt is not None and _is_boundary(view.next(nxt)):
                if t.katakana and len(t.text) >= 2 and nxt.text in PERSON_ATTRIBUTES_AFTER_KATAKANA \
                        and t.is_noun and t.text not in KATAKANA_NOT_NAMES and t.text not in KATAKANA_CHAIN_STOP \
                        and not t.tag.endswith("地名-国") \
                        and not (prev is not None and (prev.katakana or prev.text in ("・", "="))):
                    add(t.start, t.end, 0.6)
                elif t.kanji and nxt.text in PERSON_ATTRIBUTES_AFTER_SURNAME and t.tag.startswith("名詞") \
                        and not t.tag.endswith("地名-国") and not t.tag.startswith("名詞-普通名詞-サ変") \
                        and (t.is_surname or (2 <= len(t.text) <= 3 and lookup is not None and "姓" in lookup(t.text))) \
                        and not (prev is not None and prev.kanji and prev.is_noun):
                    add(t.start, t.end, 0.6)
            # -- role + name
            if t.text in ROLE_WORDS and nxt is not None:
                f = nxt
                if f.text in ("の", "・", "、", "「") or (f.is_space and len(f.text) == 1):
                    f = view.next(f)
                if f is None:
                    continue
                if f.kanji:
                    run: list[Tok] = []
                    k: Tok | None = f
                    while k is not None and k.kanji and k.is_noun and sum(len(x.text) for x in run) + len(k.text) <= 4:
                        run.append(k)
                        k = view.next(k)
                    if not run or sum(len(x.text) for x in run) < 2 or not _is_boundary(k) or (k is not None and (
                            k.kanji or k.text == "・" or k.tag.startswith("接尾辞"))):
                        continue
                    if any(x.tag.startswith("名詞-普通名詞-サ変") or "助数詞" in x.tag or x.tag.startswith("接尾辞")
                           or x.tag.endswith("地名-国") or x.text in ORG_SUFFIXES
                           or (not x.is_name and len(x.text) >= 2 and (x.start, x.end) in common) for x in run):
                        continue
                    if len(run) == 1 and not (run[0].is_name or run[0].is_place or (lookup is not None and lookup(run[0].text))):
                        continue  # one ordinary word (女流棋士公式戦)
                    if surname_start(run) and not _glued_to_org(text, run[-1].end):
                        add(run[0].start, run[-1].end, 0.6)
                elif f.katakana and len(f.text) >= 2:
                    run = [f]
                    k = view.next(f)
                    while k is not None and k.text in ("・", "=") and view.next(k) is not None and view.next(k).katakana:
                        run += [k, view.next(k)]
                        k = view.next(view.next(k))
                    if k is not None and (k.katakana or (k.kanji and k.is_noun and not k.tag.startswith("接尾辞"))):
                        continue
                    words = [x for x in run if not _is_connector(x)]
                    if any((x.start, x.end) in common or "地名" in x.tag or "サ変" in x.tag or x.text in KATAKANA_NOT_NAMES
                           or x.text in KATAKANA_CHAIN_STOP for x in words):
                        continue
                    if not _glued_to_org(text, run[-1].end):
                        add(run[0].start, run[-1].end, 0.6)
        for m in _REGNAL_RE.finditer(text):
            if m.start() in view.by_start and not _glued_to_org(text, m.end()):
                add(m.start(), m.end(), 0.8)

    def _frames(self, text: str, view: TokenView, add) -> None:
        # 税務課の松本です / 申請者執行湊（85歳）: a kanji run in a frame that only a name fits
        for m in _SELF_INTRO_RE.finditer(text):
            s, e = m.start("name"), m.end("name")
            toks = [t for t in view.toks if s <= t.start and t.end <= e]
            if not toks or toks[0].start != s or toks[-1].end != e:
                continue
            while toks and toks[0].text in _LABEL_WORDS:  # 総務課の担当中島が -> 中島
                toks.pop(0)
            if not toks:
                continue
            s = toks[0].start
            if len(toks) == 1 and toks[0].tag.startswith("名詞-普通名詞") and len(toks[0].text) >= 2:
                continue  # 福祉課の職員です
            add(s, e, 0.8)
        for m in _AGE_AFTER_RE.finditer(text):
            end_tok = view.by_end.get(m.start()) or view.by_end.get(m.start() - 1)
            run: list[Tok] = []
            t = end_tok
            while t is not None and t.kanji and len(run) < 3 and t.text not in _LABEL_WORDS:
                run.insert(0, t)
                t = view.prev(t)
            if not run or not 2 <= sum(len(x.text) for x in run) <= 5:
                continue
            if len(run) == 1 and run[0].tag.startswith("名詞-普通名詞"):
                continue  # 児童（3歳）, 男性（45歳）
            add(run[0].start, run[-1].end, 0.8)

    def _coordination(self, text: str, view: TokenView, found: dict, add) -> None:
        # ハニーとロイ, ゲイリーとレーン, 大島と柴田: a word coordinated with a name, in the same script and
        # standing alone, is a name too
        spans = {s: e for (s, e), sc in found.items() if sc >= 0.55}
        ends = {e: s for s, e in spans.items()}
        for t in view.toks:
            if (t.start, t.end) in found or any(s <= t.start < e for s, e in spans.items()):
                continue
            if not ((t.katakana and len(t.text) >= 2 and t.text not in KATAKANA_NOT_NAMES
                     and t.text not in KATAKANA_CHAIN_STOP)
                    or (t.kanji and 2 <= len(t.text) <= 4 and (t.is_name or t.is_place)
                        and not t.text.endswith(ADMIN_END) and not t.tag.endswith("地名-国"))):
                continue
            if not t.is_noun:
                continue
            prev, nxt = view.prev(t), view.next(t)
            left = None
            if prev is not None and prev.text in _COORD and view.prev(prev) is not None:
                pp = view.prev(prev)
                if pp.end in ends and _script(pp) == _script(t):
                    left = pp
            right = None
            if nxt is not None and nxt.text in _COORD and view.next(nxt) is not None:
                nn = view.next(nxt)
                if nn.start in spans and _script(nn) == _script(t):
                    right = nn
            if left is None and right is None:
                continue
            after = nxt if right is None else None
            if after is not None and not _is_boundary(after):
                continue
            if prev is not None and left is None and not _is_boundary(prev) and not prev.hiragana:
                continue
            add(t.start, t.end, 0.55)

    def _repeats(self, text: str, view: TokenView, found: dict, add) -> None:
        # a name found once is a name elsewhere in the same text: 山田太郎様 … 山田は / ドンは … ドンを;
        # the surname of a found full name alone counts too (same whole tokens, not glued to a company word)
        words: set[str] = set()
        for (s, e), sc in found.items():
            if sc < 0.55:
                continue
            inner = [t for t in view.toks if s <= t.start and t.end <= e and not _is_connector(t)]
            if not inner or inner[0].start != s or inner[-1].end != e:
                continue
            if len(text[s:e]) >= 2:
                words.add(text[s:e])
            if len(inner) >= 2 and inner[0].is_surname and len(inner[0].text) >= 2:
                words.add(inner[0].text)
        for w in words:
            for m in re.finditer(re.escape(w), text):
                s, e = m.start(), m.end()
                if (s, e) in found or any(a <= s and e <= b for (a, b), sc in found.items() if sc >= 0.5):
                    continue
                if s not in view.by_start or e not in view.by_end or _glued_to_org(text, e) or _after_org_prefix(text, s):
                    continue
                prev, nxt = view.by_end.get(s), view.by_start.get(e)
                if prev is not None and prev.is_noun and (prev.kanji or prev.katakana) and _script(prev) == _script(view.by_start[s]):
                    continue  # inside a longer compound
                if nxt is not None and nxt.is_noun and not _is_boundary(nxt) and _script(nxt) == _script(view.by_end[e]) \
                        and nxt.text not in _PERSON_FOLLOWERS and not nxt.text.startswith(_ANCHORS_TUPLE):
                    continue
                add(s, e, 0.6)

    def _lists(self, text: str, view: TokenView, found: dict, add) -> None:
        # 出席者：山田太郎、鈴木一郎、桝伴 — most items already names: the others in the list are names too
        for m in _LIST_RE.finditer(text):
            items = []
            pos = m.start()
            for part in re.split(r"[・、]", m.group()):
                items.append((pos, pos + len(part)))
                pos += len(part) + 1
            known = [it for it in items if found.get(it, 0) >= 0.85]
            if len(known) < 2 or len(known) * 2 < len(items):
                continue
            for it in items:
                if it in found:
                    continue
                tok = view.by_start.get(it[0])
                if tok is not None and tok.end == it[1] and tok.tag.startswith("名詞-普通名詞"):
                    continue  # a common noun in the list (事務局)
                add(it[0], it[1], 0.7)
