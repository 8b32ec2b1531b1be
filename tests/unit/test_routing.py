"""The router: which sources may answer a question. Questions here are written for these
tests (not taken from the evaluation sets)."""

from __future__ import annotations

import pytest

from retrieval.routing import (
    ASKS_PERIOD_OR_FEE,
    asks_nothing,
    bare_table_question,
    called_label,
    denies_label,
    format_version,
    is_foreign,
    is_smalltalk,
    mentions_the_report,
    named_item,
    named_label,
    named_table,
    off_topic,
    other_law,
    other_procedure,
    pins_row,
    route,
    short_name,
    tells_a_case,
    without_chosen_row,
    without_pleasantries,
)

ORGANS = {"大洼区平安镇人民政府", "霄云镇人民政府"}
LABELS = [
    "（五）不予处理 1.信访举报投诉类申请",
    "信访举报投诉类申请",
    "四、结转下年度继续办理",
    "结转下年度继续办理",
    "（五）不予处理 2.重复申请",
    "重复申请",
    "规章",
    "信息处理费",
]


@pytest.mark.parametrize(
    "question",
    [
        "有群众打着申请公开的旗号告状，这种申请填在哪？",
        "表三那个结转的数字怎么填",
        "村民要镇里的会议纪要我们没给，算哪一项",
        "第四张表要不要填0？",
        "“重复申请”这一栏统计什么",
        "年底没办完的申请在年报里放哪",
        "勾稽关系对不上是怎么回事",
        "表二的现行有效件数是什么",
        "全年被申请复议一共5件，维持3件，那个5写在哪？",
        "他要的规划图我们回复说没有，写哪一行",
    ],
)
def test_filling_questions_go_to_the_guide(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "fill"


@pytest.mark.parametrize(
    "question",
    [
        "行政机关收到申请后多少天内答复？",
        "重复申请的怎么答复申请人？",
        "可以收取信息处理费吗？",
        "第三十九条是怎么规定的",
        "哪些信息属于不予公开的范围？",
        "收到申请的日期怎么算？",
        "征求意见的时间计入答复期限吗？",
        "政府信息公开申请表怎么填写？",
        "财政预算决算是不是必须主动公开",  # 决算是: not 「算是」
    ],
)
def test_law_questions_go_to_the_regulation(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "article"


def test_questions_about_an_organ_go_to_its_reports() -> None:
    where = route("平安镇2021年结转下年度多少件？", ORGANS, LABELS)
    assert where.intent == "organ"
    assert where.organs == frozenset({"大洼区平安镇人民政府"})
    assert route("霄云镇的联系电话", ORGANS, LABELS).intent == "organ"
    # a town we have no report of is still a question about a report, not about the law
    assert route("李家镇去年收到几件申请？", ORGANS, LABELS).intent == "organ"
    # asking how to fill, while naming one's own town, is still a filling question
    assert route("平安镇的年报表三上年结转怎么填？", ORGANS, LABELS).intent == "fill"


def test_a_town_that_only_introduces_the_clerk_leaves_the_question_to_the_other_routes() -> None:
    """「西吉县吉强镇 申请人要…」 is the clerk's own town, not a report asked for: with no
    figure asked, the story and its table decide."""
    told = "李家镇 申请人要的材料里请示报告没给 其余都给了 我在表三予以公开填了1 这样对不对"
    assert route(told, ORGANS, LABELS).intent == "fill"
    legal = "李家镇的。老王又寄来一份一模一样的申请，我们已经答复过了，还要再答复吗"
    assert route(legal, ORGANS, LABELS).intent == "article"


@pytest.mark.parametrize(
    "question", ["你好", "您好！", "在吗？", "谢谢啦", "你好，你能做什么", "hi"]
)
def test_greetings_are_small_talk(question: str) -> None:
    assert is_smalltalk(question)
    assert route(question, ORGANS, LABELS).intent in ("smalltalk", "foreign")


@pytest.mark.parametrize(
    "question", ["你好，表三怎么填？", "谢谢，第33条说什么", "好的材料怎么公开"]
)
def test_a_greeting_with_a_question_is_not_small_talk(question: str) -> None:
    assert not is_smalltalk(question)


@pytest.mark.parametrize(
    "question",
    [
        "How long do we have to reply?",
        "Wie fülle ich Tabelle drei aus?",
        "ni hao",
        "情報公開の請求はどうすればいいですか",
        "정보공개 청구는 어떻게 하나요?",
        "Как подать запрос?",
    ],
)
def test_other_languages_get_the_help_reply(question: str) -> None:
    assert is_foreign(question)
    assert route(question, ORGANS, LABELS).intent == "foreign"
    assert not is_foreign("第33条")  # Chinese with digits is Chinese
    assert not is_foreign("12345")  # no letters: not a language at all


def test_the_2021_format_unless_2019_or_2020_is_named() -> None:
    assert format_version("表二怎么填") == "2021"
    assert format_version("2023年度年报表二怎么填") == "2021"
    assert format_version("2020年度年报表二怎么填") == "2019"
    assert format_version("2019年的表三") == "2019"
    assert format_version("试行格式的表二") == "2019"
    assert format_version("2019年的格式和2022年的有什么不同") == "2021"


def test_tables_and_labels_are_recognised() -> None:
    assert named_table("年报表三怎么填") == "表三"
    assert named_table("表 4 填什么") == "表四"
    assert named_table("第二十条说什么") is None
    assert named_label("表三中“结转下年度继续办理”怎么填？", LABELS) == "结转下年度继续办理"
    assert named_label("（五）不予处理 1.信访举报投诉类申请是啥", LABELS) == LABELS[0]
    # a two-character label counts only when quoted: 规章 is an ordinary word too
    assert named_label("规章制度要公开吗", LABELS) is None
    assert named_label("表二“规章”这一行", LABELS) == "规章"


def test_a_bare_table_question_is_recognised() -> None:
    assert bare_table_question("表三怎么填？")
    assert bare_table_question("2021年度年报的表四是什么意思")
    assert not bare_table_question("表三信访投诉填哪行")
    assert not bare_table_question("第三十三条怎么理解")


@pytest.mark.parametrize("question", ["这个月的加班登记表怎么填？", "请假单填在哪一栏？"])
def test_another_papers_form_is_not_a_filling_question(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "article"


@pytest.mark.parametrize("question", ["申请人要加班登记表，表三怎么填？", "收到的申请填哪一栏？"])
def test_a_form_asked_for_in_an_application_still_is(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "fill"


def test_only_a_plain_label_pins_its_row() -> None:
    assert pins_row("结转下年度继续办理怎么填", "结转下年度继续办理")
    assert pins_row("「规章」这一行填什么", "规章")
    assert not pins_row("一起行政处罚的执法卷宗没给，怎么统计", "行政处罚")


@pytest.mark.parametrize(
    ("question", "law"),
    [
        ("劳动法规定加班费怎么算？", "劳动法"),
        ("按照《档案法》规定，档案多少年开放", "档案法"),
        ("依据民法典第一千零三十四条，个人信息指什么", None),  # 民法典: not "…法"
        ("有什么办法规定申请的格式吗", None),
        ("这样答复合法吗", None),
        ("条例第三十三条规定了什么", None),
    ],
)
def test_questions_about_another_law_are_recognised(question: str, law: str | None) -> None:
    assert other_law(question) == law


@pytest.mark.parametrize("question", ["辛苦了，下班了吗", "谢谢你，帮了大忙了！", "再见"])
def test_thanks_and_goodbyes_are_small_talk(question: str) -> None:
    assert is_smalltalk(question)


@pytest.mark.parametrize(
    "question",
    ["这算予以公开不？", "律所来申请，申请人选啥？", "表二行政许可那行填啥", "他没交钱，这种咋算"],
)
def test_more_ways_of_asking_where_a_case_goes(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "fill"


@pytest.mark.parametrize("question", ["单位的体检登记单怎么填", "一份申请书里要写哪些内容"])
def test_filling_in_another_paper_is_not_about_the_report(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "article"


@pytest.mark.parametrize(
    ("question", "law"),
    [
        ("按档案法，机关档案一般多少年以后开放", "档案法"),
        ("根据保密法的规定，绝密文件保密多久", "保密法"),
    ],
)
def test_a_law_named_before_the_question_is_another_law(question: str, law: str) -> None:
    assert other_law(question) == law


@pytest.mark.parametrize("question", ["社保卡丢了怎么补办", "明天会下雨吗", "孩子上小学怎么报名"])
def test_a_question_with_no_word_of_the_domain_is_off_topic(question: str) -> None:
    assert off_topic(question)


@pytest.mark.parametrize(
    "question",
    ["33条怎么规定的？", "第三方不同意怎么办", "网上提交的哪天算收到", "村民要看低保名单"],
)
def test_questions_of_the_domain_are_not_off_topic(question: str) -> None:
    assert not off_topic(question)


def test_other_procedures_with_their_own_time_limits_are_recognised() -> None:
    assert other_procedure("信访事项受理以后多少天内要办结") == "信访事项"
    assert other_procedure("人大代表建议多长时间内办复") == "人大代表建议"
    # asking about 公开 as well: the 条例 may answer (第三十九条, 主动公开)
    assert other_procedure("人大代表建议的办理结果要不要主动公开") is None


@pytest.mark.parametrize("question", ["在吗？谢谢你昨天的解答，辛苦了", "谢谢老师，明白了"])
def test_thanks_with_a_remark_is_small_talk(question: str) -> None:
    assert is_smalltalk(question)


@pytest.mark.parametrize(
    "question", ["谢谢，那第三十三条呢", "你好，表三怎么填", "您好，补正期限几天"]
)
def test_thanks_with_a_question_is_not_small_talk(question: str) -> None:
    assert not is_smalltalk(question)


def test_a_case_that_calls_its_row_names_it() -> None:
    labels = [*LABELS, "（三）不予公开 1.属于国家秘密", "（三）不予公开 7.属于行政执法案卷"]
    assert called_label("年底还没办结，算结转下年度吗", labels) == "四、结转下年度继续办理"
    # a group's name, or two rows weighed against each other, call no row
    assert called_label("这属于不予公开的第几项", labels) is None
    assert called_label("这算重复申请还是别的", labels) is None


def test_a_year_of_the_data_is_not_the_reports_year() -> None:
    assert format_version("统计2020年以来每个月拆了多少违建，填哪") == "2021"
    assert format_version("2020年度的年报，逾期不补正填哪") == "2019"
    # a year that dates a document or a period, not the report
    assert format_version("今年把2019年那个管理办法修订后重新印发，算制发吗") == "2021"
    assert format_version("申请人要2019年全年的政府公报，算哪类") == "2021"
    assert format_version("2020年报的政府集中采购填啥") == "2019"
    assert format_version("2019年那版表二有哪些项") == "2019"
    assert format_version("19年度年报表三里撤回的放哪") == "2019"


@pytest.mark.parametrize(
    ("question", "table"),
    [("年报第二部分主动公开那块都要填哪些", "表二"), ("第四部分复议诉讼那张表都有啥", "表四")],
)
def test_a_question_about_a_whole_part_of_the_report_gets_its_overview(
    question: str, table: str
) -> None:
    assert named_table(question) == table
    assert bare_table_question(question)


@pytest.mark.parametrize(
    "question", ["村务公开栏的财务收支多久公开一次", "美国的信息自由法FOIA申请多久能拿到答复"]
)
def test_disclosure_under_other_rules_is_recognised(question: str) -> None:
    assert other_procedure(question) is not None


def test_the_old_format_named_in_words_is_2019() -> None:
    assert format_version("旧格式里其他对外管理服务事项怎么填") == "2019"
    assert format_version("老格式的表二") == "2019"


@pytest.mark.parametrize(
    "question",
    [
        "市政府的复议决定书下来了，维持我们的告知书。",
        "律所以所名义盖章申请的",
        "档案室翻遍了，没有他要的那份文件，告知信息不存在",
        "征收补偿协议汇总表，把其他住户的身份证号遮掉后给了他",
    ],
)
def test_a_case_told_without_a_question_goes_to_the_guide_uncued(question: str) -> None:
    where = route(question, ORGANS, LABELS)
    assert (where.intent, where.uncued, where.asks_how_to_fill) == ("fill", True, False)


@pytest.mark.parametrize(
    "question",
    [
        "申请人一个月都没补正，我们还要管吗",  # asks what to do: the 条例
        "村务公开栏里的财务收支要每个月公开一次还是每季度一次",  # a choice is a question
        "信息处理费的具体收费办法由谁制定",
        "行政机关应当依法公开政府信息。",  # a statement with no case in it
    ],
)
def test_a_question_or_a_statement_without_a_case_is_not_told_a_case(question: str) -> None:
    assert not tells_a_case(question)


def test_table_words_and_where_to_report_are_filling_words() -> None:
    assert route("12月31日提交的申请算今年新收的吗", ORGANS, LABELS).intent == "fill"
    assert route("城管中队全年开出86份处罚决定书，这个数报哪", ORGANS, LABELS).intent == "fill"
    # a cue with the tables' own words (合计, （七）) is about the report, not another paper
    assert route("（七）那一行是不是把上面每个小项都加一遍", ORGANS, LABELS).intent == "fill"
    assert route("个人所得税专项附加扣除怎么在APP上填报", ORGANS, LABELS).intent == "article"


def test_a_row_named_to_deny_or_doubt_it_does_not_pin_it() -> None:
    assert denies_label("区政府发的实施办法，不是规章，表二里放哪", "规章")
    assert denies_label("小王把撤回的那件填进了不予处理，对吗？应该放哪", "不予处理")
    assert denies_label("第二十条第五项里行政许可之外的备案类事项放哪一行", "行政许可")
    assert not denies_label("「规章」这一行填什么", "规章")
    assert not denies_label("这算不予处理吗", "不予处理")


def test_a_table_called_by_what_it_counts_is_named() -> None:
    assert named_table("要不要统计进主动公开那张表？放哪行") == "表二"
    assert named_table("依申请公开那张大表到底统计的是什么") == "表三"
    assert named_table("复议诉讼那张表的总计怎么算") == "表四"
    assert named_table("政府信息公开申请表怎么填") is None  # the application form
    # naming the table so is not asking about the whole of it
    assert not bare_table_question("发了36张规划许可证，主动公开那张表放哪")
    assert bare_table_question("主动公开那张表怎么填")


def test_a_choice_someone_made_is_doubted_and_a_closed_sentence_tells() -> None:
    assert denies_label("同事把年底没办完的3件填进了（七）总计，应该放哪？", "（七）总计")
    assert denies_label("12月29日收到的申请，除了记本年新收，结果那块怎么填", "本年新收")
    assert tells_a_case("有位老师来要统计年鉴，书店就能买到，我跟他说了去哪儿买。")
    assert tells_a_case("水利局今年作出取水许可决定15件。")
    assert route("今年一共收了17件申请，这数写哪儿？", ORGANS, LABELS).intent == "fill"
    assert route("征求意见的时间计入答复期限吗？", ORGANS, LABELS).intent == "article"
    # a figure written wrong (人口数写错了) is a correction asked, not where a figure goes
    wrong = "有个低保户说我们公开的材料里他家人口数写错了，拿了户口本来，要我们改过来，有依据吗？"
    assert route(wrong, ORGANS, LABELS).asks_how_to_fill is False
    # the format's own name of a refusal ground is a question about its row
    grounds = "四类过程性信息是哪四类？我们打给上级的请示算不算在里面？"
    assert route(grounds, ORGANS, LABELS).intent == "fill"
    assert route("过程性信息是哪几类？", ORGANS, LABELS).intent == "article"
    # which platform or office (哪个平台) is no row of the report
    platform = "政府网站工作年度报表在哪个平台上报，要谁审核？"
    assert route(platform, ORGANS, LABELS).intent == "article"
    assert route("这件申请放哪个小项？", ORGANS, LABELS).intent == "fill"
    # how an appraisal scores (咋算分) is not where a case is counted (咋算)
    scored = "政务公开考核里，网站信息更新及时率是咋算分的？"
    assert route(scored, ORGANS, LABELS).intent == "article"
    assert route("依申请公开的件数在年报里咋算？", ORGANS, LABELS).intent == "fill"
    # 「是不是X」「算不算X」 ask whether it is X: they do not deny it
    assert not denies_label("表三里是不是部分公开和第三方那行都要记一次？", "部分公开")
    assert not denies_label("这个算不算予以公开", "予以公开")


ROWS = [
    *LABELS,
    "（一）予以公开",
    "（三）不予公开 5.属于三类内部事务信息",
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "（六）其他处理 3.其他",
    "行政复议 其他结果",
    "行政事业性收费",
]


def test_a_row_someone_chose_is_taken_out_and_the_case_left() -> None:
    """A reviewer's 「他记成了X，对吗」: X is what is in doubt, the case's words decide."""
    assert (
        without_chosen_row("科员把申请人撤回的那件记成了“予以公开”，对吗？", ROWS)
        == "科员把申请人撤回的那件，对吗？"
    )
    assert (
        without_chosen_row("医院的执业登记信息，对方同意后全给了。小刘按“重复申请”记的。", ROWS)
        == "医院的执业登记信息，对方同意后全给了。小刘。"
    )
    assert (
        without_chosen_row(
            "要的统计表从来没做过，同事说算本机关不掌握，我觉得不对，应该算哪一行？", ROWS
        )
        == "要的统计表从来没做过，，我觉得不对，应该算哪一行？"
    )
    assert "行政事业性收费" not in without_chosen_row(
        "同事把收的信息处理费填进了表二行政事业性收费的金额里，对吗？", ROWS
    )
    # the choice after the colleague's reason, across a comma
    chosen = without_chosen_row(
        "早就主动公开了，告诉他在哪个栏目看。同事说没给他啥新东西，应该填“无法提供”，对吗", ROWS
    )
    assert "无法提供" not in chosen and "主动公开了" in chosen


def test_what_is_not_a_row_someone_chose_stays() -> None:
    # a quoted request before the choice is the case, not the choice
    assert "食堂采购明细" in without_chosen_row(
        "小李把一件“申请公开食堂采购明细”的答复记成了“属于三类内部事务信息”。", ROWS
    )
    # asking whether it goes there, asking where, or a verb whose object is no row
    for question in (
        "这种也要算进今年收到的申请数里吗",
        "答复属于内部事务信息的，记在了哪一行合适",
        "申请人说是要打官司用，我们给了",
        "材料放在了档案室，查不到，填哪",
    ):
        assert without_chosen_row(question, ROWS) == question
    # nothing but the choice: it is all the question says, so it stays
    assert (
        without_chosen_row("他把这件填成了予以公开，对吗", ROWS) == "他把这件填成了予以公开，对吗"
    )


@pytest.mark.parametrize(
    "question",
    [
        "晚上好，都这个点了你还在线吗？",
        "这玩意儿怎么用，直接打字问就行？",
        "你上一个回答得不对吧，再想想",
        "你都能帮我干点啥？",
        "上次回答太长了，简短点就行",
    ],
)
def test_a_remark_about_the_assistant_gets_the_help_reply(question: str) -> None:
    assert is_smalltalk(question)
    assert route(question, ORGANS, LABELS).intent == "smalltalk"


def test_a_complaint_that_names_the_domain_is_a_question() -> None:
    assert not is_smalltalk("你答错了吧，第三十三条说的是20个工作日")
    assert not is_smalltalk("机器人能不能申请政府信息公开")
    assert not is_smalltalk("答复内容写得太简单了，会不会被复议纠正")


@pytest.mark.parametrize(
    ("question", "law"),
    [
        ("对答复不服的话，申请行政复议的期限是几天", "行政复议法"),
        ("复议机关收到复议申请后多长时间内要作出决定", "行政复议法"),
        ("起诉期限是多久，从哪天开始算", "行政诉讼法"),
        ("借调人员的试用期能约定六个月吗", "劳动合同法"),
        ("多少钱以上的工程必须公开招标", "招标投标法和政府采购法"),
        ("科室的文书档案形成几年后要移交档案馆", "档案法"),
        ("秘密级文件的保密期限一般是几年", "保守国家秘密法"),
        ("公开答复被起诉了，答辩状多少天内要交给法院", "行政诉讼法"),
        ("依申请公开的办理材料归档后，档案保管期限定几年", "档案法"),
        ("办理取水许可，多少个工作日内要作出决定？", "行政许可法"),
    ],
)
def test_a_subject_of_another_law_is_that_law(question: str, law: str) -> None:
    assert other_law(question) == law


@pytest.mark.parametrize(
    "question",
    [
        "不服答复可以申请复议或者起诉吗",  # 第五十一条
        "公务员录用结果要不要主动公开",  # 主动公开: the 条例
        "档案馆能不能设政府信息查阅点",  # 第二十五条
        "中标结果公告有人申请公开，怎么答复",
        "依申请公开的办理材料要不要归档",  # 第四十五条
        "申请公开行政许可决定书，多少个工作日内答复？",  # 第三十三条
        "行政许可的结果要在多少个工作日内主动公开？",  # 第二十六条
    ],
)
def test_disclosure_questions_touching_those_subjects_stay_with_the_regulation(
    question: str,
) -> None:
    assert other_law(question) is None


def test_a_told_case_is_not_refused_for_the_subject_of_its_story() -> None:
    told = "复议维持后申请人起诉，法院以超过起诉期限为由裁定驳回起诉，表四这一件还空着。"
    assert other_law(told, by_subject=False) is None
    assert other_law("按档案法，文书档案保管多少年", by_subject=False) == "档案法"


@pytest.mark.parametrize(
    "question",
    [
        "拿不准能不能公开的材料，应该报哪里确定？",
        "设计图纸两千多页，有些还是老底图，能不能换个方式提供？",
    ],
)
def test_words_that_only_look_like_a_filling_cue_are_not_one(question: str) -> None:
    assert route(question, ORGANS, LABELS).intent == "article"


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        (
            "申请人是大学教授，用个人名义和身份证申请的，没盖单位章。同事归到科研机构了，对不对",
            "申请人是大学教授，用个人名义和身份证申请的，没盖单位章。，对不对",
        ),
        (
            "区里今年印发了两件规范性文件，同事填在表二“规章”那行了，我觉得不太对，应该在哪",
            "区里今年印发了两件规范性文件，，我觉得不太对，应该在哪",
        ),
        (
            "查了文号和标题都没有这个通报，答复告知信息不存在。同事让我填“没有现成信息需要另行制作”，有道理不？",
            "查了文号和标题都没有这个通报，答复告知信息不存在。，有道理不？",
        ),
        # whoever tells the case is not a colleague's choice, nor is a row asked for
        ("老百姓申请公开村干部的事，表三填哪", "老百姓申请公开村干部的事，表三填哪"),
        ("小区物业的收费标准算不予公开吗", "小区物业的收费标准算不予公开吗"),
    ],
)
def test_a_row_a_colleague_chose_leaves_the_case_to_decide(question: str, kept: str) -> None:
    rows = [*ROWS, "法人或其他组织 科研机构", "（四）无法提供 2.没有现成信息需要另行制作"]
    assert without_chosen_row(question, rows) == kept


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        (
            "企业不同意公开，但我们认为不公开会影响公共利益，决定公开并告知了企业。这件我记在“保护第三方合法权益”没问题吧？",
            "企业不同意公开，但我们认为不公开会影响公共利益，决定公开并告知了企业。这件我记在，没问题吧？",
        ),
        (
            "会议签到表早就按期限销毁了，检索确实没有。看着像“没有现成信息需要另行制作”，该记哪一行？",
            "会议签到表早就按期限销毁了，检索确实没有。看着像，，该记哪一行？",
        ),
        # no review asked, or nothing told but the row: the quoted row stays
        ("表三中“结转下年度继续办理”怎么填？", "表三中“结转下年度继续办理”怎么填？"),
        ("“重复申请”这一行填哪", "“重复申请”这一行填哪"),
    ],
)
def test_a_quoted_row_under_review_leaves_the_case_to_decide(question: str, kept: str) -> None:
    rows = [
        *ROWS,
        "（三）不予公开 4.保护第三方合法权益",
        "（四）无法提供 2.没有现成信息需要另行制作",
    ]
    assert without_chosen_row(question, rows) == kept


def test_named_item_points_at_table_two_by_article_20() -> None:
    assert named_item("备案能不能算进第二十条第（五）项那行") == "五"
    assert named_item("表二第（六）项第一行填什么") == "六"
    assert named_item("第三十六条第（三）项怎么理解") is None
    assert named_item("表三（五）不予处理填哪") is None


def test_a_law_named_for_forbidding_disclosure_is_the_regulations_case() -> None:
    """Another law that forbids disclosure is 第十四条's case, not that law's question."""
    told = "申请人要企业报送的统计原始资料，《统计法》规定不得对外提供，我们没给。"
    assert other_law(told) is None
    assert other_law("按《统计法》规定，统计报表多久报一次？") == "统计法"


def test_the_period_to_seek_review_is_the_review_laws_however_it_is_worded() -> None:
    assert other_law("申请人不服答复，想问他复议要在几天内提") == "行政复议法"
    assert other_law("他想申请行政复议，最晚要在多长时间内提出？") == "行政复议法"
    # our own period, with a review only in the story, stays the 条例's
    assert other_law("申请人说要申请行政复议，我们答复期限是多久") is None
    assert other_law("申请人对答复不服，能不能申请复议？") is None


def test_a_quoted_part_of_one_rows_label_makes_a_filling_question() -> None:
    labels = [
        *LABELS,
        "（四）无法提供 1.本机关不掌握相关政府信息",
        "（三）不予公开 1.属于国家秘密",
        "（三）不予公开 4.保护第三方合法权益",
    ]
    assert route("需要再加工的都算“本机关不掌握”，对吗", labels=labels).intent == "fill"
    # a group's name in quotes is the 条例's word too; a form's name is no row
    assert route("哪些情形可以“不予公开”？", labels=labels).intent == "article"
    assert route("“政府信息公开申请表”上没写电话，能受理吗", labels=labels).intent == "article"
    # a row's core is a label of its own: quoting it still names one row, not two
    with_core = [*labels, "（五）不予处理 4.无正当理由大量反复申请", "无正当理由大量反复申请"]
    question = "“大量反复申请”有没有具体标准？跟重复申请怎么区分"
    assert route(question, labels=with_core).intent == "fill"


def test_a_group_of_table_four_and_its_total_make_a_filling_question() -> None:
    question = "复议后起诉那组的总计，是不是只算先复议后起诉的案子？"
    assert route(question, labels=LABELS).intent == "fill"


def test_one_item_of_a_table_is_not_the_whole_table() -> None:
    assert bare_table_question("表三都包括哪些行")
    assert not bare_table_question("表三不予公开里过程性信息那一项，具体包括哪些东西？")


@pytest.mark.parametrize(
    "question",
    ["复印费、邮寄费能不能让他掏？", "20个工作日从哪天起算？", "打印三百页，工本费能收吗"],
)
def test_a_fee_or_the_start_of_a_period_is_asked(question: str) -> None:
    assert ASKS_PERIOD_OR_FEE.search(question)


def test_how_many_applications_a_case_counts_as_is_a_filling_question() -> None:
    assert route("一个人一年里分12次来申请，每次内容都不一样，这是算12件吧？").intent == "fill"


def test_a_remark_asks_nothing_and_a_request_asks_something() -> None:
    assert asks_nothing("扎西德勒！玉树这边的，第一次用，多多关照哦")
    assert not asks_nothing("帮我写一段年终述职报告的开头")
    assert not asks_nothing("镇食堂的菜谱要公开吗")


def test_asking_what_may_be_asked_is_small_talk_and_asking_it_is_not() -> None:
    assert is_smalltalk("年报的事能问吗")
    assert not is_smalltalk("能不能问你答复期限是多少天")


def test_the_format_of_an_official_document_is_the_document_rules() -> None:
    question = "镇上发文，发文字号里的年份用六角括号还是中括号？版记那块抄送机关放哪儿？"
    assert other_law(question) == "党政机关公文处理工作条例"
    assert other_procedure("群众来信来访的事项，受理以后多少天内必须出处理意见？") == "来信来访"


def test_a_long_row_of_table_three_pointed_at_by_its_short_name_is_named() -> None:
    rows = ["二、上年结转政府信息公开申请数量", "四、结转下年度继续办理", "（一）予以公开"]
    assert short_name(rows[0]) == "上年结转"
    assert short_name(rows[1]) == "结转下年度"
    assert short_name(rows[2]) is None
    assert named_label("表三上年结转那行填什么？", rows) == rows[0]
    assert named_label("结转下年度那一栏填啥", rows) == rows[1]
    # not pointed at as a row: a story's words, not the row it names
    assert named_label("去年的上年结转和今年对不上", rows) is None


def test_a_report_the_case_holds_is_not_the_annual_report() -> None:
    assert mentions_the_report("这个在报告里要写吗")
    assert mentions_the_report("年报里信息处理费在哪反映")
    told = "村民申请公开养殖场的环评报告，企业回函说报告里的工艺和配方是商业秘密。还可以给吗？"
    assert not mentions_the_report(told)
    # the annual report named as well: still asked for it
    assert mentions_the_report("整改报告里的数据，年报里要不要写")


def test_a_row_called_by_its_number_in_its_group_is_that_row() -> None:
    from retrieval.routing import ordinal_label, points_at

    labels = [
        "（三）不予公开 1.属于国家秘密",
        "（三）不予公开 2.其他法律行政法规禁止公开",
        "（五）不予处理 4.无正当理由大量反复申请",
        "（六）其他处理 3.其他",
    ]
    assert ordinal_label("不予公开第二项跟国家秘密有啥区别", labels) == labels[1]
    assert ordinal_label("不予处理里的第4项指的啥", labels) == labels[2]
    assert ordinal_label("其他处理下面第3种什么时候用", labels) == labels[3]
    # a count is not a place, and an item the group does not have is nothing
    assert ordinal_label("不予公开2件，不予处理1件", labels) is None
    assert ordinal_label("不予公开的第九项", labels) is None
    assert ordinal_label("是放不予公开的第1项还是第2项？", labels) is None
    assert points_at("不予公开第二项啥情况下填", labels[1])
    assert points_at("“（三）不予公开 1.属于国家秘密”这行填什么", labels[0])
    assert not points_at("涉及国家秘密的没给，记哪", labels[0])
    # quoted without its number, a row is the choice the clerk doubts
    assert points_at("“（七）总计”那一行跟新收有啥区别", "（七）总计")
    assert not points_at("收的信息处理费是不是要填到表二“行政事业性收费”里", "行政事业性收费")


def test_a_row_offered_by_its_number_as_a_guess_is_doubted() -> None:
    """「这是不予公开第6项吧？」 offers the item for confirmation: the case's words may overrule
    it, as they may a quoted row; 「第7项一般是啥情况」 asks about the item itself."""
    from retrieval.routing import guessed_ordinal, points_at

    label = "（三）不予公开 6.属于四类过程性信息"
    for guess in ["我们答复是内部管理的东西不公开。这是不予公开第6项吧？", "是不是算不予公开第6项",
                  "填不予公开第6项对吗"]:  # fmt: skip
        assert guessed_ordinal(guess) and not points_at(guess, label)
    for asked in ["不予公开第6项一般是啥情况", "不予公开第6项跟第5项有啥区别"]:
        assert not guessed_ordinal(asked) and points_at(asked, label)


def test_a_numbered_group_of_table_three_names_table_three() -> None:
    from retrieval.routing import named_table

    assert named_table("有个申请人撤回申请了 是不是就不用统计了 还是算（五）不予处理") == "表三"
    assert named_table("（三）不予公开下面那8项怎么区分") == "表三"
    # 第二十条第（五）项 is an item of the 条例 that 表二 follows, not a group of 表三
    assert named_table("第二十条第（五）项行政许可怎么算") is None


def test_the_2019_format_called_19版_is_the_trial_format() -> None:
    assert format_version("19版表二最后那个采购的叫啥？21版还要填不？") == "2019"
    assert format_version("今年收了19件，表三咋填") == "2021"


def test_applications_carried_over_are_a_table_word() -> None:
    question = "机构改革后两个局合并了，原来去年没办完结转过来的件，今年怎么接着报"
    assert route(question).intent == "fill"


def test_a_word_ending_in_法_that_names_no_law_is_not_another_law() -> None:
    question = "这个大队是按法规对外以自己名义执法的，那大队能自己受理、自己盖章答复吗？"
    assert other_law(question) is None
    assert other_law("按档案法，机关档案多少年开放") == "档案法"


def test_the_other_column_of_legal_persons_is_named_by_its_group() -> None:
    from retrieval.routing import other_column

    assert other_column("法人或其他组织下面那个“其他”列，一般放哪些申请人") == "法人或其他组织 其他"
    assert other_column("法人或其他组织里的其他一栏填啥") == "法人或其他组织 其他"
    # the group's own name holds 其他; 其他处理 is a row
    assert other_column("村委会申请算法人或其他组织吗") is None
    assert other_column("法人或其他组织申请的，被我们其他处理了") is None


def test_two_quoted_rows_are_offered_not_named() -> None:
    from retrieval.routing import quoted_row

    labels = ["（五）不予处理 2.重复申请", "（五）不予处理 4.无正当理由大量反复申请"]
    offered = "一周交20多件申请，这个是放“重复申请”还是“无正当理由大量反复申请”"
    assert quoted_row(offered, labels) is None
    assert quoted_row("“大量反复申请”有没有标准", labels) == labels[1]


def test_what_the_assistant_can_do_asked_twice_gets_the_help_reply() -> None:
    """「你能干啥？能帮我核年报表格里的数吗」 asks what the assistant can do, in two clauses;
    a real question beside the first (「你能干啥，表三的结转怎么填」) is answered instead."""
    from retrieval.routing import is_smalltalk

    assert is_smalltalk("你能干啥？能帮我核年报表格里的数吗")
    assert is_smalltalk("你都能帮我干些什么？能不能直接帮我把年报写了")
    assert not is_smalltalk("你能干啥，表三的结转怎么填")
    assert not is_smalltalk("你能帮我看看表三怎么填吗")


def test_pleasantries_before_a_question_are_dropped() -> None:
    assert without_pleasantries("你好，表三怎么填") == "表三怎么填"
    assert without_pleasantries("谢谢，那答复书要写明理由吗") == "答复书要写明理由吗"
    assert without_pleasantries("你是机器人吗？表四有几列") == "表四有几列"
    # nothing but pleasantries, or nothing before the question: unchanged
    for text in (
        "你好",
        "谢谢你，辛苦了",
        "表三怎么填",
        "请问，表三怎么填",
        "你刚才的回答太啰嗦了，能不能简单点？",
        # thanks followed by a remark asks nothing; a case clause holding 收到 is no greeting
        "谢谢啊，帮了大忙，今年年报总算赶在截止前弄完了",
        "政务服务大厅收到差评，整改反馈要在几个工作日内完成",
    ):
        assert without_pleasantries(text) == text


def test_asking_who_answers_is_about_the_assistant() -> None:
    assert is_smalltalk("请问你是哪个单位的同事？还是系统自动回复的")
    assert not is_smalltalk("你是机器人吗，我们单位的年报谁来审")
