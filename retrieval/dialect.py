"""Cantonese written the way Guangdong and Guangxi staff type it (「检索咗冇呢份文件，填边行？」),
and the words of regional speech (「归么子？」「咋个填」「这人嘎哈呢」), read as Mandarin before
routing and search.

The cues, the guide's typical questions and the 条例 are all in Mandarin: 「填边行」 matches no
filling cue (填哪) and 「系咪」 no 「是不是」. Only the function words differ; the nouns of the
work (申请, 不予公开, 结转) are the same, so replacing the function words is enough. A text is
read as Cantonese only when it holds a character Mandarin does not use (嘅, 咗, 冇 …), so a
Mandarin question is never touched (「一边」「呢」 stay as they are)."""

from __future__ import annotations

import re

MARKERS = re.compile(r"[嘅咗冇唔喺嗰乜哋佢畀嚟啲嘢睇攞揾係]|系咪")
"""Characters only written Cantonese uses: the text is Cantonese."""

_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), mandarin)
    for pattern, mandarin in (
        (r"系唔系|係唔係|系咪|係咪", "是不是"),
        (r"(?:唔系|唔係)", "不是"),
        (r"定系|定係", "还是"),
        (r"(?<![关联体派院维干直旁母父])[系係](?![统列数谱])", "是"),
        (r"乜嘢|咩嘢|乜野|咩野", "什么"),
        (r"边度|边处", "哪里"),
        (r"边个", "哪个"),
        (
            r"(?<![左右旁两一这那上下里外前后东西南北身周半无海江河路])边(?=[行格栏列项类张份种一条])",
            "哪",
        ),
        (r"(?<=[填放计记写算归报])边", "哪"),
        (r"呢度", "这里"),
        (r"呢(?=[份项件个行格栏张类种条位啲些次])", "这"),
        (r"嗰", "那"),
        (r"点样|点解", "怎么"),
        (r"点(?=[填算计记写办处报归])", "怎么"),
        (r"几多", "多少"),
        (r"佢哋", "他们"),
        (r"我哋", "我们"),
        (r"你哋", "你们"),
        (r"哋", "们"),
        (r"佢", "他"),
        (r"嘅", "的"),
        (r"咗", "了"),
        (r"冇", "没有"),
        (r"唔", "不"),
        (r"喺", "在"),
        (r"[畀俾]", "给"),
        (r"嚟", "来"),
        (r"啲", "些"),
        (r"咁", "这样"),
        (r"嘢", "东西"),
        (r"睇", "看"),
        (r"攞", "拿"),
        (r"揾", "找"),
        (r"仲(?=[有要未係系是])", "还"),
        (r"(?<![不相共合等协会认赞如陪])同(?![意一时样级类事期步比等志学乡城屋住年批])", "和"),
        (r"(?<=[我你他她们方人])话", "说"),
        (r"入面", "里面"),
        (r"而家", "现在"),
        (r"加埋", "加起来"),
        (r"(?<=\d)蚊", "元"),
        (r"咩", "什么"),
        (r"乜", "什么"),
    )
)


_NOT_AFTER = r"(?<![怎这那什多要为])"
REGIONAL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), mandarin)
    for pattern, mandarin in (
        (_NOT_AFTER + r"么子", "什么"),
        (_NOT_AFTER + r"么事", "什么"),
        (_NOT_AFTER + r"么样", "怎样"),
        (r"咋个|啷个|郎个", "怎么"),
        (r"啥子", "什么"),
        (r"莫得", "没有"),
        (r"嘎哈|干哈", "干什么"),
        (r"啥玩意儿?", "什么"),
        (r"钩稽", "勾稽"),
        (r"哪能(?=[填算记计弄办写统报处归放])", "怎么"),
        (r"阿是", "是不是"),
        (r"(?<![采砍讨征杀攻北])伐(?=[？?。，,！!～~\s]|$)", "吗"),
        (r"搿", "这"),
        (r"侬", "你"),
        (r"阿拉(?![伯善斯丁])", "我们"),
        (r"覅", "不要"),
    )
)
"""Words of regional speech, read as Mandarin in any text: the interrogatives of Hubei,
Hunan and Jiangxi (「年报记么子？」「么样处理才稳妥？」; 什么事 and 怎么样 are not them), of
Sichuan, Chongqing, Guizhou and Yunnan (「咋个填」「啷个算」「算啥子」「莫得这个文件」) and of the
Northeast (「这人嘎哈呢」「这是啥玩意儿」), of Shanghai, Jiangsu, Zhejiang and Anhui
(「哪能填」「阿是算部分公开」「算这一行伐？」「搿个」「侬」「阿拉」「覅」; 采伐, 阿拉伯 are not
them); and 钩稽, the variant staff often type for the table's 勾稽关系. None of them is a
Mandarin word, so no Mandarin text is changed."""


def to_mandarin(text: str) -> str:
    """``text`` with regional and Cantonese function words in their Mandarin form; the
    Cantonese table only when the text holds one of Cantonese's own characters."""
    for pattern, mandarin in REGIONAL:
        text = pattern.sub(mandarin, text)
    if not MARKERS.search(text):
        return text
    for pattern, mandarin in _WORDS:
        text = pattern.sub(mandarin, text)
    return text
