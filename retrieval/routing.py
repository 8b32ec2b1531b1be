"""Which kind of question this is, and therefore which sources may answer it.

A pure function of the question text (plus the organs and row labels the index knows):

- ``smalltalk``: a greeting or thanks (你好, 在吗, 谢谢) → a short help reply;
- ``foreign``: no Chinese at all (English and other languages) → the same help reply;
- ``fill``: how to fill the report (「填在哪」「怎么填」「算哪一项」, a table named, a row
  label quoted, a word only the tables use such as 勾稽关系 or 上年结转) → the filling guide;
- ``organ``: about a named organ's report (平安镇2021年新收几件) → that organ's reports;
- ``article``: everything else → the 条例 and the report formats, never a sample report.

The rules are vocabulary of the task (how staff ask where something goes), not a list of
known questions; ``tests/unit/test_routing.py`` pins them with questions of their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from retrieval.mentions import ASKS_FOR_DATA, CJK, mentioned_organs, unknown_places

Intent = Literal["smalltalk", "foreign", "fill", "organ", "article"]
FormatVersion = Literal["2021", "2019"]

COUNTED_AS_APPLICATIONS = r"(?:算不算|计不计|记不记|要不要[算计记])[入进在]?(?:申请)?件数"
"""「电话咨询的算不算申请件数」: whether something counts as applications at all (表三计件口径)."""

FILL_CUES = re.compile(
    r"填在|填到|填入|填哪|填什么|(?:怎么|如何|怎样)填写|填写在|填报|怎么填|如何填|怎样填|咋填|要填|该填|应填"
    r"|不填|填几|填多少|填0|填零|算哪|算作哪|算在哪|算到哪|属于哪[一个]?[项类种行栏列格]|计入哪|计入表|计在哪"
    r"|计到哪|记在哪|记到哪|计哪|记哪|归入哪|归到哪|归哪(?!个?(?:部门|机关|单位|级|管))|放在哪|放哪|列在哪|列入哪|统计在|统计到"
    r"|(?:怎么|如何|怎样)统计|哪一[行栏列格项类]|哪[行栏列格]|这一[行栏列格项]|这[行栏列格]|那一[行栏列格]"
    r"|算什么|算作什么|(?<![登标笔日])(?:记|归)(?:什么|啥)|年报(?:里|中|里头)?(?:怎么|如何|咋)?(?:算|体现|反映|统计)|(?:在|从)?哪(?:里|儿|块|个地方)?(?:体现|反映)"
    r"|(?<![期间限日天费数钱])(?:咋|怎么|如何|怎样)(?:算(?!分)|归|计|记|统计|报)|算啥|算个啥|(?<![预决结核计估清打换总合推])算是|第几[项行类栏列格个]"
    r"|哪[类项种个](?!机关|部门|单位|平台|系统|网站|科室|领导)|哪一[种个]|小项|要不要(?:算|计|统计|填)"
    r"|统计进|计进|记进|填进|填第|填表|选啥|选哪|选什么|(?:怎么|如何|咋)选|写哪(?![些几])|写在哪|数写(?:在|到|进|哪|几)|写(?:在|到|进)?哪一?[行栏列格项]|\d\s*写在哪"
    r"|那[行栏列格]|填\d|填啥|填个啥|(?<![设统会审估预核合累共总伙生])(?:记|计|填)(?:在|入|成|作|到)?[^。？?！!]{1,24}还是"
    r"|算[^。？?！!]{0,24}还是"
    r"|算进|算入|计入(?![^，。？?]{0,6}期限)|统计.{0,6}(?:咋|怎么|如何)(?:弄|整|办)|(?:记|计|算|统计)(?:一|两|几|二)次|(?<![举申上呈])报哪(?!些|里(?:确定|审|批|备案|请示)|个?(?:部门|单位|机关|级))|报在哪|报到哪|第几部分|哪个?部分|哪一部分|哪一?块|算几件|计几件|计件|"
    + COUNTED_AS_APPLICATIONS
    + r"|[算计记]\s*[\d一两二三四五六七八九十]+\s*件"
    r"|年报(?:里|中|里头)?(?:咋|怎么|如何)?(?:整|弄)|(?:这件|这个|这种)(?:年报)?(?:咋|怎么)(?:整|弄)"
)
"""How staff ask where a case goes or what a cell means."""

TABLES = re.compile(r"表\s*([二三四234])|([二三四])号表|第([二三四])(?:大?部分|大项|块)")
"""表三, 三号表, or the report's part that holds it (第三部分: 收到和处理政府信息公开申请情况)."""
_TABLE_NAMES = {"二": "表二", "2": "表二", "三": "表三", "3": "表三", "四": "表四", "4": "表四"}

TABLE_WORDS = re.compile(
    r"勾稽|对不上|对得上|对上(?![级面访报一])|上年结转|结转下年度|结转过来|结转来的|本年新收|新收|年底没办完|跨年|现行有效件数|本年制发|本年废止|处理决定数量|收费金额"
    r"|申请人情况|予以公开|部分公开|不予处理|无法提供|其他处理|（七）总计|结果维持|结果纠正|尚未审结|其他结果"
    r"|年报表|之和|表头|万元|保留几位小数|小数点"
    r"|三类内部事务|四类过程性|三安全一稳定|行政查询事项|信访举报投诉类"
    r"|(?:复议|起诉)[^，。？?]{0,6}[那这]一?组|组的?(?:总计|合计)"
)
"""Words that only the report's tables use: a question with one is about filling them. The
format's own names of refusal grounds (四类过程性信息, 三安全一稳定) are not the 条例's words."""

