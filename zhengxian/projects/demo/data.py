"""The demo's key projects and special actions, as data, dated in days relative to today.

Names: every project below is named in the seed (a 2023 report from 城厢街道) except where
the note says "invented"; the seed gives no dates, milestones, investments or quantities, so
all of those are invented for the demo, chosen so that the battle chart shows every colour
and every milestone state on both sides of today. The milestones of a project read:
(name, planned day, days late when done — None when not done, planned progress %).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Category

Milestone = tuple[str, int, int | None, int | None]


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    name: str
    category: str
    unit: str  # the suffix of the responsible unit's code: "JFB" is CX-JFB
    start: int  # planned start, days from today
    end: int  # planned end, days from today
    investment: int  # 万元
    milestones: tuple[Milestone, ...]
    lag: int = 0  # how many points the reported progress trails the plan
    tags: tuple[str, ...] = ()
    public: bool = False
    location: str = ""
    description: str = ""
    note: str = ""
    quantities: tuple[tuple[str, str, int], ...] = ()
    issues: str = ""
    lead: int = 0  # which of the demo's project leads


E, C, L, G, P = (
    Category.ECONOMY,
    Category.CONSTRUCTION,
    Category.LIVELIHOOD,
    Category.GOVERNANCE,
    Category.PARTY,
)

PROJECTS: tuple[ProjectSpec, ...] = (
    # ── 赛项目活力: 以紫橙国际为核心 … 打造高端产业集群; 文创产业 ──────────────────────────
    ProjectSpec(
        "XM-ZCGJ",
        "紫橙国际",
        E,
        "JFB",
        -420,
        240,
        68000,
        (
            ("桩基完成", -300, -3, 20),
            ("主体结顶", -60, -2, 60),
            ("幕墙施工完成", 40, None, 80),
            ("竣工验收", 200, None, 95),
        ),
        lag=3,
        location="城厢街道",
        lead=0,
        description="以紫橙国际为核心，打造高端产业集群。",
        note="每周一现场调度。",
    ),
    ProjectSpec(
        "XM-HZKC",
        "汇智科创园",
        E,
        "JFB",
        -300,
        200,
        32000,
        (
            ("一期竣工", -150, 0, 45),
            ("二期主体施工", -30, 5, 65),
            ("园区配套完工", 5, None, 75),
            ("招商入驻", 90, None, 90),
        ),
        lag=4,
        lead=1,
    ),
    ProjectSpec(
        "XM-LCKC",
        "蓝橙国际科创中心",
        E,
        "JFB",
        -260,
        420,
        45000,
        (("桩基工程", -90, 2, 20), ("地下室结顶", -6, None, 35), ("主体结顶", 80, None, 60)),
        lag=12,
        issues="地下室施工受雨季影响，需协调延长夜间施工许可。",
        lead=1,
    ),
    ProjectSpec(
        "XM-CJLY",
        "村级留用地开发",
        E,
        "HTC",
        -200,
        300,
        26000,
        (("规划方案批复", -100, 0, 25), ("土地出让", 45, None, 55)),
        lag=18,
        tags=("retained-land",),
        issues="村集体股东意见尚未统一。",
        lead=2,
    ),
    ProjectSpec(
        "XM-WLH",
        "未来汇",
        E,
        "YC",
        -400,
        60,
        18000,
        (
            ("主体验收", -120, -5, 70),
            ("招商签约", -20, -2, 88),
            ("开业运营（育才夜市地块重新亮相）", 25, None, 96),
        ),
        lag=2,
        tags=("retained-land",),
        description="萧山第一个由多个社区共同合作、自主开发的村级留用地综合体。",
        lead=2,
    ),
    ProjectSpec(
        "XM-XXL",
        "西湘里",
        E,
        "XXL",
        -330,
        -12,
        9000,
        (("街区改造完工", -90, 0, 70), ("文创业态招引", -40, -3, 90), ("开街运营", -15, 0, 98)),
        lag=0,
        lead=3,
    ),
    ProjectSpec(
        "XM-XHCC",
        "湘湖创业创新中心",
        E,
        "XH",
        -240,
        150,
        12000,
        (
            ("装修工程完工", -12, None, 60),
            ("孵化平台上线", 2, None, 70),
            ("首批企业入驻", 60, None, 85),
        ),
        lag=9,
        issues="装修单位人手不足，已约谈施工方。",
        lead=3,
    ),
    # ── 赛美丽颜值: 征迁, 安置房, 老旧小区改造, 亚运环境整治, 休博路 ─────────────────────────
    ProjectSpec(
        "XM-HTCZQ",
        "湖头陈工业园区南片征迁",
        C,
        "ZQB",
        -280,
        120,
        52000,
        (
            ("入户调查", -150, 0, 20),
            ("签约率达到80%", -40, 5, 70),
            ("全面签约", 6, None, 85),
            ("房屋拆除完成", 60, None, 98),
        ),
        lag=8,
        tags=("relocation",),
        quantities=(("征迁户数", "户", 320), ("腾空土地", "亩", 186)),
        lead=0,
    ),
    ProjectSpec(
        "XM-AZF-HTC",
        "湖头陈三、四期安置房",
        C,
        "CJB",
        -500,
        400,
        86000,
        (("桩基完成", -280, 0, 20), ("主体结顶", -3, None, 50), ("竣工验收", 380, None, 97)),
        lag=6,
        tags=("resettlement",),
        quantities=(("安置房套数", "套", 1260),),
        issues="塔吊故障停工三天。",
        lead=4,
    ),
    ProjectSpec(
        "XM-AZF-DX",
        "东湘二、三期安置房",
        C,
        "CJB",
        -450,
        300,
        74000,
        (("地下室结顶", -18, 6, 45), ("主体结顶", 70, None, 70), ("竣工验收", 280, None, 96)),
        lag=2,
        tags=("resettlement",),
        quantities=(("安置房套数", "套", 980),),
        lead=4,
    ),
    ProjectSpec(
        "XM-AZF-NM",
        "南门区块安置房",
        C,
        "NM",
        -200,
        500,
        39000,
        (("土方开挖完成", -50, 1, 15), ("地下室结顶", 7, None, 30)),
        lag=3,
        tags=("resettlement",),
        quantities=(("安置房套数", "套", 540),),
        lead=5,
    ),
    ProjectSpec(
        "XM-AZF-TH",
        "通惠路集中安置区",
        C,
        "TH",
        -350,
        260,
        58000,
        (("主体结顶", -15, None, 55), ("外立面完成", 90, None, 80)),
        lag=14,
        tags=("resettlement",),
        quantities=(("安置房套数", "套", 860),),
        issues="总包资金拨付滞后，需财政协调。",
        lead=5,
    ),
    ProjectSpec(
        "XM-LJXQ",
        "4万平方米老旧小区改造",
        C,
        "CJB",
        -180,
        160,
        7600,
        (
            ("设计方案公示", -120, 0, 10),
            ("第一批小区完工", -35, -1, 45),
            ("第二批小区完工", 50, None, 80),
        ),
        lag=15,
        tags=("old-community-renovation",),
        quantities=(("改造面积", "平方米", 40000), ("惠及住户", "户", 620)),
        lead=0,
    ),
    ProjectSpec(
        "XM-YYHJ",
        "亚运场馆、酒店、保障医院周边及通勤道路环境整治",
        C,
        "CJB",
        -210,
        45,
        3200,
        (
            ("亚运场馆周边整治", -100, 0, 40),
            ("亚运酒店周边整治", -45, -3, 70),
            ("通勤道路两侧整治", 20, None, 92),
        ),
        lag=2,
        tags=("asian-games",),
        lead=1,
    ),
    ProjectSpec(
        "XM-XBL",
        "休博路及失管道路提升改造",
        C,
        "XB",
        -160,
        120,
        4800,
        (("管线迁改", -14, 5, 35), ("路面改造", 35, None, 75), ("交工验收", 110, None, 98)),
        lag=1,
        quantities=(("道路长度", "米", 2300),),
        lead=4,
    ),
    # ── 赛精准服务: 2023年五项民生实事 (public) ─────────────────────────────────────────────
    ProjectSpec(
        "MS-XDSQ",
        "打造现代社区示范标杆",
        L,
        "XH",
        -320,
        90,
        5200,
        (
            ("国叶健康居家医养站揭牌", -250, 0, 30),
            ("省级未来社区验收", -220, -2, 50),
            ("“一老一小”场景全面运营", 30, None, 85),
        ),
        lag=2,
        public=True,
        tags=("livelihood-2023",),
        location="湘湖社区怡乐中心",
        description="以湘湖未来社区为样板，聚合党群服务中心、食堂、童乐中心、智慧健康站等“一老一小”场景。",
        note="省级验收反馈意见已整改。",
        lead=2,
    ),
    ProjectSpec(
        "MS-XFSS",
        "老旧小区消防设施和救援力量全覆盖",
        L,
        "ZLB",
        -200,
        100,
        1800,
        (
            ("消防设施排查", -150, 0, 20),
            ("微型消防站建设", 4, None, 60),
            ("全覆盖验收", 95, None, 98),
        ),
        lag=5,
        public=True,
        tags=("livelihood-2023",),
        location="城厢街道各老旧小区",
        description="老旧小区消防设施补齐，每个小区配备微型消防站和救援力量。",
        quantities=(("微型消防站", "个", 36),),
        lead=3,
    ),
    ProjectSpec(
        "MS-DHNH",
        "杜湖内河改造提升项目",
        L,
        "DH",
        -260,
        110,
        6500,
        (
            ("清淤完成", -100, 3, 35),
            ("驳岸改造完成", -9, None, 65),
            ("滨水步道开放", 100, None, 96),
        ),
        lag=11,
        public=True,
        tags=("livelihood-2023",),
        location="杜湖内河沿线",
        description="杜湖内河清淤、驳岸改造和滨水步道建设。",
        issues="驳岸施工遇地下管线，待自来水公司迁改。",
        lead=4,
    ),
    ProjectSpec(
        "MS-YCXY",
        "育才西苑综合改造工程",
        L,
        "YC",
        -190,
        130,
        4300,
        (
            ("方案征求意见", -160, 0, 10),
            ("雨污分流完成", -30, -4, 50),
            ("立面整治完成", 60, None, 85),
        ),
        lag=1,
        public=True,
        tags=("livelihood-2023", "old-community-renovation"),
        location="育才西苑小区",
        description="育才西苑雨污分流、立面整治、停车和绿化提升。",
        quantities=(("改造面积", "平方米", 12000),),
        lead=5,
    ),
    ProjectSpec(
        "MS-ECGS",
        "高层住宅二次供水设施改造项目",
        L,
        "MSB",
        -170,
        140,
        2600,
        (("设施排查", -140, 0, 15), ("首批泵房改造", 30, None, 55)),
        lag=16,
        public=True,
        tags=("livelihood-2023",),
        location="城厢街道高层住宅小区",
        description="高层住宅二次供水泵房和管网改造，保障居民用水安全。",
        quantities=(("改造泵房", "座", 24),),
        lead=0,
    ),
    # ── 赛平安实绩 / 赛优良作风 ──────────────────────────────────────────────────────────
    ProjectSpec(
        "XM-DYWH",
        "“大业委会、大物业”管理机制试点",
        G,
        "ZLB",
        -150,
        200,
        300,
        (("试点小区确定", -120, 0, 20), ("联合议事机制运行", 40, None, 60)),
        lag=4,
        lead=3,
    ),
    ProjectSpec(
        "XM-JCLL",
        "社区监察联络站规范化建设",
        P,
        "JJS",
        -100,
        150,
        150,
        (("制度上墙", -60, 0, 30), ("全覆盖运行评估", 100, None, 90)),
        lag=0,
        lead=1,
    ),
)


@dataclass(frozen=True)
class ActionSpec:
    code: str
    name: str
    unit: str
    description: str
    tasks: tuple[tuple[str, tuple[str, ...]], ...]  # (task, owner unit suffixes)
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


_COMMUNITY_SUFFIXES = ("XH", "HTC", "CH", "DX", "NM", "YC", "XXL", "DH", "TH", "XB", "HM", "YH")


def _pairs(names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each task owned by two communities, so that every community owns two of twelve."""
    n = len(_COMMUNITY_SUFFIXES)
    return tuple(
        (name, (_COMMUNITY_SUFFIXES[i % n], _COMMUNITY_SUFFIXES[(i + 5) % n]))
        for i, name in enumerate(names)
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "work-style-six",
        "六大作风建设专项行动",
        "DZB",
        "从思想大解放、实绩大比拼、效能大提升三个维度部署（行动名称为演示而设）。",
        (
            ("思想大解放·理论学习提升行动", ("DJB",)),
            ("实绩大比拼·重点项目攻坚行动", ("JFB", "CJB")),
            ("效能大提升·审批服务提速行动", ("MSB",)),
            ("服务基层大走访行动", ("DZB", "ZLB")),
            ("清廉城厢建设行动", ("JJS",)),
            ("青年干部“青城学院”成长行动", ("DJB",)),
        ),
    ),
    ActionSpec(
        "safe-asian-games",
        "“平安亚运”十二大专项行动",
        "ZLB",
        "加强亚运安全保障，纵深推进除险保安（十二项行动名称为演示而设）。",
        _pairs(
            (
                "消防安全隐患整治",
                "道路交通安全整治",
                "燃气安全排查",
                "建筑施工安全整治",
                "食品安全保障",
                "矛盾纠纷排查化解",
                "出租房屋安全整治",
                "电动自行车安全整治",
                "社会治安防控",
                "网络安全保障",
                "防汛防台准备",
                "重点场所安保",
            )
        ),
    ),
    ActionSpec(
        "environment-rectification",
        "环境整治攻坚行动",
        "CJB",
        "结合亚运办赛要求，重点做好亚运场馆、亚运酒店、亚运保障医院及通勤道路两侧环境整治。",
        (
            ("通勤道路两侧环境整治", ("XH", "CH", "XB", "TH")),
            ("背街小巷及失管道路整治", ("YC", "DH", "NM", "HM")),
        ),
    ),
    ActionSpec(
        "five-breaks-five-raises",
        "社区组织换届“回头看”暨“五破五提”专项行动",
        "DJB",
        "在刀刃向内中“刮骨疗毒”，发现的问题转为整改事项。",
        (
            ("换届“回头看”自查", _COMMUNITY_SUFFIXES[:6]),
            ("“五破五提”问题整改销号", _COMMUNITY_SUFFIXES[6:]),
        ),
    ),
)

# Deadlines of successive tasks, in days from today, and when each was done (days late;
# None: not done). Cycled through the tasks so that every colour appears.
TASK_PATTERN: tuple[tuple[int, int | None], ...] = (
    (-40, 0),
    (-25, 4),
    (-10, None),
    (3, None),
    (20, None),
    (-60, -5),
    (7, None),
    (-3, None),
    (45, None),
    (-15, -1),
    (1, None),
    (-30, 0),
    (14, None),
)
