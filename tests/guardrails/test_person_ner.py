"""PERSON: gated GiNZA NER (`guardrails.person_ner = "gated"`) and the rules added with it.

Real ja_ginza pipeline throughout; the "off" detector is the same code without the NER windows."""

from __future__ import annotations

import pytest

from assistant.errors import GuardrailFailure
from assistant.settings import GuardrailSettings
from guardrails.engine import JapanesePiiDetector
from guardrails.recognizers.person import NER_BUDGET_CHARS

from .conftest import spans


@pytest.fixture(scope="module")
def detector_off(guard_settings):
    d = JapanesePiiDetector(guard_settings, use_ner="off")
    d.warm_up()
    return d


def persons(detector, text):
    return [t for _, t in spans(detector.analyze(text), "PERSON")]


def test_default_configuration_is_gated_ner(detector, guard_settings):
    assert guard_settings.person_ner == "gated"
    assert detector.use_ner == "gated"


@pytest.mark.parametrize("text, name", [
    ("グラントは、その夜に撤退した。", "グラント"),  # a dictionary loanword-shaped name as subject
    ("試合直後のヘンリーとの乱闘に乗じて逃げた。", "ヘンリー"),  # tagged as a place name by Sudachi
])
def test_when_rules_cannot_decide_then_gated_ner_finds_the_name(detector, detector_off, text, name):
    assert persons(detector_off, text) == []
    assert persons(detector, text) == [name]


def test_when_ner_calls_a_company_a_person_then_it_is_filtered(detector):
    text = "2018年6月1日、岡本製作所はラクテンチの事業を譲り受けた。"
    engine = detector._analyzer.nlp_engine
    doc = engine.nlp["ja"](text)
    raw = [text[s:e] for s, e in engine.person_spans(doc, [(0, len(doc))])]
    assert "岡本製作所" in raw  # GiNZA's NER alone says Person
    assert persons(detector, text) == ["ラクテンチ"]  # 岡本製作所 is dropped (organisation suffix)


def test_when_an_ner_span_runs_into_a_bank_branch_then_it_is_not_a_name(detector):
    text = "児童扶養手当の現況届。受給者 原田 彩、口座は0123456（佐賀銀行 神野支店 普通）から変更なし。"
    assert spans(detector.analyze(text), "PERSON") == [("PERSON", "原田 彩")]


def test_ner_windows_stay_within_the_character_budget(detector, monkeypatch):
    engine = detector._analyzer.nlp_engine
    seen = []
    real = engine.person_spans

    def spy(doc, windows):
        seen.append([doc[a:b].text for a, b in windows])
        return real(doc, windows)

    monkeypatch.setattr(engine, "person_spans", spy)
    text = ("グラントは撤退した。ヘンリーとの乱闘があった。シャマランが否定した。チャーチルやイーデンが出席した。"
            "ブーマーが引退した。ウィンが著した。マローが司会をした。コックスは生まれた。") * 2
    detector.analyze(text)
    assert len(seen) == 1  # one batched call per analysed text
    assert 0 < sum(len(w) for w in seen[0]) <= NER_BUDGET_CHARS


def test_when_no_word_is_undecided_then_the_ner_is_not_run(detector, monkeypatch):
    engine = detector._analyzer.nlp_engine
    calls = []
    monkeypatch.setattr(engine, "person_spans", lambda doc, windows: calls.append(windows) or [])
    assert persons(detector, "担当：山田太郎様　電話 090-1234-5678") == ["山田太郎"]
    assert calls == []