GREETINGS = (
    "你好", "您好", "你们好", "大家好", "嗨", "哈喽", "哈罗", "在吗", "在不在", "有人吗", "早上好",
    "上午好", "中午好", "下午好", "晚上好", "早安", "晚安", "谢谢", "多谢", "感谢", "谢了", "再见",
    "拜拜", "好的", "收到", "明白了", "你是谁", "你叫什么", "你能做什么", "你会什么", "能做什么",
    "怎么用", "如何使用", "帮助", "使用说明", "hello", "hi", "help", "辛苦了", "辛苦", "下班",
    "帮了大忙", "麻烦了", "打扰了", "不客气", "没事了", "好嘞", "晚点聊", "回头见", "能干啥",
    "能干点啥", "能干什么", "会干啥", "有啥用", "干啥的",
)  # fmt: skip
_FILLER = re.compile(r"[\s\W_]|[啊呀呢吗嘛哈哦噢喔呐啦了吧的你您]|助手|机器人|老师|同志|大家")
_LATIN = re.compile(r"[A-Za-z]")
OTHER_FORMS = re.compile(
    r"(?:申请书|申请表|申请单|登记表|答复书|告知书|决定书)(?:应该|应当|要|该)?(?:怎么|如何|怎样|咋)?"
    r"(?:填|写)"
    r"|(?<!年报)(?<!统计)(?<![^申]报)[表单](?:要|应该|应当|该)?(?:怎么|如何|怎样|咋)(?:填|写)"
    r"|统计(?:年报|报表|直报)|联网直报"
)
"""Papers other than the annual report: "申请书怎么填" asks the 条例 (第二十九条); a statistics
bureau's 统计年报 or 联网直报 is not the disclosure report."""
REPORT_DOMAIN = re.compile(
    r"申请|公开|信息|年报|年度报告|报告|表[二三四234]|[二三四]号表|复议|诉讼|起诉|法院|行政|文件|规章"
    r"|收费|费用|件数|答复|回复|回函|发函|结转|总计|案卷|卷宗|秘密|密级|隐私|第三方|补正|信访|投诉|举报|出版物|机关|政府"
    r"|给|提供|没给|村民|群众|居民|企业|公司|律师|记者|第[一二三四1-4]张表|张表|交钱|缴费|交费|缴纳"
    r"|合计|小项|大项|[（(][一二三四五六七][）)]|办理结果|办结|没办完|许可|处罚|强制|采购|统计|决定"
    r"|现行有效|制发|废止"
)
"""Words without which a filling question is not about the annual report (its tables' own words
among them: 合计, 小项, （七）, 许可, 现行有效): 「考勤表怎么填」,
「报销单填在哪一栏」 ask about another paper, and nothing we hold answers them."""
REPORT_MENTIONED = re.compile(
    r"(?<!统计)年报|年度报告|报告(?:里|中|上|里面|当中)|表[二三四234]|[二三四]号表"
)
"""The question is asked for the annual report (「年报里信息处理费在哪反映」, 「报告里要写吗」)."""
_OTHER_REPORT = re.compile(r"[评查改估验测计析究定职示结研检故题面]报告")
"""A report a case holds (环评报告, 检查报告, 整改报告): a bare 「报告里」 then means that one."""


def mentions_the_report(question: str) -> bool:
    """The question is asked for the annual report: it names it, or a table of it, or says
    「报告里」 with no other report in its story (「企业回函说环评报告里的工艺是商业秘密」)."""
    other = _OTHER_REPORT.search(question) is not None
    return any(
        not (other and m.group(0).startswith("报告")) for m in REPORT_MENTIONED.finditer(question)
    )


ASKS_PERIOD_OR_FEE = re.compile(
    r"期限|时限|时间|多久|几天|多少天|几个月|多少日|几日|工作日|延长|延期|最晚|哪天|截止|逾期|不回|没回"
    r"|起算|起计|算起"
    r"|收费|收取|费用|信息处理费|收钱|交钱|缴费|交费|[印寄本]费|出钱|掏钱|[他谁]掏"
)
"""The question asks a time limit or the fee: what the guide's deadline and fee topics say
in full (working days, holidays, 补正 restarting the count, the fee's conditions)."""
WHEN_ASKED = re.compile(r"最迟|几号|几月|什么时候|啥时候|何时|哪一天|日前|月底|之前")
"""When something is due (「年报最迟几号公布」): with ``ASKS_PERIOD_OR_FEE``, what a question
about the report must ask for a deadline topic to answer it."""
ASKING = re.compile(
    r"[?？]|吗|呢|嘛|么样|什么|怎|如何|咋|啥|哪|多少|多久|多长|几[个件天次年月日号种类项条行列栏格]|是否|能否|可否|可不可|能不能|要不要|该不该"
    r"|是不是|算不算|有没有|行不行|对不对|会不会|需不需|用不用|谁|请问|请教|想问|问一下|咨询|求助|求教"
)
"""Words that make a sentence a question. A message with none of them tells something."""
CHOICE = re.compile(r"还是[^，,。；;！!]*$")
"""「每月公开一次还是每季度一次」: a choice in the last clause asks; 「补正后还是只写…，」 (still)
tells."""
CASE_WORDS = re.compile(
    r"申请|复议|起诉|诉讼|法院|官司|撤诉|立案|判决|判了|答复|告知|回复|补正|信访|投诉|举报|信息处理费"
    r"|不予公开|予以公开|部分公开|公开了|不公开|没公开|给了|没给|不给|提供"
    r"|许可|处罚|强制|收费|交钱|缴费|印发|制发|废止|查询|出版物|让他|叫他|告诉他|跟他说|不再处理|没再处理"
)
"""The handling of an application or of a case against it."""


def tells_a_case(question: str) -> bool:
    """「复议机关维持了我们的告知书。」「律所以所名义盖章申请的」: a case told, no question
    asked (a sentence closed by 。 tells, whatever 哪儿 it holds: 「跟他说了去哪儿买。」).
    The handling is done; what is left to ask is where it goes in the report (the guide
    answers with the article the row rests on, and the 条例 still answers when no row
    fits)."""
    text = _normal(question)
    told = text.endswith(("。", ".")) and not re.search(r"[?？]", text)
    asked = not told and (ASKING.search(text) or CHOICE.search(text))
    return not asked and bool(CASE_WORDS.search(text))


_OLD_FORMAT = re.compile(
    r"20(?:19|20)(?!\s*年?\s*(?:以来|至今|起|开始|到|至|[-—~～]))"
    r"\s*年?[^，,。；;？?！!\d]{0,6}?(?:年报|年度|报告|格式|版|[表栏]|试行)"
    r"|(?<!\d)(?:19|20)\s*年度?的?(?:年报|报告|格式|版)|(?<![\d.])19\s*版|试行|[旧老]格式|[旧老]版"
)
"""The 2019 trial format: named, or a 2019/2020 report (「2020年度的年报」「2019年那版表二」
「19版表二」). A year that dates something else (「今年把2019年那个规范性文件修订了」
「2020年以来」) does not."""
_NEW_FORMAT = re.compile(r"20(?:2[1-9]|[3-9]\d)")
_QUOTED = re.compile(r"[“\"「『‘'](.{2,40}?)[”\"」』’']")


@dataclass(frozen=True, slots=True)
class Route:
    """Where a question goes."""

    intent: Intent
    format_version: FormatVersion = "2021"
    table: str | None = None
    """表二 / 表三 / 表四 when the question names one."""
    organs: frozenset[str] = field(default_factory=frozenset)
    named_label: str | None = None
    """The guide label (or its core) the question quotes or contains, longest first."""
    asks_how_to_fill: bool = False
    """The question has a filling cue (怎么填, 算哪一项), whatever its route."""
    uncued: bool = False
    """Sent to the guide with nothing that asks where a case goes: a case told without a
    question, or a legal question asked for the report. Only a row that plainly fits may
    answer it (``retrieval.guide_answer.UNCUED_PROBES``); else the 条例 does."""


