"""Invented Chinese names for units, people, enterprises and records (seeded)."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力兰斌宇浩凯俊峰晨欣怡佳琪婷雪梅琳健波丹颖鹏飞志翔晓燕海燕春林国庆嘉慧雨萱子涵诗雅梓轩"
PLACES = "湘湖城河东湘南门育才西湘杜湖通惠休博惠民银河新塘北干蜀山宁围闻堰义桥所前瓜沥临浦浦阳戴村进化楼塔河上衙前益农党湾靖江南阳红山新街盈丰钱江义蓬"
ROOTS = "安康和平兴盛富民新华长乐永宁金山银湖青云锦绣丰泽瑞祥龙泉凤鸣桃源柳岸清溪石桥梅林竹园"
OFFICES = [
    "党政办公室",
    "经济发展办公室",
    "平安建设办公室",
    "城市建设管理办公室",
    "社会事务办公室",
    "党建工作办公室",
    "综合行政执法队",
    "财政所",
    "公共服务中心",
]
INDUSTRIES = ["机械", "科技", "纺织", "建材", "电子", "食品", "物流", "商贸", "印染", "汽配"]


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def place(rng: random.Random) -> str:
    a, b = rng.randrange(0, len(PLACES), 2), rng.randrange(0, len(ROOTS), 2)
    return PLACES[a : a + 2] if rng.random() < 0.5 else ROOTS[b : b + 2]


def enterprise(rng: random.Random, place_name: str) -> str:
    return f"杭州{place_name}{rng.choice(ROOTS[::2])}{rng.choice(INDUSTRIES)}有限公司"


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
