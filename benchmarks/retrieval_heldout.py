"""Held-out questions in staff's own words, written apart from the dev set, so retrieval is
tuned for how people ask and not for 29 known questions; plus questions with no basis in
the corpus, to calibrate when ask must say 没有找到依据.

Each positive item names the sources that answer it (any of them counts).

These questions were used to calibrate ``retrieval.evidence`` (see its docstring), so they are
tuning data now; the held-out sets never used for tuning are ``corpus/eval/qa_heldout.jsonl``
and ``corpus/eval/fill_heldout.jsonl``.
"""

from __future__ import annotations

from retrieval.evaluation import QAItem


def _a(question: str, *articles: int) -> QAItem:
    return QAItem(question, articles=articles)


def _r(question: str, report_id: str) -> QAItem:
    return QAItem(question, reports=(report_id,))


HELDOUT: tuple[QAItem, ...] = (
    _a("收到申请后多久必须回复申请人？", 33),
    _a("答复期限能不能延长，最多延长多少天？", 33),
    _a("申请人写的申请看不明白怎么办？", 30),
    _a("县政府部门的年报要在几月几号前交？", 49),
    _a("县政府的年度报告最晚什么时候向社会公布？", 49),
    _a("年报里要写哪几部分内容？", 50),
    _a("人事管理、后勤管理方面的信息要公开吗？", 16),
    _a("会议讨论记录和请示报告可以不公开吗？", 16),
    _a("涉及个人隐私的信息能不能给申请人？", 15),
    _a("公开后可能危及社会稳定的信息怎么办？", 14),
    _a("邮寄过来的申请以哪天作为收到日期？", 31),
    _a("当面交的申请哪天算收到？", 31),
    _a("第三方不同意公开怎么办？", 32),
    _a("申请公开信息要交钱吗？", 42),
    _a("信息处理费的具体收费办法由谁制定？", 42),
    _a("政府信息形成后多长时间内要主动公开？", 26),
    _a("乡镇要主动公开土地征收方面的信息吗？", 21),
    _a("有人借信息公开申请来投诉举报，怎么答复？", 39),
    _a("申请人要求提供政府公报、报纸书籍怎么处理？", 39),
    _a("申请的信息需要汇总统计才能提供，必须提供吗？", 38),
    _a("申请的信息里有一部分涉密，其他部分怎么办？", 37),
    _a("申请的信息查不到、不存在怎么答复？", 36),
    _a("申请的信息不归我们单位管，怎么答复？", 36),
    _a("一个人反复大量申请信息怎么办？", 35),
    _a("两个单位共同制作的信息由谁负责公开？", 10, 34),
    _a("政府信息公开工作机构具体负责哪些工作？", 4),
    _a("行政机关可以通过哪些渠道主动公开信息？", 23),
    _a("政府信息公开平台要具备什么功能？", 24),
    _a("盲人申请政府信息公开，需要提供帮助吗？", 43),
    _a("认为政府信息公开工作侵犯了自己的合法权益，可以怎么办？", 51),
    _a("不依法履行政府信息公开职能会被怎么处理？", 53),
    _a("供水供电企业不公开信息，群众可以向谁申诉？", 55),
    _a("条例第二十条规定了哪些信息要主动公开？", 20),
    _a("第33条说了什么", 33),
    _a("信息公开指南应当包括哪些内容？", 12),
    _a("不能确定信息能不能公开时怎么办？", 17),
    _a("不予公开的信息要定期评估吗？", 18),
    _a("申请人可以口头提出申请吗？", 29),
    _a("很多人申请同样的信息，可以直接主动公开吗？", 44),
    _a("谁来建立政府信息公开工作考核和社会评议制度？", 46),
    _a("法律法规授权的组织公开信息适用这个条例吗？", 54),
    _a("行政执法案卷可以不公开吗？", 16),
    _a("行政机关收到申请时能当场答复的要当场答复吗？", 33),
    _a("公务员招考的职位和录用结果要主动公开吗？", 20),
    _r("平安镇2021年收到的申请最后是怎么处理的？", "004_bd5d810af7c26391"),
    _r("霄云镇2021年收取信息处理费了吗？", "001_2b40a9866e892a0f"),
    _r("官渡镇2021年有没有被申请行政复议？", "003_cad348b87ea66ad4"),
    _r("保安镇2021年接受群众咨询多少人次？", "000_bae77339b0aba9fa"),
    _r("大水坑镇政务公开工作存在哪些主要问题？", "002_227c28501c9e9ce7"),
    _r("平安镇有几件申请因属于内部事务信息不予公开？", "004_bd5d810af7c26391"),
)
"""Colloquial questions with the sources that answer them."""

NO_BASIS: tuple[str, ...] = (
    "劳动合同试用期最长可以约定多久？",
    "怎么办理护照？",
    "明天会下雨吗？",
    "增值税的税率是多少？",
    "公务员每年有几天年休假？",
    "机动车驾驶证到期了怎么换证？",
    "张庄镇2021年新收了几件政府信息公开申请？",
    "平安镇2023年新收了几件申请？",
    "如何申请最低生活保障？",
    "离婚需要带什么材料？",
    "个人所得税怎么汇算清缴？",
    "房东不退押金怎么办？",
    "推荐一本好看的小说",
    "医保报销比例是多少？",
    "城关镇去年的行政复议有几件？",
)
"""Questions the corpus cannot answer: ask must say so rather than guess."""