def _normal(question: str) -> str:
    return unicodedata.normalize("NFKC", question).strip()


_ASKS = re.compile(r"怎么|如何|怎样|咋|多少|几[个件天条项年月日号]|哪|什么|吗|么|是否|能否|可否")
"""A question about something: after the greeting is taken away, 「在吗，表三怎么填」 asks."""
SMALLTALK_MAX = 30


CAN_ASK = re.compile(
    r"都(?:能|可以)问[不吗么嘛]?|(?:能|可以)问[不吗么嘛]|能不能问你?|可不可以问你?"
)
"""Asking whether something may be asked here: the help reply says what can be."""
_WHAT_IT_DOES = (
    r"你(?:都|还)?(?:能|可以|会)(?:帮我)?(?:做|干)?(?:些|点)?(?:什么|啥)"
    r"|能帮(?:我|上)?(?:什么|啥)忙?"
)
"""What the assistant can do, asked of it (shared by ABOUT_THE_ASSISTANT and CAPABILITY)."""
ABOUT_THE_ASSISTANT = re.compile(
    r"还?在线吗|在不在|还在吗|有人在吗|你是(?:谁|真人|机器人|人工|ai)|真人还是|打字|直接问"
    r"|你是哪(?:个|家|里)的?(?:单位|部门)?|自动回复|系统(?:自动)?回(?:复|的)|人工(?:客服|回复|在回)"
    r"|怎么(?:提)?问你|(?:能|可以)问(?:你)?(?:什么|哪些|啥)|怎么用你|这个怎么用|怎么使用你"
    r"|(?:你|刚才|上一个|上个)[^，,。？?]{0,6}(?:回答|答)得?(?:不对|错了|不准)|答非所问|再(?:好好)?想想"
    rf"|{_WHAT_IT_DOES}"
    r"|(?:回答|答案|说得?)[^，,。？?]{0,6}(?:啰嗦|太长|太短|太简单|简短点|短一?点|详细点)"
)
"""A remark about the assistant itself (still there? how to ask? that answer was wrong): it
asks, but nothing of the domain; the help reply answers it."""


CAPABILITY = re.compile(rf"{_WHAT_IT_DOES}|你有(?:哪些|什么|啥)(?:功能|本事|用)")
"""What the assistant can do, asked of it."""
CAN_YOU = re.compile(r"^(?:你)?(?:能不能|能|可以|可不可以|会不会|会)(?:直接)?帮(?:我|忙)")
"""A clause that only asks whether the assistant can do a task (「能不能直接帮我把年报写了」):
the help reply, which says what it can do, answers it."""


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,。？?！!；;～~…\s]+", text) if _FILLER.sub("", c)]


_GREETINGS_LONGEST_FIRST = tuple(sorted(GREETINGS, key=len, reverse=True))


def _without_greetings(text: str) -> str:
    """``text`` with every greeting and thanks word taken out, the longest first (「谢谢」 before
    「谢」 leaves nothing behind)."""
    for word in _GREETINGS_LONGEST_FIRST:
        text = text.replace(word, "")
    return text


def is_smalltalk(question: str) -> bool:
    """A greeting, thanks or "what can you do": nothing but such words, or such words with a
    remark that asks nothing and touches nothing of the domain (「谢谢你昨天的解答，辛苦了」),
    or a remark about the assistant itself (「这么晚了还在线吗」「你刚才回答得不对吧」)."""
    text = _normal(question).lower()
    if not text or len(text) > SMALLTALK_MAX:
        return False
    rest = _without_greetings(text)
    if not _FILLER.sub("", rest):
        return len(text) <= 20
    greeted = rest != text
    about_me = ABOUT_THE_ASSISTANT.search(rest)
    if CAN_ASK.search(rest) and not _ASKS.search(CAN_ASK.sub("", rest)):
        return True  # 「年报和公开的事都能问不」 asks what the assistant answers: the help
    if CAPABILITY.search(text) and all(
        CAN_YOU.search(clause) for clause in _clauses(CAPABILITY.sub("", text))
    ):
        return True  # 「你能干啥？能帮我核年报表格里的数吗」: what it can do, asked twice
    if ON_TOPIC.search(ABOUT_THE_ASSISTANT.sub("", rest)):
        return False  # the words asking about the assistant (「你是哪个单位的」) are not the domain
    return bool(about_me) or (greeted and not _ASKS.search(rest))


_CLAUSE_END = re.compile(r"(?<=[，,。！!？?；;～~])")
_THEN = re.compile(r"^(?:那么?|那个|还有|另外|再问一?下|我想问一?下|想问一?下)[，,]?")
"""What joins the question to the pleasantry (「谢谢，那表三怎么填」)."""


def without_pleasantries(question: str) -> str:
    """「你好，表三怎么填」 asks 「表三怎么填」: leading clauses that are small talk on their own
    (a greeting, thanks, a remark about the assistant) are dropped when a question follows,
    so that they neither hide a bare table question nor lend their words to the search."""
    if is_smalltalk(question):
        return question  # 「你刚才的回答太啰嗦了，能不能简单点？」 is a remark as a whole
    parts = [p for p in _CLAUSE_END.split(question) if p]
    first = 0
    while first < len(parts) - 1 and _only_pleasantry(parts[first]):
        first += 1
    rest = _THEN.sub("", "".join(parts[first:]).strip())
    # 「谢谢啊，帮了大忙，年报总算弄完了」 is thanks and a remark, not a question
    if first == 0 or not CJK.search(rest) or is_smalltalk(rest) or asks_nothing(rest):
        return question
    return rest


def _only_pleasantry(clause: str) -> bool:
    """A clause that is nothing but greeting or thanks words (「你好，」「谢谢啊，」), or a remark
    about the assistant (「你是机器人吗？」). 「政务服务大厅收到差评，」 holds 收到 yet tells a
    case."""
    text = _normal(clause).lower()
    rest = _without_greetings(text)
    if not _FILLER.sub("", rest):
        return bool(_FILLER.sub("", text))
    return bool(ABOUT_THE_ASSISTANT.search(text)) and is_smalltalk(clause)


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\uac00-\ud7af]")
"""Japanese kana and Korean hangul: a question with them is not Chinese even when it
borrows Chinese characters (今日は, 정보公開)."""


def is_foreign(question: str) -> bool:
    """Not written in Chinese: letters of any script but no Chinese character (English,
    pinyin, Русский), or Japanese or Korean."""
    text = _normal(question)
    if _KANA_HANGUL.search(text):
        return True
    letters = any(ch.isalpha() for ch in text)
    return not CJK.search(text) and (letters or bool(_LATIN.search(text)))