@pytest.mark.parametrize("text", [
    "マイナンバーカードの交付はスマートフォンからも申請できます。オンライン申請はマイナポータルをご利用ください。",
    "市民課の窓口は平日8時30分から17時15分まで。ワンストップ窓口ではケースワーカーが対応します。",
    "佐賀市は、コミュニティバスの運行をサンライズ交通に委託している。ヤングケアラー支援はこども家庭課が担当。",
    "ペアレント・トレーニングの参加者を募集します。ケアマネジャーのサポートのもと、デイサービスを利用。",
    "ソフトバンクとドコモの回線で障害が発生。ゼンリンの地図を利用。",
])
def test_municipal_katakana_and_places_are_not_names_with_gated_ner(detector, text):
    assert persons(detector, text) == []


# a city bulletin's loanwords (session 44): before, the NER read チラシ (twice) and ベビーマッサージ as people
BULLETIN_LOANWORDS = (
    "市役所で作成したチラシを配布します。",
    "防災のチラシを全戸に配ります。",
    "健康づくりのパンフレットを各支所に置いています。",
    "図書館ではタブレットの貸し出しを始めました。",
    "新型コロナワクチンの接種券を郵送します。",
    "スマートフォンの使い方教室を開催します。",
    "ごみステーションの清掃当番表を回覧してください。",
    "夏祭りのボランティアを募集します。",
    "公民館のホールでコンサートを開きます。",
    "市民プールのシャワー室を改修しました。",
    "子育て支援センターでベビーマッサージの講座を行います。",
    "キャッシュレス決済のポイント還元キャンペーンを実施します。",
    "市のホームページからアンケートに回答できます。",
    "オンラインでセミナーに参加できます。",
    "救命講習でAEDとマネキンを使った実習を行います。",
    "リサイクルプラザでリユース家具を販売します。",
    "ペットボトルのキャップとラベルは外して出してください。",
    "防災マップとハザードマップを更新しました。",
    "シルバー人材センターで会員を募集しています。",
    "商店街のスタンプラリーに参加しよう。",
    "ウォーキングイベントのコースを紹介します。",
    "ラジオ体操の会場はグラウンドです。",
    "エアコンの設置費用を補助します。",
    "トイレットペーパーの備蓄をお願いします。",
    "ヘルメットの着用は努力義務です。",
    "バスの時刻表をダイヤ改正に合わせて変更しました。",
    "カレンダーにごみの収集日を記載しています。",
    "ベンチとテーブルを公園に設置しました。",
    "ブロック塀の撤去に補助金を出します。",
)


def test_a_bulletins_ordinary_loanwords_are_not_names(detector):
    assert {s: persons(detector, s) for s in BULLETIN_LOANWORDS if persons(detector, s)} == {}


def test_ordinary_katakana_nouns_beside_a_name_are_not_names(detector):
    # the NER read チラシ as a person and the list rule took ポスター with it
    assert persons(detector, "山田太郎さんがポスターとチラシを持参した。") == ["山田太郎"]


def test_when_ner_is_configured_but_missing_then_warm_up_fails_closed(tmp_path):
    import spacy

    path = tmp_path / "ja_tokenizer_only"
    spacy.blank("ja").to_disk(path)
    d = JapanesePiiDetector(GuardrailSettings(spacy_model=str(path), person_ner="gated"))
    with pytest.raises(GuardrailFailure) as exc:
        d.warm_up()
    assert "person_ner" in exc.value.user_message and "tok2vec / ner" in exc.value.user_message
    assert not d.ready


def test_unknown_words_include_katakana_runs_sudachi_joins(detector):
    engine = detector._analyzer.nlp_engine
    unknown, common = engine.word_classes("カコックはトランペットを吹いた")
    assert unknown == frozenset({(0, 4)})  # is_oov() is False for joined katakana runs
    assert (5, 11) in common  # トランペット: a synonym-group (ordinary) word
    assert engine.name_readings("曹") >= {"姓"} and "名" in engine.name_readings("正史")
    assert engine.name_readings("学生") == frozenset()


