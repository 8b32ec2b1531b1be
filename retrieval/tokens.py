"""Chinese text to BM25 tokens: jieba with the domain's terms, and article numbers kept whole.

jieba cuts 第三十三条 into 第三 十三 条 and knows none of 勾稽关系, 依申请公开, 信息处理费;
both would make the lexical side miss exactly the words staff search for. The tokenizer is a
private ``jieba.Tokenizer`` (not the global one other modules may use) whose dictionary cache
lives in the data directory, not in /tmp.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba

from retrieval.articles import ARTICLE_TOKEN_RE, canonical_article_token

DOMAIN_TERMS: tuple[str, ...] = (
    "勾稽关系", "三安全一稳定", "行政复议", "行政诉讼", "依申请公开", "主动公开", "政府信息公开",
    "政府信息", "信息处理费", "过程性信息", "内部事务信息", "补正", "工作日", "不予公开",
    "予以公开", "部分公开", "无法提供", "不予处理", "其他处理", "区分处理", "新收", "上年结转",
    "结转下年度", "本年新收", "行政规范性文件", "规范性文件", "行政许可", "行政处罚", "行政强制",
    "行政事业性收费", "政府集中采购", "年度报告", "工作年度报告", "信息公开指南",
    "信息公开目录", "政务公开", "政府网站", "门户网站", "政府公报", "公共企事业单位",
    "第三方", "第三方合法权益", "商业秘密", "个人隐私", "国家秘密", "行政执法案卷",
    "行政查询事项", "公开出版物", "信访", "重复申请", "数据电文", "征求意见", "延长答复期限",
    "答复期限", "工作机构", "主管部门", "社会评议", "责任追究", "工作考核", "查阅场所",
    "政务服务", "信息公开平台", "视听障碍", "阅读困难", "加工分析", "另行制作", "信息记录",
    "公共图书馆", "国家档案馆", "申请人", "申请渠道", "联系电话", "统一格式", "结果维持",
    "结果纠正", "尚未审结", "复议后起诉", "未经复议直接起诉", "逾期不补正", "收费通知",
    "是指", "所称", "日内", "施行",
)  # fmt: skip
"""Words of the 条例, the report formats and staff's own vocabulary that jieba lacks."""

_STOPWORD_TEXT = """
    的 了 吗 呢 吧 啊 呀 么 是 在 要 和 与 及 或 等 个 之 以 于 其 对 由 为 被 把 就 都 也 还 又
    并 而 但 从 向 将 该 这 那 此 有 没有 什么 怎么 怎么办 怎样 如何 哪些 哪个 哪 多少 几 几个 几件
    几天 是否 可以 能 能否 能不能 可不可以 需要 应该 应当 请问 一下 这个 那个 我们 我 你 您 他 她
    它 们 吗 么 啥 咋 得 地 着 过 会 让 给 能够 以及 或者 如果 但是 所 所以 因为 一 二 三 之后
    之前 时候 情况 相关 有关 规定 问题 年度 本年 本 年 月 日 条 款 项"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())
"""Question words and function words: they match everywhere and decide nothing."""

_CJK_OR_ALNUM = re.compile(r"[\u4e00-\u9fff0-9a-z]")
_ARTICLE_SPLIT = re.compile(ARTICLE_TOKEN_RE.pattern)

logger = logging.getLogger(__name__)


class Tokenizer:
    """Turns text into BM25 tokens. Build once per process (loading jieba takes ~0.5 s).

    >>> Tokenizer(cache_dir).tokens("第三十三条规定的答复期限")
    ['第三十三条', '答复', '期限', '答复期限']
    """

    def __init__(self, cache_dir: Path | None = None, extra_terms: tuple[str, ...] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._jieba.tmp_dir = str(cache_dir)
        self._lock = threading.Lock()
        self._ready = False
        self._terms = DOMAIN_TERMS + extra_terms
        self.signature = hashlib.sha1(
            "\n".join([*self._terms, "", *sorted(STOPWORDS)]).encode()
        ).hexdigest()[:12]
        """Changes with the dictionary: tokens cached under another signature are stale."""

    def _ensure_ready(self) -> None:
        with self._lock:
            if self._ready:
                return
            self._jieba.initialize()
            for term in self._terms:
                self._jieba.add_word(term, freq=200000)
            self._ready = True

    def tokens(self, text: str) -> list[str]:
        """Tokens for indexing and querying: article numbers whole, stopwords dropped."""
        self._ensure_ready()
        text = unicodedata.normalize("NFKC", text).lower()
        out: list[str] = []
        pos = 0
        for m in _ARTICLE_SPLIT.finditer(text):
            out.extend(self._words(text[pos : m.start()]))
            token = canonical_article_token(m.group(0))
            if token:
                out.append(token)
            pos = m.end()
        out.extend(self._words(text[pos:]))
        return out

    def _words(self, text: str) -> list[str]:
        words: list[str] = []
        for word in self._jieba.cut_for_search(text):
            word = word.strip()
            if word and word not in STOPWORDS and _CJK_OR_ALNUM.search(word):
                words.append(word)
        return words

    def adopt(self, other: Tokenizer) -> None:
        """Share ``other``'s loaded dictionary instead of loading it again (same words; only
        the cache directory differs). jieba keeps it in ``FREQ``/``total``."""
        other._ensure_ready()
        with self._lock:
            self._jieba.FREQ = other._jieba.FREQ
            self._jieba.total = other._jieba.total
            self._jieba.initialized = True
            self._ready = True


_SHARED: dict[str, Tokenizer] = {}
_SHARED_LOCK = threading.Lock()


def shared_tokenizer(cache_dir: Path) -> Tokenizer:
    """One tokenizer per cache directory and process; the dictionary is loaded once per
    process (a second data directory in the same process reuses it)."""
    key = str(cache_dir)
    with _SHARED_LOCK:
        if key not in _SHARED:
            tokenizer = Tokenizer(cache_dir)
            donor = next(
                (t for t in _SHARED.values() if t._ready and t.signature == tokenizer.signature),
                None,
            )
            if donor is not None:
                tokenizer.adopt(donor)
            _SHARED[key] = tokenizer
        return _SHARED[key]