def format_version(question: str) -> FormatVersion:
    """2019 when the question names the 2019 trial format or a 2019/2020 report; else 2021."""
    text = _normal(question)
    if _OLD_FORMAT.search(text) and not _NEW_FORMAT.search(re.sub(r"20(?:19|20)", "", text)):
        return "2019"
    return "2021"


TABLES_BY_CONTENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("表二", re.compile(r"主动公开(?:情况)?的?(?:那|这)?[张个几]?[大小]?表")),
    ("表三", re.compile(r"依?申请公开(?:情况)?的?(?:那|这)?[张个]?[大小]?表")),
    ("表四", re.compile(r"(?:复议|诉讼)(?:情况)?的?(?:那|这)?[张个]?[大小]?表")),
)
"""A table called by what it counts (「主动公开那张表」, 「依申请公开那张大表」)."""


TABLE_THREE_GROUP = re.compile(
    r"[（(][一二三四五六七][）)]\s*(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)"
)
"""A group of 表三 called with its number (「还是算（五）不予处理」): only 表三 numbers them so."""


def named_table(question: str) -> str | None:
    """表二/表三/表四 when the question names one, by number, by what it counts, or by one of
    表三's numbered groups."""
    text = _normal(question)
    m = TABLES.search(text)
    if m:
        return _TABLE_NAMES[m.group(1) or m.group(2) or m.group(3)]
    by_content = (name for name, pattern in TABLES_BY_CONTENT if pattern.search(text))
    return next(by_content, "表三" if TABLE_THREE_GROUP.search(text) else None)


ITEM_OF_ARTICLE_20 = re.compile(
    r"(?:第二十条|第20条|表二|表2|主动公开)[^，,。；;？?！!]{0,6}?第?[(]([一二三四五六七八九十])[)]项?"
)
"""表二 is laid out by the items of 第二十条 (「第二十条第（五）项 行政许可」): a question may point
at its rows by the item (「备案能不能算进第二十条第（五）项那行」「表二第（六）项第一行」)."""


def named_item(question: str) -> str | None:
    """The item of 第二十条 the question points 表二's rows by (「五」), if any."""
    m = ITEM_OF_ARTICLE_20.search(_normal(question))
    return m.group(1) if m else None


def _label_key(label: str) -> str:
    """A label as the question's text is compared with it: NFKC, without white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


def named_label(question: str, labels: Iterable[str], min_chars: int = 4) -> str | None:
    """The longest guide label the question contains (spaces and quotes ignored); labels
    shorter than ``min_chars`` count only when quoted (「规章」这一行)."""
    text = re.sub(r"\s+", "", _normal(question))
    quoted = {re.sub(r"\s+", "", q) for q in _QUOTED.findall(_normal(question))}
    best: str | None = None
    for label in labels:
        key = _label_key(label)
        if not key or key not in text:
            continue
        if len(key) < min_chars and key not in quoted:
            continue
        if best is None or len(key) > len(re.sub(r"\s+", "", best)):
            best = label
    if best is None:
        # 「上年结转那行」「结转下年度那一栏」: a long row of 表三 called by its short name and
        # pointed at as a row
        for label in labels:
            short = short_name(label)
            if short and re.search(re.escape(short) + _POINTED, text):
                return label
    return best


_NUMERALS = "一二三四五六七八九"
ORDINAL_ITEM = re.compile(
    r"(不予公开|无法提供|不予处理|其他处理)(?:情形|情况|这一?[栏项块类组]|那一?[栏项块类组]|的情形)?"
    r"(?:里面?|中|下面?|底下|之中)?的?第\s*([1-9一二三四五六七八九])\s*(?:个|小)?(?:项|种|条|目|行|类|点)"
)
"""A row of 表三 called by its place in its group (「不予公开第二项」「不予处理里的第4项」): the
format numbers the items of each group 1., 2., …, and staff count them."""


def ordinal_label(question: str, labels: Iterable[str]) -> str | None:
    """The label of the item a question calls by its number in its group (「不予公开的第二项」
    → 「（三）不予公开 2.其他法律行政法规禁止公开」), if that item exists and is not one of two
    offered (「第5项还是第6项」)."""
    text = _normal(question)
    m = ORDINAL_ITEM.search(text)
    if m is None or "还是" in text[m.start() :]:
        return None  # 「放不予公开的第5项还是第6项」 offers two: the case's words decide
    group, number = m.group(1), m.group(2)
    n = str(_NUMERALS.index(number) + 1) if number in _NUMERALS else number
    found = [label for label in labels if group in label and re.search(rf"(?<!\d){n}\.", label)]
    return max(found, key=len) if found else None


_ITS_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、")


def points_at(question: str, label: str) -> bool:
    """Whether the question points at ``label`` itself: quoted with its number (「“（七）总计”
    那一行」) or called by its number in its group (「不予公开第二项」). Such a row is what is
    asked about, not a choice the case's words may overrule; a row quoted without its number
    (「是不是要填到“行政事业性收费”里」), or called by its number as the clerk's guess
    (「这是不予公开第6项吧？」), is often the choice the clerk doubts."""
    quoted = {re.sub(r"\s+", "", q) for q in _QUOTED.findall(_normal(question))}
    key = _label_key(label)
    if key in quoted and _ITS_NUMBER.search(key):
        return True
    return ordinal_label(question, [label]) == label and not guessed_ordinal(question)


GUESSED_BEFORE = re.compile(
    r"(?:是不是|算不算|是否|应该是|应该算|估计是|大概是|可能是)[^，,。？?]{0,3}$"
)
GUESSED_AFTER = re.compile(
    r"^(?:吧|吗|嘛|么|对吗|对吧|对不对|对不|是吧|是吗|没错吧|没错吗|行吗|行不|可以吗|可以不|不|没错|是不是)"
    r"(?:[？?。，,！!～~…\s]|$)"
)


def guessed_ordinal(question: str) -> bool:
    """「这是不予公开第6项吧？」「是不是算不予处理第2项」: the item is offered as the clerk's
    guess, to be confirmed, not asked about (「不予公开第7项一般是啥情况」)."""
    text = _normal(question)
    m = ORDINAL_ITEM.search(text)
    if m is None:
        return False
    return bool(GUESSED_BEFORE.search(text[: m.start()]) or GUESSED_AFTER.search(text[m.end() :]))


_LONG_TAILS = re.compile(r"政府信息公开申请数量$|继续办理$")
_POINTED = r"的?(?:[那这]一?[行栏项格]|那个[行栏项格])"


def short_name(label: str) -> str | None:
    """What staff call a long row of 表三: its label without the number and the tail every
    such row shares (「二、上年结转政府信息公开申请数量」 → 上年结转); None for other labels."""
    key = _label_key(label)
    if not _LONG_TAILS.search(key):
        return None
    return _LONG_TAILS.sub("", _NUMBERED.sub("", key)) or None


_NUMBERED = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、|\s")


_BARE_WORDS = re.compile(
    r"20\d\d年?度?|年报|年度报告|政府信息公开|工作|这张|这个|整张|表格|表|里面|里|中|的|要|应该|应当|需要"
    r"|整体|总体|大概|一般|具体|请问|一下|说明|填法|填写|填报|怎么|如何|怎样|咋|填|什么|意思|是|呢|吗|啊|呀"
)


WHOLE_TABLE = re.compile(
    r"整体|总体|整张|整个|这张表|那张表|都有啥|都有哪些|包括哪些|包含哪些|有哪些[行项栏列]|一共有几|都要填"
    r"|都填什么|都填啥|写哪些|写些什么|写什么内容|要填哪些|填哪些内容|由哪几"
    r"|哪几[行项栏列类块]|有几[行项栏列类块]|多少[行项栏列]"
)
"""A question about a whole table or part of the report, not about one case."""


ONE_ITEM = re.compile(r"[那这]一?[项行栏列格]|那个[项行栏列格]")
"""「表三不予公开里过程性信息那一项，具体包括哪些」 asks what one row holds, not the table."""
PLACES_A_CASE = re.compile(r"放哪|算哪|归哪|计入哪|记在哪|哪一?[行栏列格]|填哪(?!些)")
"""「许可证…主动公开那张表放哪」 asks where a case goes, however it calls the table."""


def bare_table_question(question: str) -> bool:
    """「表三怎么填？」「第二部分主动公开那块都要填哪些」: a table (or the part of the report
    that holds it) and nothing else to go on, or a question about the whole of it — its
    overview answers it."""
    text = _normal(question)
    if not named_table(text):
        return False
    if WHOLE_TABLE.search(text) and not (PLACES_A_CASE.search(text) or ONE_ITEM.search(text)):
        return True
    for _, by_content in TABLES_BY_CONTENT:
        text = by_content.sub("表", text)  # 「主动公开那张表怎么填」: the table and nothing else
    rest = TABLES.sub("", text)
    rest = FILL_CUES.sub("", rest)
    rest = _BARE_WORDS.sub("", rest)
    return not re.sub(r"[\W_\d]", "", rest)


_CUE_WORDS = re.compile(r"年报|年度报告|表格")


def content_of(question: str) -> str:
    """The question without its filling cue, table name and 填/统计: they say where to
    look, not what the case is (「怎么统计」 must not match a row about 统计 data)."""
    text = FILL_CUES.sub("，", _normal(question))
    text = TABLES.sub("，", text)
    return _CUE_WORDS.sub("，", text)


def names_row(question: str, label: str) -> bool:
    """Whether naming ``label`` makes this a filling question by itself: a full numbered
    label (「（五）不予处理 1.信访举报投诉类申请」) or a quoted one. A bare word that is also
    the 条例's vocabulary (重复申请, 信息处理费) does not: "重复申请怎么答复" asks the law."""
    quoted = {re.sub(r"\s+", "", q) for q in _QUOTED.findall(_normal(question))}
    return bool(_NUMBERED.search(label)) or _label_key(label) in quoted