# -- rules added with the gated NER (they run in every mode) ----------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("2019年10月、カコックはチームを離れた。", ["カコック"]),
    ("4月26日にマット・アダムスが故障者リスト入りした。", ["マット・アダムス"]),
    ("ステファヌス・ヴァン・コートランドは、ニューヨークの政治家である。", ["ステファヌス・ヴァン・コートランド"]),
    ("後にH・R・ギーガーが加わった。", ["H・R・ギーガー"]),
    ("William Normarkと共同で調査した。", ["William Normark"]),
    ("25日、政宗は宗綱の屋敷を訪れた。", ["政宗", "宗綱"]),
    ("稀勢の里の後援会に入った。", ["稀勢の里"]),
    ("昨日、山田太郎様から電話があり、山田は明日来庁予定です。", ["山田太郎", "山田"]),
    ("ワーク・ライフ・バランスの推進とテレビ・ラジオの広報。", []),
])
def test_person_rules_without_ner(detector_off, text, expected):
    assert persons(detector_off, text) == expected


def test_a_repeated_surname_inside_a_company_name_is_not_a_name(detector_off):
    assert persons(detector_off, "山田太郎様は山田建設の社員です。") == ["山田太郎"]


# -- issue 5: words that only attach to people, roles before names, regnal numbers (every mode) -------
@pytest.mark.parametrize("text, expected", [
    ("マロー自らがホストを務めた。", ["マロー"]),
    ("ロス一家はニッパ屋根の家に住んでいた。", ["ロス"]),
    ("2006年にはクレーマー家で仔猫が生まれた。", ["クレーマー"]),
    ("大坂の陣では徳川方の斥候を務めた。", ["徳川"]),
    ("「安倍派」の新首相と報じた。", ["安倍"]),
    ("担当の田中方に送付してください。", ["田中"]),
    ("スウェーデンの哲学者シセラ・ボクは次のように述べた。", ["シセラ・ボク"]),
    ("大企業の社長ヴェンディーチェのオフィスに向かった。", ["ヴェンディーチェ"]),
    ("「ルンペン節」で有名な流行歌手徳山璉。", ["徳山璉"]),
    ("父の林文察は台湾に戻った。", ["林文察"]),
    ("東ローマ帝国のアナスタシオス1世であった。", ["アナスタシオス1世"]),
    ("サウジアラビアを訪問し、サルマーン皇太子と会談した。", ["サルマーン"]),
    ("ダーウィンとフィッツロイ船長によると、島は無人だった。", ["ダーウィン", "フィッツロイ"]),
    # not names: ordinary words after a role, owners, factions of ideas, staff, centuries
    ("指揮者デビューを飾る。", []),
    ("女流棋士公式戦の第1号対局となった。", []),
    ("オーナー家が株式の16%を保有する。", []),
    ("保守派の議員が反対した。", []),
    ("会長の任期は2年です。", []),
    ("社長の判断で決定した。", []),
    ("ボランティア自身が企画した。", []),
    ("職員自ら現地を確認した。", []),
    ("サービス役の職員が対応。", []),
    ("18世紀のヨーロッパ。", []),
    ("父の実家は佐賀にある。", []),
    ("監督の指示で練習した。", []),
    ("改革派の議員が反対した。", []),
    ("長男一家は東京に住んでいる。", []),
])
def test_person_attribute_role_and_regnal_rules(detector_off, text, expected):
    assert persons(detector_off, text) == expected


@pytest.mark.parametrize("text, name", [
    ("親交を結んだ梶原一騎の梶原プロダクション", "梶原一騎"),  # NER says 梶原; 一騎 has a given-name reading
    ("元厚生労働省の官僚である中野雅至やフリーライターが出演した。", "中野雅至"),  # NER says 中野雅; 至 too
    ("先輩の姿を見た渡は二つ返事で引き受けた。", "渡"),  # a dictionary surname Sudachi read as a common word
])
def test_gated_ner_completes_partial_names_and_checks_lone_surnames(detector, detector_off, text, name):
    assert name not in persons(detector_off, text)
    assert persons(detector, text) == [name]
