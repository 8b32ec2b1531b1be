"""Staff's everyday words mapped to the words the 条例 and the report formats use.

People ask "网上提交的申请哪天算收到" while 第三十一条 says "互联网渠道"; "要钱吗" while
第四十二条 says "收取费用". BM25 only matches words, so the question's tokens are expanded
with the statutory ones. This is vocabulary of the domain, not a list of known questions:
each entry must hold for any question that uses the word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

SYNONYMS: dict[str, tuple[str, ...]] = {
    # channels and forms
    "网上": ("互联网", "数据电文"),
    "网络": ("互联网",),
    "在线": ("互联网", "在线"),
    "线上": ("互联网",),
    "邮件": ("数据电文", "互联网"),
    "电子邮件": ("数据电文", "互联网"),
    "微信": ("互联网",),
    "寄信": ("邮寄",),
    "快递": ("邮寄",),
    "当面": ("当面", "当场"),
    "现场": ("当面", "当场"),
    "口头": ("口头",),
    "申请书": ("申请", "内容", "形式"),
    "申请表": ("申请", "内容", "形式"),
    "网站": ("政府网站", "门户网站"),
    # time limits
    "延期": ("延长",),
    "推迟": ("延长",),
    "超期": ("逾期",),
    "过期": ("逾期",),
    # replying
    "回复": ("答复", "提出意见"),
    "回应": ("答复",),
    "回答": ("答复",),
    "反馈": ("答复", "提出意见"),
    # fees
    "收费": ("收取", "费用", "信息处理费"),
    "交钱": ("收取", "费用", "信息处理费"),
    "缴费": ("收取", "费用", "信息处理费"),
    "付费": ("收取", "费用", "信息处理费"),
    "掏钱": ("收取", "费用"),
    "免费": ("收取", "费用"),
    "收钱": ("收取", "费用", "信息处理费"),
    "要钱": ("收取", "费用", "信息处理费"),
    "花钱": ("收取", "费用"),
    "费用": ("收取", "费用", "信息处理费"),
    # withholding
    "不公开": ("不予公开",),
    "不能公开": ("不予公开",),
    "不让公开": ("不予公开",),
    "保密": ("秘密", "不予公开"),
    "涉密": ("国家秘密",),
    "隐私": ("个人隐私", "第三方合法权益"),
    "个人信息": ("个人隐私", "第三方合法权益"),
    "内部事务": ("内部事务信息",),
    "内部管理": ("内部事务信息",),
    "人事": ("人事管理", "内部事务信息"),
    "后勤": ("后勤管理", "内部事务信息"),
    "草稿": ("过程稿", "过程性信息"),
    "讨论稿": ("过程稿", "过程性信息"),
    "会议记录": ("讨论记录", "过程性信息"),
    "请示": ("请示报告", "过程性信息"),
    "执法": ("行政执法案卷",),
    "拆分": ("区分处理",),
    # applications
    "说不清": ("不明确", "补正"),
    "看不明白": ("不明确", "补正", "释明"),
    "不明白": ("不明确", "补正"),
    "写不清": ("不明确", "补正"),
    "含糊": ("不明确", "补正"),
    "不清楚": ("不明确", "补正"),
    "不明确": ("不明确", "补正"),
    "补材料": ("补正",),
    "补充": ("补正",),
    "投诉": ("信访", "投诉", "举报"),
    "举报": ("信访", "投诉", "举报"),
    "上访": ("信访",),
    "反复": ("重复", "频次"),
    "重复": ("重复",),
    "大量": ("数量", "频次", "合理范围"),
    "加工": ("加工", "分析"),
    "汇总": ("加工", "分析"),
    "统计": ("加工", "分析"),
    "整理": ("加工", "分析"),
    "转交": ("不属于", "负责公开"),
    "不归": ("不属于", "负责公开"),
    "不存在": ("不存在", "检索"),
    "找不到": ("不存在", "检索"),
    "多人": ("多个申请人", "相同政府信息"),
    "很多人": ("多个申请人", "相同政府信息"),
    "转为": ("纳入",),
    "错误": ("不准确", "更正"),
    "不对": ("不准确", "更正"),
    "改正": ("更正",),
    "修改": ("更正",),
    "盲人": ("视听障碍",),
    "残疾": ("视听障碍",),
    "不识字": ("阅读困难",),
    # organs and duties
    "乡镇": ("乡", "镇"),
    "街道": ("街道办事处",),
    "学校": ("教育", "公共企事业单位"),
    "医院": ("卫生健康", "公共企事业单位"),
    "供水": ("公共企事业单位",),
    "供电": ("公共企事业单位",),
    "供气": ("公共企事业单位",),
    "公交": ("公共交通", "公共企事业单位"),
    "国企": ("公共企事业单位",),
    "事业单位": ("公共企事业单位",),
    "主管": ("主管部门",),
    "县政府": ("县级以上", "人民政府"),
    "市政府": ("县级以上", "人民政府"),
    "提交": ("提交",),
    "上交": ("提交",),
    "报送": ("提交",),
    "管理部门": ("主管部门",),
    "哪个部门": ("主管部门",),
    "哪个单位": ("主管部门",),
    "查阅": ("查阅", "查阅场所"),
    "查看": ("查阅",),
    "阅览室": ("查阅场所", "公共查阅室"),
    "图书馆": ("公共图书馆",),
    "档案馆": ("国家档案馆",),
    "培训": ("培训",),
    "考核": ("考核", "工作考核"),
    "追责": ("责任追究",),
    "问责": ("责任追究",),
    "处分": ("处分", "责任追究"),
    "监督": ("监督",),
    # review and litigation
    "复议": ("行政复议",),
    "诉讼": ("行政诉讼",),
    "起诉": ("行政诉讼", "起诉"),
    "打官司": ("行政诉讼",),
    # reports
    "年报": ("年度报告", "工作年度报告"),
    "年度报告": ("年度报告", "工作年度报告"),
    "发布": ("公开", "公布"),
    "公布": ("公开", "公布"),
    "发文": ("制发",),
    "红头文件": ("规范性文件",),
    "多少件": ("数量", "件数"),
    "电话": ("联系电话", "联系方式"),
    "联系方式": ("联系电话", "联系方式"),
    "地址": ("办公地址", "地址"),
    # dates and validity
    "生效": ("施行",),
    "实施": ("施行",),
    "开始执行": ("施行",),
}
"""Colloquial word → statutory words to add to a question's BM25 tokens. Words are matched
as substrings of the question (jieba cuts colloquial words unpredictably), so every key has
at least two characters."""


PHRASES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"什么是|是什么|指什么|什么叫|叫什么|含义|定义|概念|什么意思"), ("是指", "所称")),
    (
        re.compile(r"多长时间|多少天|多少个?工作日|几个工作日|几天|多久|最晚|最迟|期限|时限"),
        ("期限", "工作日", "日内"),
    ),
    (re.compile(r"什么时候(?:开始|起)|哪天(?:开始|起)|何时(?:起|开始)"), ("施行", "起")),
    (
        re.compile(r"(?:之前|以前|前)要?(?:公布|发布|提交|报送|交)|截止|截至|几月几[号日]|几号"),
        ("前", "每年"),
    ),
    (re.compile(r"一部分|部分(?:可以|能|不能|不可以|涉密)|其他部分|其余部分"), ("区分处理",)),
    (re.compile(r"怎么(?:处理|办|答复)|如何(?:处理|答复)"), ("告知", "处理")),
)
"""Question patterns whose meaning is one of the statute's formulas (definition → 是指;
"how long" → 工作日内; "from when" → 施行)."""


def expansions(question: str, tokens: list[str], tokenize: Callable[[str], list[str]]) -> list[str]:
    """Statutory words the question's colloquial words and patterns stand for, cut by the
    same ``tokenize`` as the documents, without the question's own tokens (they are weighed
    separately, so an expansion can never outweigh what was actually asked)."""
    seen = set(tokens)
    out: list[str] = []
    wanted: list[str] = [
        extra for word, extras in SYNONYMS.items() if word in question for extra in extras
    ]
    for pattern, extra in PHRASES:
        if pattern.search(question):
            wanted.extend(extra)
    for phrase in wanted:
        for word in tokenize(phrase) or [phrase]:
            if word not in seen:
                seen.add(word)
                out.append(word)
    return out