_DENIAL = (
    r"(?:(?:(?<!是)不是|(?<!算)不算|并非|而非|不属于|不能算|不应算|除了|除)(?:记|填|算|计)?"
    r"|(?:把|将)[^。？?]{0,30}(?:填进|填在|填到|放进|放在|算进|计入|填成|算成|归到|归入)了?)"
    r"[“\"「『]?"
)
_DOUBT = (
    r"[”\"」』]?(?:之外|以外"
    r"|[^，,。；;？?]{0,4}[，,]?(?:对吗|对不对|是不是错|错了吗|不对吧|有问题吗|填错))"
)


_CHOSEN = re.compile(
    r"(?:(?:记|填|放|算|归|列|计|报|划)(?:成|在|进|到|入)了|(?:记|填|算|归|划|当)成|当作"
    r"|(?:记|填|报|算)的是"
    r"|(?:同事|科员|经办人|办事员|他|她|领导|会计|小[\u4e00-\u9fff])说(?:这件?|它)?"
    r"(?:算|是|属于|应该?(?:记|填|算|放|归)(?:在|进|入|到)?)"
    r"|(?:(?:同事|科员|经办人|办事员|领导|会计|科长|主任)(?:说|让我|要我|叫我|建议|觉得|认为)?"
    r"|[小老][\u4e00-\u9fff](?:说|让我|要我|叫我|建议|觉得|认为))[^，,。；;？?！!：:\n“\"「『把将]{0,12}?"
    r"(?:记|填|放|算|归|列|计|报|划|塞)(?:成|在|进|到|入)?"
    r"|(?:同事|科员|经办人|办事员|领导|会计|科长|主任)(?:说|认为|觉得)[^。；;？?！!\n]{0,24}?[，,]"
    r"(?:那|就|所以)?(?:应该?|应当|得)(?:记|填|放|算|归|列|计|报|划)(?:成|在|进|到|入)?)"
    r"(?![哪什几])([^，,。；;？?！!：:\n]{1,30})"
    r"|按照?([“\"「『][^”\"」』]{1,40}[”\"」』])(?:记|填|报|算|统计)(?:的|了)?"
)
"""Someone's choice of row: 「小张记进了“属于四类过程性信息”」「科员按“重复申请”记的」
「同事说这算“要求提供公开出版物”」「同事让我填“没有现成信息需要另行制作”」「同事归到科研机构
了」「同事说我们没给他啥新东西，应该填“无法提供”」. Group 1 or 2 is the row chosen."""
_CHOSEN_MIN_CASE = 4
_NOT_A_CASE = re.compile(
    r"同事|科员|经办人|办事员|领导|我们|请问|这样|对不对|对吗|行吗|[他她它把将这那件个些条呢吧是的了你说在里]"
)
"""Words of the asking, not of the case: 「他把这件，对吗」 tells nothing once the row is gone."""


def _row_words(label: str) -> str:
    """A label's key without item numbers, 、 and a leading 一二三四: 「（三）不予公开
    1.属于国家秘密」 → (三)不予公开属于国家秘密. The bracketed number stays (the key is NFKC,
    so it reads 「(七)」), which is how 「填进了（七）总计」 names its row."""
    return re.sub(r"\d+\.|[、\s]|^[一二三四]", "", _label_key(label))


def _names_some_row(words: str, cores: list[str]) -> bool:
    """Whether ``words`` name a row: four characters in a row of some label's core, or the
    whole of them when quoted (「“其他”一列」)."""
    text = re.sub(r"[“”\"「」『』\s]", "", _normal(words))
    grams = {text[i : i + 4] for i in range(max(len(text) - 3, 0))}
    quoted = bool(re.search(r"[“\"「『]", words))
    # 「表二“规章”那行了」: a quoted label among other words names its row as well
    spans = [re.sub(r"\s", "", q) for q in _QUOTED.findall(_normal(words))]
    return any(
        any(g in core for g in grams)
        or (quoted and len(text) >= 2 and text in core)
        or any(len(q) >= 2 and q == core for q in spans)
        for core in cores
    )


