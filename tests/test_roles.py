"""Block roles from generic features (no seed wording in the rules)."""

import pytest

from ocrfix.roles import ROLES, block_role, classify, furniture, furniture_hits, is_name_run


@pytest.mark.parametrize(
    "text, role",
    [
        ("记者 张三", "byline"),
        ("本报记者 王小明 李华", "byline"),
        ("记者，王小明 李华", "byline"),  # a stray comma after 记者 (OCR noise)
        ("记者 李四 摄", "credit"),
        ("本报讯 日前，全市召开大会，部署全年工作。", "body"),
        ("国际新闻 4版", "teaser"),
        ("2017年3月 星期二 农历二月初四", "dateline"),
        ("1997年5月29日,江泽民同志在中央党校发表", "body"),
        ("本报曼谷1月5日电记者成元生报道:", "body"),  # a dated opener cut by a column break
        ("新华社北京3月2日讯", "body"),  # a column piece that starts with a date
        ("最高温度 20℃", "weather"),
        ("多云", "weather"),
        ("订阅热线 12345678", "ad"),
        ("全市推进老旧小区改造", "headline"),
        ("图为供电公司工人冒着严寒在城东变电站检修线路，确保春节期间居民用电。 记者 王强 摄影", "caption"),
        ("", "unknown"),
        ("张青松", "byline"),  # a bare author name
        ("王 大成", "byline"),
        ("森林", "unknown"),  # a headline cut in two is no name
        ("陈述", "unknown"),  # an everyday word that starts with a family name
    ],
)
def test_block_role(text, role):
    assert block_role(text) == role


def test_subheadline_follows_headline():
    assert classify(["全市推进老旧小区改造", "今年完成两百个小区", "记者 张三"]) == ["headline", "subheadline", "byline"]


def test_long_story_mentioning_ads_is_body():
    text = "春节前夕，几大电信公司在华文报刊上展开了降价大战，纷纷以整版篇幅刊出广告，电话费实行特价优惠，降价幅度达百分之四五十，还打电话到用户家中通报优惠，争取用户，竞争之激烈可见一斑。"
    assert block_role(text) == "body"


def test_story_with_a_phone_number_and_an_author_in_brackets_is_body():
    text = ("素称“金栀之乡”的都镇湾镇去年栀子喜获丰收。全镇近万亩栀角可收获栀子110万公斤。"
            "1997年，都镇湾镇的栀子产量达历史最高水平，却出现了少见的滞销现象。目前，除一些小商贩收购少量的栀子外，"
            "仍有千余吨栀子无人问津，部分栀子挂在树上已开始霉烂。眼见一年的血汗要付诸东流，栀农们为之痛心疾首。"
            "目前，当地政府已公布了售栀联系电话（0717）5401220、5401210，盼有关部门帮助疏通销售渠道。（余发勋）")
    assert block_role(text) == "body"
    assert block_role("诚信经营 服务大众 电话：5401220") == "ad"


def test_story_opener_naming_a_paper_and_its_publisher_is_body():
    # `出版` and `报社` are masthead words, but `本报讯` opens a story
    text = "本报讯经新闻出版署批准，省青年报社将在暑期出版一份中学生周刊。首期将于7月1日与读者见面。"
    assert block_role(text) == "body"
    assert block_role("省青年报社出版 国内统一刊号CN11-0001") == "masthead"
    # a sentence is no imprint line either
    assert block_role("省青年报社社长在会上致辞。与会者回顾了报社一年来的工作。") == "body"


def test_furniture_lists_load_and_match_fuzzily():
    assert "更多信息请关注" in furniture("ad")
    assert furniture_hits("ad", "更多信息请您关注") > 0.8  # one character inserted by OCR


def test_roles_are_known():
    assert set(classify(["记者 张三", "最高温度 20℃", "25"])) <= set(ROLES)


def test_a_box_of_short_lines_is_no_body_text():
    """A slogan box signed by an office, printed as short lines with no
    clause in it: its lines are kept, not run together with the next box."""
    import ocrfix

    box = "城市精神:\n诚信 包容 创新\n全市文明城市\n文明办公室"
    assert block_role(box) == "ad"
    page = box + "\n\n发展理念:\n绿色 共享\n全市生态建设\n工作领导小组办公室\n"
    out = ocrfix.fix(page)
    assert "诚信 包容 创新\n全市文明城市\n文明办公室" in out, out
    assert "文明办公室\n\n发展理念" in out, out


def test_prose_in_short_lines_is_still_body():
    assert block_role("今年以来\n全市上下\n共同努力，取得成效。") == "body"


def test_a_sentence_introducing_what_follows_is_no_short_ad():
    # two hits of the ad list (`银行`, `支行`), short and with no final mark,
    # but a clause and a closing `：` make it a sentence leading into a quote
    assert block_role("事情发生在工商银行总行营业部，下面是支行职员与柜台人员的对话：") == "body"


def test_several_author_names_printed_together_are_a_byline():
    assert block_role("张青松王大成") == "byline"
    assert block_role("王府井大街") != "byline"


def test_author_names_joined_by_a_conjunction_are_a_byline():
    # the 1998 paper joins two authors' names with 并 (`李晓并刘伟`); 和, 与
    # and 、 do the same elsewhere
    for text in ("李晓并刘伟", "张青松和王大成", "张华、李明、王五"):
        assert block_role(text) == "byline", text
    # a headline that joins two things is not
    for text in ("和平与发展", "中国和美国", "工人和农民", "王府井和天安门"):
        assert block_role(text) != "byline", text


def test_a_name_whose_given_name_is_a_place_counts_next_to_a_firm_name():
    # jieba reads `宁荣昌` as two place names, not a person's name; next
    # to a firm name (`张青松`) it is one more author's name, alone it is not
    assert block_role("宁荣昌张青松") == "byline"
    assert block_role("张青松韩永胜") == "byline"
    assert not is_name_run("宁荣昌韩永胜")  # no firm name among them
    assert block_role("陈建成通车") != "byline"  # `通车` is no given name


def test_a_paper_named_in_a_headline_is_no_masthead():
    # `报社` is found only inside `日报社`: one masthead hit, not two
    assert block_role("江城日报社举行新春茶话会") == "headline"
    assert block_role("江城日报社主办") == "masthead"


def test_an_author_name_and_a_date_is_a_signature_not_the_page_dateline():
    assert block_role("张青松 2001年3月5日") == "byline"
    assert block_role("北京 1月18日") == "dateline"
    assert block_role("2016年3月 星期二 农历二月初四") == "dateline"


@pytest.mark.parametrize("text", ["郝友好同志：", "抽查合格的产品有：", "编辑点评："])
def test_a_short_line_that_introduces_what_follows_is_text_not_a_headline(text):
    # in the 1998 train split a line of at most 16 characters ending in a
    # colon is a salutation, a list's introduction or a label (116 of them),
    # never a headline
    assert block_role(text) == "body"
    assert block_role(text[:-1]) == "headline"