def without_chosen_row(question: str, labels: Iterable[str]) -> str:
    """The question without a row someone already chose for the case, when the case is told
    without it. A reviewer asks 「他记成了X，对吗」 because X is in doubt: X's words would pull
    the ranking to X, so only the case's own words may decide (they still find X when X is
    right). A question that is nothing but the choice keeps it."""
    # the question as sent, not NFKC: the rest of the pipeline reads its own punctuation
    cores = [_row_words(label) for label in labels]
    matches = list(_CHOSEN.finditer(question))
    if not matches:
        return _without_reviewed_row(question, cores)
    chosen = [m.span() for m in matches if _names_some_row(m.group(1) or m.group(2) or "", cores)]
    if not chosen:
        # 「同事说这是查询类的，填“属于行政查询事项”。对吗」: what was said names no row; the
        # quoted row under review still may
        return _without_reviewed_row(question, cores)
    rest = _cut(question, chosen, "")
    return rest if _case_chars(rest) >= _CHOSEN_MIN_CASE else question


def _cut(question: str, spans: list[tuple[int, int]], joint: str) -> str:
    """``question`` without ``spans`` (in order, apart), each replaced by ``joint``."""
    parts, last = [], 0
    for start, end in spans:
        parts.append(question[last:start])
        last = end
    return joint.join([*parts, question[last:]])


def _case_chars(text: str) -> int:
    """How many characters of case ``text`` tells: no filling cue, no words of the asking."""
    return len(CJK.findall(_NOT_A_CASE.sub("", content_of(text))))


REVIEWED = re.compile(
    r"对吗|对不对|没问题吧|有问题吗|行不|行吗|有道理|能这么|不太对|不对吧|还是别的|复核|审核|核一下"
    r"|(?:改|记|进|归|放|算|填|计入|记在|该在)哪|哪一?[行栏列格项]"
)
"""The sender asks whether a row is right or where the case goes: a row named in quotes is
then the choice under review, not the answer."""
ABOUT_THE_ROW = re.compile(r"(?:怎么|咋|如何|怎样)填|什么意思|啥意思|是指|指的是|包括哪些|对应")
"""「“规章”那一行我们咋填」「这行对应条例哪条」: the row is what is asked about."""


def _without_reviewed_row(question: str, cores: list[str]) -> str:
    """「这件记在“保护第三方合法权益”没问题吧？」「看着像“没有现成信息需要另行制作”，到底该记
    哪一行」: the quoted row is taken out, so that the case's own words decide (they still find
    that row when it is right). A question that is nothing but the row keeps it."""
    if not REVIEWED.search(question) or ABOUT_THE_ROW.search(question):
        return question
    spans = [m.span() for m in _QUOTED_SPAN.finditer(question) if _names_some_row(m[0], cores)]
    if not spans:
        return question
    rest = _cut(question, spans, "，")
    return rest if _case_chars(rest) >= REVIEWED_MIN_CASE else question


_QUOTED_SPAN = re.compile(r"[“\"「『][^”\"」』]{2,40}[”\"」』]")
REVIEWED_MIN_CASE = 8
"""Characters of case a reviewed question must tell besides the row to lose it (as
``guide_answer.CASE_CHARS``): 「“重复申请”对吗」 keeps its row."""


def denies_label(question: str, label: str) -> bool:
    """「不是规章，表二放哪」「同事把它填进了（七）总计，应该放哪」「行政许可之外的备案」: the
    question names the row to say the case is not there, or to doubt that it is; the case's
    own words must decide."""
    key = re.escape(_label_key(label))
    text = re.sub(r"\s+", "", _normal(question))
    return bool(re.search(_DENIAL + key, text) or re.search(key + _DOUBT, text))


PIN_MIN_CHARS = 6
"""A label this long (「本年新收政府信息公开申请数量」, 「结转下年度继续办理」) names its row
wherever it stands; a shorter one (行政处罚, 规范性文件) is often just a word of the case
(「一起行政处罚的执法卷宗」, 「废止了两个规范性文件」) and pins its row only when quoted."""


def pins_row(question: str, label: str) -> bool:
    """Whether the question names ``label`` so plainly that its row answers, whatever the
    ranking says: quoted, numbered, or long enough to be nothing else."""
    return len(_label_key(label)) >= PIN_MIN_CHARS or names_row(question, label)


ON_TOPIC = re.compile(
    r"公开|信息|申请|条例|政府|机关|行政|年报|年度报告|报告|复议|诉讼|起诉|法院|保密|秘密|密级|隐私"
    r"|第三方|答复|补正|收费|费用|查阅|档案|文件|规章|规范性|主动|公报|网站|平台|目录|指南|监督|考核"
    r"|评议|追责|责任|处分|第?[一二三四五六七八九十百\d]+\s*条|信访|投诉|举报|出版物|涉密|内部事务|过程性"
    r"|执法|案卷|征求意见|工作日|期限|延长|当场|书面|口头|邮寄|公民|法人|组织|企业|单位|部门|乡镇"
    r"|街道|村民|村委|居委|群众|老百姓|表[二三四234]|提交|递交|签收|传真|告知|办结|延期|复印|抄录"
)
"""Words of government information disclosure. A question with none of them (社保卡怎么补办,
明天下雨吗) is about something else, however close its vector comes to an article."""


def off_topic(question: str) -> bool:
    """Nothing in the question belongs to the domain the 条例 and the report cover."""
    return not ON_TOPIC.search(_normal(question))


REQUEST = re.compile(r"帮我|帮忙|请你|给我|麻烦你?|写一|写个|写段|翻译|查一?下|生成|整理一|列一")
"""An imperative asks for something (「帮我写一段述职报告的开头」), though nothing is asked."""


def asks_nothing(question: str) -> bool:
    """A remark that neither asks nor requests anything (「侬好呀，今朝第一趟用这个」「这年报整得
    我脑瓜子嗡嗡的」): off the domain, it is small talk, not a question we found no basis for."""
    text = _normal(question)
    return not (ASKING.search(text) or REQUEST.search(text))


OTHER_PROCEDURE = re.compile(
    r"信访事项|人大代表建议|代表建议|政协提案|委员提案|人大建议|12345|热线工单|市长信箱|书记信箱"
    r"|来信来访|政务新媒体"
)
"""Procedures with their own rules and time limits that staff run beside 依申请公开: 「信访事项
多少天办结」 is not answered by the 条例's 20 working days."""
OTHER_REGIME = re.compile(
    r"村务公开|党务公开|厂务公开|美国|英国|日本|德国|法国|韩国|国外|外国|境外|其他国家|FOIA",
    re.IGNORECASE,
)
"""Disclosure under other rules (村务公开: 村民委员会组织法; another country's FOI law): the
条例 is not their law, however alike the words."""


def other_procedure(question: str) -> str | None:
    """The other procedure a question asks about, when it does not ask about 公开 as well."""
    text = _normal(question)
    regime = OTHER_REGIME.search(text)
    if regime is not None:
        return regime.group(0)
    m = OTHER_PROCEDURE.search(text)
    if m is None or "公开" in text:
        return None
    return m.group(0)


OTHER_LAW = re.compile(
    r"(?:《)?([\u4e00-\u9fff]{2,12}法)(?:》)?(?:实施条例)?(?:规定|里|中|要求|对|第[一二三四五六七八九十百\d]+条)"
)
"""「行政复议法规定复议机关多少天内…」 asks what another law says: the 条例 and the formats
are all the law we hold, so the honest answer is that we do not have it."""


LAW_NAMED_FIRST = re.compile(
    r"(?:按|按照|依照|依据|根据|照)《?([\u4e00-\u9fff]{2,12}法)》?(?:[，,、的]|规定)"
)
"""「按档案法，机关档案多少年开放」: the law named before the question."""


_PERIOD = r"(?:期限|时限|多长时间|多久|几天|多少天|几个月|多少日|几日)"
LAWS_BY_SUBJECT: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    (
        "行政复议法",
        re.compile(
            rf"(?:申请|提起|提出)行政复议的?(?:法定)?(?:申请)?{_PERIOD}|复议(?:申请)?期限"
            rf"|复议机关.{{0,12}}{_PERIOD}|复议决定.{{0,10}}{_PERIOD}|复议[^，,。？?]{{0,4}}在?{_PERIOD}"
            rf"|{_PERIOD}.{{0,6}}(?:内|以内)?.{{0,4}}(?:申请|提起)(?:行政)?复议"
            rf"|复议[^。？?]{{0,12}}{_PERIOD}[^。？?，,]{{0,3}}(?:提出|提起|申请)"
        ),
        True,
    ),
    (
        "行政诉讼法",
        re.compile(
            rf"起诉期限|诉讼时效|答辩状|答辩期|举证期限|上诉期|(?:提起|提出)(?:行政)?诉讼的?{_PERIOD}"
            rf"|{_PERIOD}.{{0,6}}(?:内|以内)?.{{0,4}}(?:提起|提出)(?:行政)?诉讼"
        ),
        True,
    ),
    (
        "行政许可法",
        re.compile(
            rf"^(?!.*(?:公开|政府信息)).*许可[^。？?]{{0,20}}"
            rf"(?:(?:多少|几)个?(?:工作日|天|日)|{_PERIOD})"
        ),
        True,
    ),
    ("劳动合同法", re.compile(r"劳动合同|试用期|劳动仲裁|经济补偿金|加班费"), False),
    ("招标投标法和政府采购法", re.compile(r"公开招标|招标投标|招投标|采购限额|中标|投标"), False),
    (
        "档案法",
        re.compile(r"档案.{0,12}(?:移交|开放|进馆)|(?:移交|进馆).{0,8}档案馆"),
        False,
    ),
    ("档案法", re.compile(r"档案.{0,6}(?:保管期限|销毁)|(?:保管期限|销毁).{0,6}档案"), True),
    (
        "保守国家秘密法",
        re.compile(r"保密期限|定密|解密|(?:绝密|机密|秘密)级.{0,12}(?:期限|年)"),
        False,
    ),
    ("公务员法", re.compile(r"公务员.{0,12}(?:考核|晋升|职级|录用|辞退|辞职|工资)"), False),
    (
        "党政机关公文处理工作条例",
        re.compile(r"发文字号|版记|抄送机关|主送机关|公文格式|成文日期|发文机关标志|六角括号"),
        False,
    ),
)
"""Subjects that another law governs, asked about without naming it: 「申请复议的期限是多少
天」 (行政复议法), 「试用期最长多久」 (劳动合同法), 「档案多少年移交档案馆」 (档案法). The 条例
mentions 复议, 档案馆 and 保密 but answers none of these; the flag says whether the subject
counts even in a question about disclosure (a period of 复议, a court's procedure, how long an
archived file is kept are never the 条例's). A licence's time limit (「申请食品经营许可，多少个
工作日内作出决定」) is the 行政许可法's when the question does not speak of disclosure."""
_DISCLOSURE = re.compile(r"公开(?!招标|招聘|选拔|遴选)|申请|答复|政府信息|年报|年度报告")
"""A question about disclosure (公开招标 and 公开招聘 are not): another law's subject in it
may be the case, not the question (「公务员录用结果要不要主动公开」)."""


def speaks_of_disclosure(question: str) -> bool:
    """Whether the question speaks of disclosure at all (申请, 公开, 答复, 年报 …)."""
    return bool(_DISCLOSURE.search(_normal(question)))


FORBIDS_DISCLOSURE = re.compile(
    r"(?:禁止|不得|不准|不能|不允许|严禁)[^，,。；;？?]{0,16}(?:公开|提供|披露|泄露|公布)"
)
"""「《统计法》规定不得对外提供…，我们没给」: another law that forbids disclosure is the
条例's own case (第十四条; 表三 不予公开 2.其他法律行政法规禁止公开), not that law's question."""


def other_law(question: str, *, by_subject: bool = True) -> str | None:
    """The other law a question asks about (「保密法」), named or (``by_subject``) by its
    subject, or None. A told case is judged by named laws only: its 起诉期限 or 中标公告 is
    what happened, not what it asks. A law named for forbidding disclosure is the 条例's
    case (``FORBIDS_DISCLOSURE``)."""
    text = _normal(question)
    if FORBIDS_DISCLOSURE.search(text):
        return None
    m = OTHER_LAW.search(text) or LAW_NAMED_FIRST.search(text)
    if m is None:
        if not by_subject:
            return None
        disclosure = bool(_DISCLOSURE.search(text))
        return next(
            (
                law
                for law, subject, always in LAWS_BY_SUBJECT
                if subject.search(text) and (always or not disclosure)
            ),
            None,
        )
    name = re.sub(r"^(?:依据|根据|按照|依照|按|依|照|在|用|有|没有|什么|的)+", "", m.group(1))
    if len(name) < 3 or "条例" in name or name.endswith(_NOT_LAWS) or name.startswith("法规"):
        return None
    return name


_NOT_LAWS = (
    "办法", "方法", "做法", "说法", "写法", "想法", "算法", "合法", "违法", "依法", "非法", "执法",
    "立法", "守法", "无法",
)  # fmt: skip
"""Words ending in 法 that name no law (「按法规对外以自己名义执法的」 is how a body acts)."""


_CALLS = re.compile(r"(?:算|属于|归入?|计入|算不算|是不是)(?:是|作|为)?([\u4e00-\u9fff]{4,})")
CALLED_MIN = 4
"""Characters a name must share with the start of a row's label to call that row."""


def called_label(question: str, labels: Iterable[str]) -> str | None:
    """The row a question asks its case to be (「这算结转下年度吗」 → 结转下年度继续办理): the
    label whose start the words after 算/属于/是不是 share longest (at least CALLED_MIN).
    None when the name is a group's (「属于不予公开的第几项」) or the question weighs two
    rows (「算重复申请还是哪项」)."""
    text = _normal(question)
    if "还是" in text:
        return None
    said_all = [m.group(1) for m in _CALLS.finditer(text)]
    if not said_all:
        return None
    keys = {label: _NUMBERED.sub("", _label_key(label)) for label in labels}
    best: dict[str, int] = {}
    for said in said_all:
        for label, key in keys.items():
            shared = 0
            while shared < min(len(said), len(key)) and said[shared] == key[shared]:
                shared += 1
            if shared >= CALLED_MIN:
                best[label] = max(best.get(label, 0), shared)
    if not best:
        return None
    top = max(best.values())
    tied = sorted((label for label, n in best.items() if n == top), key=len)
    # several labels of one row (its full label and its core) contain each other
    if any(tied[0].replace(" ", "") not in other.replace(" ", "") for other in tied[1:]):
        return None
    return tied[-1]


QUOTED_ROW_MIN = 4
"""Characters a quoted part of a label must have to name its row (「“本机关不掌握”」)."""


def quotes_a_row(question: str, labels: Iterable[str]) -> bool:
    """A quoted span that is part of one row's label (「都算“本机关不掌握”，对吗」): the
    question is about that row, though it quotes only part of its name. A group's name
    (「“不予公开”」, in eight labels) is the 条例's word as much as the report's."""
    return quoted_row(question, labels) is not None


def quoted_row(question: str, labels: Iterable[str]) -> str | None:
    """The one row whose label holds a quoted span of the question (its full label), or None
    (see ``quotes_a_row``)."""
    spans = [re.sub(r"\s+", "", q) for q in _QUOTED.findall(_normal(question))]
    spans = [q for q in spans if len(q) >= QUOTED_ROW_MIN]
    if not spans:
        return None
    keys = {_row_words(label): label for label in labels}
    found: list[str] = []
    for span in spans:
        holding = [key for key in keys if span in key]
        # a row's core (无正当理由大量反复申请) is in its full label too: one row, not two
        rows = [k for k in holding if not any(k != other and k in other for other in holding)]
        if len(rows) == 1 and keys[rows[0]] not in found:
            found.append(keys[rows[0]])
    # two rows quoted (「放“重复申请”还是“无正当理由大量反复申请”」) are offered, not named
    return found[0] if len(found) == 1 else None


OTHER_COLUMN = re.compile(
    r"法人或其他组织[^。？?！!]{0,12}?(?:[“\"「『]其[他它][”\"」』]|(?:下面?|里面?|中)的?(?:那个|这个)?"
    r"其[他它](?:那|这)?一?[列栏项类])"
)
OTHER_COLUMN_LABEL = "法人或其他组织 其他"


def other_column(question: str) -> str | None:
    """「法人或其他组织下面那个“其他”列」: the column 法人或其他组织 其他, though 其他 alone
    names no column (表三 has 其他处理 3.其他 too) and the group's name holds 其他 as well."""
    return OTHER_COLUMN_LABEL if OTHER_COLUMN.search(_normal(question)) else None


def quoted_instead(question: str, labels: Iterable[str], named: str | None) -> str | None:
    """The quoted row instead of ``named`` when the question names another row unquoted
    (「“大量反复申请”有没有具体标准？跟重复申请怎么区分」 asks about the quoted one)."""
    if named is None:
        return None
    quoted = quoted_row(question, labels)
    if quoted is None or named in quoted or quoted in named:
        return named
    return quoted


def row_named(question: str, labels: Iterable[str], asked: str | None = None) -> str | None:
    """The row the question names: 法人或其他组织's “其他” column (read in ``asked``, the
    question as sent, when ``question`` has lost a chosen row), else the row named by its
    label or number, or the one quoted beside it (``quoted_instead``)."""
    labels = list(labels)
    named = named_label(question, labels) or ordinal_label(question, labels)
    return other_column(asked or question) or quoted_instead(question, labels, named)


def _calls_it(text: str, label: str) -> bool:
    """「这算予以公开不」: the question asks whether its case is this row."""
    key = re.escape(_label_key(label))
    calls = r"(?:算|属于|归入?|归到|归为|划到|划入|划为|计入|是不是|算不算)(?:是|作)?"
    return bool(re.search(rf"{calls}{key}", text))


def asks_a_strangers_figures(question: str, known_organs: Iterable[str]) -> bool:
    """A place we hold no report of, asked for a figure (「张庄镇2021年新收了几件」): the
    reply says its report is not indexed. A place that only introduces the clerk's own organ
    (「西吉县吉强镇 申请人要…没给…这样对不对」) leaves the question to the other routes."""
    return bool(ASKS_FOR_DATA.search(question)) and bool(unknown_places(question, known_organs))


def route(
    question: str,
    known_organs: Iterable[str] = (),
    labels: Iterable[str] = (),
) -> Route:
    """Classify ``question`` (see the module docstring)."""
    text = _normal(question)
    version = format_version(text)
    if is_foreign(text):
        return Route("foreign", version)
    if is_smalltalk(text):
        return Route("smalltalk", version)
    table = named_table(text)
    label = row_named(text, labels)
    organs = frozenset(mentioned_organs(text, known_organs))
    cue = bool(FILL_CUES.search(text))
    strong = (label is not None and (names_row(text, label) or _calls_it(text, label))) or (
        quotes_a_row(text, labels)
    )
    if (organs or asks_a_strangers_figures(text, known_organs)) and not (cue or strong):
        return Route("organ", version, table, organs, label)
    asks = cue
    if OTHER_FORMS.search(text) and not mentions_the_report(text):
        cue = False
    if not (table or strong or TABLE_WORDS.search(text) or REPORT_DOMAIN.search(text)):
        cue = False  # another paper's form (考勤表, 报销单): not a question about the report
    if cue or table or strong or TABLE_WORDS.search(text):
        return Route("fill", version, table, organs, label, asks)
    if tells_a_case(text):
        return Route("fill", version, table, organs, label, asks, uncued=True)
    return Route("article", version, table, organs, None, asks)
