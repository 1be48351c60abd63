#!/usr/bin/env python3
"""Generates examples/data/sample_cases.jsonl: about 3,000 synthetic complaint case files.

Each line is one case file as `tousu::Case::from_json` reads it:

    {"schema_version":1,"complaint":{...},"events":[...]}

The cases are fictional but follow the procedures the library models (REQUIREMENTS.md R1-R30):
a brokerage with nine branches (营业部) and a head-office brokerage management department
(总部经纪业务管理部); complaints and feedback received from 2023-01 to 2024-12 through every
channel; registration, acknowledgement within a working day, a same-day or three-day answer
time, assignment to the operations supervisor, escalation of major and compensation matters to
the branch general manager, management meetings for matters of principle and serious
incidents, liaison forms, investigation reports, extensions, decisions, progress updates,
result feedback, report-back to the forwarding regulator, close-out records, callback visits
one to two months later, archive into the close year's volume, reopenings, disputes and
withdrawals. The data set stands "as of" 2024-12-31: events after that are not recorded, so
the cases received late (and a share of long-running ones) are still open.

The output is a pure function of the seed: Python 3.11 standard library only, one
`random.Random(20241)`, no clock, no set or hash ordering. Run it again and the file is
byte-identical.

    python3 examples/data/generate_sample.py [--output PATH] [--cases N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
from datetime import date, datetime, time, timedelta, timezone

SEED = 20241
DEFAULT_CASES = 3000
TZ = timezone(timedelta(hours=8))
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2024, 12, 31)
AS_OF = datetime(2024, 12, 31, 23, 59, 59, tzinfo=TZ)

# --------------------------------------------------------------------------------------------
# Working days (工作日): Monday to Friday, minus the State Council's public holidays, plus the
# make-up working weekend days (调休) of 2023 and 2024.
# --------------------------------------------------------------------------------------------


def _span(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


HOLIDAYS = frozenset(
    [date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2)]
    + _span(date(2023, 1, 21), date(2023, 1, 27))
    + [date(2023, 4, 5)]
    + _span(date(2023, 4, 29), date(2023, 5, 3))
    + _span(date(2023, 6, 22), date(2023, 6, 24))
    + _span(date(2023, 9, 29), date(2023, 10, 6))
    + _span(date(2023, 12, 30), date(2024, 1, 1))
    + _span(date(2024, 2, 10), date(2024, 2, 17))
    + _span(date(2024, 4, 4), date(2024, 4, 6))
    + _span(date(2024, 5, 1), date(2024, 5, 5))
    + [date(2024, 6, 10)]
    + _span(date(2024, 9, 15), date(2024, 9, 17))
    + _span(date(2024, 10, 1), date(2024, 10, 7))
    + [date(2025, 1, 1)]
    + _span(date(2025, 1, 28), date(2025, 2, 4))
)
MAKEUP_WORKDAYS = frozenset(
    [
        date(2023, 1, 28), date(2023, 1, 29), date(2023, 4, 23), date(2023, 5, 6),
        date(2023, 6, 25), date(2023, 10, 7), date(2023, 10, 8),
        date(2024, 2, 4), date(2024, 2, 18), date(2024, 4, 7), date(2024, 4, 28),
        date(2024, 5, 11), date(2024, 9, 14), date(2024, 9, 29), date(2024, 10, 12),
        date(2025, 1, 26), date(2025, 2, 8),
    ]
)  # fmt: skip


def is_workday(d: date) -> bool:
    if d in MAKEUP_WORKDAYS:
        return True
    if d in HOLIDAYS:
        return False
    return d.weekday() < 5


def next_workday(d: date) -> date:
    d += timedelta(days=1)
    while not is_workday(d):
        d += timedelta(days=1)
    return d


def add_workdays(d: date, n: int) -> date:
    for _ in range(n):
        d = next_workday(d)
    return d


WORK_START = 9 * 60  # minutes after midnight
WORK_END = 17 * 60 + 30


def at(d: date, minute: int, second: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, minute // 60, minute % 60, second, tzinfo=TZ)


def minute_of(t: datetime) -> int:
    return t.hour * 60 + t.minute


def in_work(t: datetime) -> bool:
    return is_workday(t.date()) and WORK_START <= minute_of(t) < WORK_END


def ts(t: datetime) -> str:
    return t.isoformat()


# --------------------------------------------------------------------------------------------
# The firm: branches, staff, departments, regulators.
# --------------------------------------------------------------------------------------------

# code, name, city, regulator bureau, exchange, weight, resident-ID region codes, address stem
BRANCHES = [
    ("SZFT", "深圳福田营业部", "深圳", "中国证监会深圳监管局", "深圳证券交易所", 14,
     ["440304", "440303", "440305", "440306"], "深圳市福田区深南大道"),
    ("SZNS", "深圳南山科技园营业部", "深圳", "中国证监会深圳监管局", "深圳证券交易所", 9,
     ["440305", "440306", "440307"], "深圳市南山区科技园科苑路"),
    ("SHLJZ", "上海陆家嘴营业部", "上海", "中国证监会上海监管局", "上海证券交易所", 14,
     ["310115", "310104", "310101"], "上海市浦东新区陆家嘴环路"),
    ("SHXJH", "上海徐家汇营业部", "上海", "中国证监会上海监管局", "上海证券交易所", 9,
     ["310104", "310105", "310112"], "上海市徐汇区漕溪北路"),
    ("BJJRJ", "北京金融街营业部", "北京", "中国证监会北京监管局", "北京证券交易所", 12,
     ["110102", "110105", "110108"], "北京市西城区金融大街"),
    ("GZTH", "广州天河营业部", "广州", "中国证监会广东监管局", "深圳证券交易所", 11,
     ["440106", "440104", "440111"], "广州市天河区珠江新城花城大道"),
    ("HZQC", "杭州庆春路营业部", "杭州", "中国证监会浙江监管局", "上海证券交易所", 8,
     ["330106", "330102", "330105"], "杭州市上城区庆春路"),
    ("CDTF", "成都天府大道营业部", "成都", "中国证监会四川监管局", "深圳证券交易所", 7,
     ["510107", "510104", "510116"], "成都市高新区天府大道北段"),
    ("WHZN", "武汉中南路营业部", "武汉", "中国证监会湖北监管局", "上海证券交易所", 6,
     ["420106", "420102", "420111"], "武汉市武昌区中南路"),
]  # fmt: skip
HQ = ("HQJJ", "总部经纪业务管理部", "深圳", "中国证监会深圳监管局", "深圳证券交易所", 10,
      ["440304", "440305"], "深圳市福田区中心三路")  # fmt: skip

OTHER_REGIONS = ["430102", "410105", "370102", "350102", "360102", "450103", "500103",
                 "610113", "120101", "210102", "230102", "340104", "130102", "620102"]  # fmt: skip

# Head-office people (R13): general manager, marketing director, operations director.
GENERAL_MANAGER = "ZB0001"
MARKETING_DIRECTOR = "ZB0002"
OPERATIONS_DIRECTOR = "ZB0003"
HQ_HEAD = "HQJJ001"
HQ_SUPERVISORS = ["HQJJ002", "HQJJ003"]
HQ_RECEIVERS = [f"HQJJ{n:03d}" for n in range(11, 17)]

# Departments that answer liaison forms (R11), with the staff id that answers for them.
DEPARTMENTS = [
    ("运营部", None),  # the branch's own; staff id derived from the branch code
    ("财富管理部", None),
    ("信息技术部", "HQIT011"),
    ("合规法律部", "HQHG011"),
    ("融资融券部", "HQRZ011"),
    ("清算托管部", "HQQS011"),
    ("财务部", "HQCW011"),
    ("客户服务中心", "HQKF011"),
    ("营销管理部", "HQYX011"),
    ("产品销售部", "HQCP011"),
]
DEPT_BRANCH_STAFF = {"运营部": "051", "财富管理部": "061"}


def dept_staff(branch_code: str, dept: str) -> str:
    for name, staff in DEPARTMENTS:
        if name == dept:
            if staff is None:
                code = branch_code if branch_code != "HQJJ" else "SZFT"
                return f"{code}{DEPT_BRANCH_STAFF[dept]}"
            return staff
    raise KeyError(dept)


class Office:
    """A branch or the head-office department and its people."""

    def __init__(self, spec):
        (self.code, self.name, self.city, self.regulator, self.exchange, self.weight,
         self.regions, self.address) = spec  # fmt: skip
        c = self.code
        self.is_hq = c == "HQJJ"
        if self.is_hq:
            self.gm = HQ_HEAD
            self.supervisors = HQ_SUPERVISORS
            self.receivers = HQ_RECEIVERS
            self.staff = [f"HQJJ{n:03d}" for n in range(21, 31)]
        else:
            self.gm = f"{c}001"  # 营业部总经理
            self.supervisors = [f"{c}002", f"{c}003"]  # 运营主管
            self.receivers = [f"{c}{n:03d}" for n in range(11, 15)]  # 业务咨询岗、柜台
            self.staff = [f"{c}{n:03d}" for n in range(21, 46)]  # 客户经理、投资顾问


OFFICES = [Office(b) for b in BRANCHES]
HQ_OFFICE = Office(HQ)

# --------------------------------------------------------------------------------------------
# People.
# --------------------------------------------------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")  # fmt: skip
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "慕容"]
MALE_CHARS = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国志文博斌海洋晨阳成荣新立"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲桂英红梅琳燕萍雪慧倩婷颖洁佳悦欣怡雯琪璐晶岚蓉馨薇丹瑶"
COMPANY_STEMS = ["鼎盛", "华信", "恒泰", "宏远", "金汇", "瑞丰", "中联", "天元", "博睿", "嘉禾", "誉成", "海纳"]
COMPANY_KINDS = ["投资有限公司", "资产管理有限公司", "实业有限公司", "科技有限公司", "贸易有限公司"]
STREET_TAIL = ["号", "号A座", "号B栋", "号国际大厦", "号金融中心"]

RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
RESIDENT_CHECK = "10X98765432"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(region: str, birth: date, seq: int) -> str:
    """An 18-character resident ID number with its GB 11643-1999 check character."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    total = sum(int(ch) * w for ch, w in zip(body, RESIDENT_WEIGHTS))
    return body + RESIDENT_CHECK[total % 11]


def social_credit_code(region: str, org_digits: str) -> str:
    """A unified social credit code (GB 32100-2015) with a GB 11714 organization code inside."""
    org_sum = sum(int(ch) * w for ch, w in zip(org_digits, ORG_WEIGHTS))
    c = 11 - org_sum % 11
    org = org_digits + ("X" if c == 10 else "0" if c == 11 else str(c))
    body = "91" + region + org
    total = sum(CREDIT_ALPHABET.index(ch) * w for ch, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "158", "159", "166", "176", "177", "180", "182", "185", "186", "187",
                   "188", "189", "191", "198", "199"]  # fmt: skip
AREA_CODES = {"深圳": "0755", "上海": "021", "北京": "010", "广州": "020", "杭州": "0571", "成都": "028", "武汉": "027"}
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "139.com", "foxmail.com", "outlook.com"]
PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
          "ma", "zhu", "hu", "guo", "lin", "luo", "zheng", "xie", "tang", "han", "feng", "deng"]  # fmt: skip


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def person_name(rng: random.Random, male: bool) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.015 else rng.choice(SURNAMES)
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.72 else "")
    return surname + given


def make_complainant(rng: random.Random, office: Office, channel: str, received: date):
    """Returns (complainant dict, age or None, institutional?)."""
    r = rng.random()
    institutional = r < 0.025
    contact: dict = {}
    city = office.city
    if institutional:
        name = city + rng.choice(COMPANY_STEMS) + rng.choice(COMPANY_KINDS)
        region = rng.choice(office.regions)
        doc = {"kind": "unified_social_credit_code",
               "number": social_credit_code(region, f"{rng.randrange(10**8):08d}")}  # fmt: skip
        contact["phone"] = f"{AREA_CODES[city]}-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}"
        if rng.random() < 0.5:
            contact["fax"] = f"{AREA_CODES[city]}-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}"
        contact["address"] = f"{office.address}{rng.randrange(1, 3000)}{rng.choice(STREET_TAIL)}"
        if rng.random() < 0.6:
            contact["email"] = f"{rng.choice(PINYIN)}{rng.randrange(100, 999)}@{rng.choice(PINYIN)}invest.com.cn"
        account = f"B88{rng.randrange(10**7):07d}" if rng.random() < 0.5 else f"08{rng.randrange(10**8):08d}"
        complainant = {"name": name, "contact": contact, "id_document": doc, "securities_account": account}
        return complainant, None, True
    male = rng.random() < 0.56
    name = person_name(rng, male)
    # Age: investors skew middle-aged, with a real elderly tail.
    age = min(88, max(19, int(rng.triangular(19, 86, 48))))
    birth_year = received.year - age
    birth = date(birth_year, rng.randint(1, 12), 1) + timedelta(days=rng.randrange(28))
    if (received.month, received.day) < (birth.month, birth.day):
        age -= 1
    complainant: dict = {"name": name}
    if channel == "letter" or rng.random() < 0.93:
        if rng.random() < 0.04:
            contact["phone"] = f"+86 {mobile(rng)}"
        else:
            contact["phone"] = mobile(rng)
    if channel == "email" or rng.random() < 0.12:
        if rng.random() < 0.6:
            contact["email"] = f"{rng.randrange(10**5, 10**10)}@qq.com"
        else:
            contact["email"] = f"{rng.choice(PINYIN)}{rng.choice(PINYIN)}{rng.randrange(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"
    if channel == "letter" or rng.random() < 0.05:
        contact["address"] = f"{office.address}{rng.randrange(1, 3000)}{rng.choice(STREET_TAIL)}{rng.randrange(1, 30)}{rng.randrange(1, 20):02d}室"
    if not contact:
        contact["phone"] = mobile(rng)
    complainant["contact"] = {k: contact[k] for k in ("phone", "fax", "address", "email") if k in contact}
    d = rng.random()
    if d < 0.86:
        region = rng.choice(office.regions) if rng.random() < 0.7 else rng.choice(OTHER_REGIONS)
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        complainant["id_document"] = {"kind": "resident_id_card", "number": resident_id(region, birth, seq)}
    elif d < 0.89:
        complainant["id_document"] = {"kind": "passport", "number": f"E{rng.randrange(10**8):08d}"}
    elif d < 0.915:
        letter = "H" if rng.random() < 0.8 else "M"
        complainant["id_document"] = {"kind": "hong_kong_macao_permit", "number": f"{letter}{rng.randrange(10**8):08d}"}
    elif d < 0.925:
        complainant["id_document"] = {"kind": "taiwan_permit", "number": f"{rng.randrange(10**8):08d}"}
    if rng.random() < 0.82:
        if rng.random() < 0.5:
            complainant["securities_account"] = f"A{rng.randrange(10**9):09d}"
        else:
            complainant["securities_account"] = f"0{rng.randrange(10**9):09d}"
    return complainant, age, False


# --------------------------------------------------------------------------------------------
# What people complain about: the category taxonomy (R8) and scenarios with their answers.
# --------------------------------------------------------------------------------------------

STOCKS = ["贵州茅台(600519)", "中国平安(601318)", "招商银行(600036)", "宁德时代(300750)", "比亚迪(002594)",
          "五粮液(000858)", "隆基绿能(601012)", "东方财富(300059)", "中信证券(600030)", "万科A(000002)",
          "美的集团(000333)", "格力电器(000651)", "紫金矿业(601899)", "中芯国际(688981)", "海康威视(002415)",
          "长江电力(600900)", "工商银行(601398)", "科大讯飞(002230)", "京东方A(000725)", "中国中免(601888)",
          "寒武纪(688256)", "赛力斯(601127)", "工业富联(601138)", "中际旭创(300308)"]  # fmt: skip
PRODUCTS = ["稳健增利1号集合资产管理计划", "沪深300指数增强基金", "中证500ETF联接基金", "新能源主题混合型基金",
            "本金保障型收益凭证第88期", "固收+债券型基金", "科创板主题混合基金", "量化对冲1号私募基金",
            "消费升级灵活配置基金", "医药健康精选股票基金"]  # fmt: skip

# Each scenario: matter, facts, demands, places, evidence, source checked, cause if the firm was
# at fault, cause if not, result if at fault, result if not, preventive measures, department,
# liaison departments.
S = dict


CATEGORIES = [
    ("trading.execution", 9, (70, 8, 16, 3, 3), [
        S(m="委托买入{stock}未成交", f="客户{date}开盘前通过{app}以涨停价委托买入{stock}{qty}股，当日该股多次打开涨停，委托始终未成交，客户质疑委托未及时报送交易所。",
          d=["查明委托未成交原因并书面说明", "说明委托报送时间并提供交易所回报记录"], p=["手机APP", "网上交易客户端"],
          ev=["委托流水截图", "成交回报单"], src="交易所委托及成交回报记录",
          cf="委托报盘通道当日开盘拥堵，委托延迟约40秒报送交易所", cn="委托于集合竞价阶段正常报送，因排队靠后未能成交",
          rf="确认报送延迟，向客户致歉并按差价给予补偿", rn="向客户出示交易所回报记录并解释涨停排队规则",
          pm=["扩容报盘通道并增加开盘时段监控", "在委托页面增加涨停排队提示"], dept="信息技术部", lx=["信息技术部", "运营部"]),
        S(m="撤单未成功导致成交", f="客户{date}上午提交撤单指令，系统显示撤单已受理，但委托随后全部成交，客户认为撤单处理延迟造成损失约{amount}元。",
          d=["赔偿撤单失败造成的损失", "说明撤单处理流程"], p=["手机APP", "网上交易客户端", "电话委托"],
          ev=["撤单记录截图", "成交回报单"], src="系统日志及交易所撤单回报",
          cf="撤单指令在柜台系统排队超时，未在成交前送达交易所", cn="撤单指令送达前委托已在交易所撮合成交",
          rf="按撤单受理时点价格差额补偿客户损失", rn="出示交易所成交时间戳，说明成交先于撤单到达",
          pm=["优化撤单指令优先级", "对柜台系统进行撤单压力测试"], dept="信息技术部", lx=["信息技术部"]),
        S(m="市价委托成交价格异常", f="客户{date}以市价委托卖出{stock}{qty}股，成交均价明显低于同期行情显示价格，客户认为成交价格不合理。",
          d=["解释成交价格并退还差价", "核查成交是否公允"], p=["手机APP", "网上交易客户端"],
          ev=["成交回报单", "行情截图"], src="交易所逐笔成交数据",
          cf="APP市价委托默认类型设置不当，未提示剩余撤销风险", cn="成交价格与交易所逐笔成交一致，系市价委托吃单所致",
          rf="调整默认委托类型并对客户差价损失给予适当补偿", rn="向客户解释市价委托规则并提供逐笔成交明细",
          pm=["市价委托增加二次确认提示"], dept="运营部", lx=["信息技术部"]),
    ]),
    ("disclosure.information", 4, (72, 10, 12, 4, 2), [
        S(m="产品净值大幅下跌未告知", f="客户持有的{product}在{date}前后净值下跌超过15%，管理人及营业部均未及时通知，客户通过APP自行发现。",
          d=["提供产品定期报告并说明信息披露情况", "要求赎回并补偿损失"], p=["手机APP", "营业部"],
          ev=["产品净值截图", "产品合同"], src="产品信息披露记录及客户通知记录",
          cf="营业部未按约定向持有人推送净值预警通知", cn="管理人已按合同约定在官网及APP披露净值及临时公告",
          rf="补发定期报告并就通知缺失向客户致歉", rn="向客户提供披露记录并解释产品风险及净值波动原因",
          pm=["建立产品净值预警短信推送机制"], dept="财富管理部", lx=["财富管理部", "产品销售部"]),
        S(m="可转债强赎公告未提醒", f="客户持有的可转债发布强制赎回公告后，公司未通过短信或APP提醒，客户错过转股期限，按赎回价被强赎损失约{amount}元。",
          d=["补偿强赎损失", "说明公司提醒机制"], p=["手机APP"],
          ev=["持仓截图", "交割单"], src="强赎提醒推送记录",
          cf="强赎提醒短信因客户手机号变更未送达且APP推送未覆盖", cn="公司已于公告后三次发送短信并在APP首页提示",
          rf="按转股价值与赎回价差额的一定比例给予补偿", rn="出示短信送达记录，向客户解释强赎规则",
          pm=["强赎提醒增加电话外呼"], dept="运营部", lx=["客户服务中心"]),
    ]),
    ("trading.information_leak", 1.5, (30, 25, 5, 30, 10), [
        S(m="怀疑交易信息被泄露", f="客户称{date}大额买入{stock}后即接到陌生人推荐电话，对方准确说出其持仓及成交价格，怀疑营业部员工泄露交易信息。",
          d=["彻查信息泄露来源并追究相关人员责任", "书面说明核查结果"], p=["营业部", "电话"],
          ev=["来电记录截图", "通话录音"], src="员工系统查询日志及通话记录",
          cf="一名员工违规查询并向第三方透露客户持仓信息", cn="查询日志未发现员工违规查询记录，来电系第三方诈骗",
          rf="对涉事员工严肃处理并向监管报告，向客户致歉", rn="向客户说明核查结果并提示防范电信诈骗",
          pm=["收紧客户信息查询权限并按月审计日志"], dept="合规法律部", lx=["合规法律部", "信息技术部"]),
    ]),
    ("fees.commission", 10, (82, 6, 10, 1, 1), [
        S(m="佣金收取高于约定费率", f="客户开户时约定佣金费率为万分之{rate_lo}，但{month}对账单显示实际按万分之{rate_hi}收取，多收佣金约{amount}元。",
          d=["退还多收佣金并按约定费率执行", "说明费率设置错误原因"], p=["营业部", "手机APP"],
          ev=["对账单", "开户协议"], src="佣金设置记录及开户协议",
          cf="开户时佣金模板选择错误，未按约定费率设置", cn="客户约定费率为促销期费率，到期后按协议恢复标准费率",
          rf="按约定费率重新核算并退还多收佣金", rn="向客户出示协议条款并说明促销期届满规则",
          pm=["佣金变更实行双人复核", "促销费率到期前短信提醒"], dept="运营部", lx=["清算托管部"]),
        S(m="佣金调整申请未办理", f="客户{date}在营业部提交佣金调整申请，客户经理承诺三个工作日内生效，至今仍按原费率收取。",
          d=["尽快办理佣金调整并退还差额"], p=["营业部"],
          ev=["佣金调整申请表"], src="佣金调整审批流程记录",
          cf="申请在审批流程中遗漏，未提交总部审批", cn="申请已于次日生效，客户所见为生效前成交的费用",
          rf="当日完成调整并退还申请后多收的佣金", rn="向客户说明生效时间并提供生效后交割单",
          pm=["佣金调整申请纳入系统流程跟踪"], dept="运营部", lx=["清算托管部"]),
        S(m="规费及过户费收取有疑问", f="客户对{month}交割单中过户费、经手费等规费金额有疑问，认为与公示标准不一致。",
          d=["逐项解释收费构成"], p=["手机APP", "营业部"],
          ev=["交割单"], src="清算收费明细",
          cf="系统规费参数未随交易所调整及时更新", cn="各项费用均按交易所及登记公司公示标准收取",
          rf="更正参数并退还多收费用", rn="向客户逐项说明费用构成及收费依据",
          pm=["规费参数变更纳入上线检查清单"], dept="清算托管部", lx=["清算托管部"]),
    ]),
    ("funds.account", 8, (78, 8, 10, 2, 2), [
        S(m="银证转账资金未到账", f="客户{date}下午通过手机APP发起银行转证券{amount}元，银行已扣款但证券账户至收市仍未到账，影响当日买入计划。",
          d=["查明资金去向并尽快到账", "补偿当日资金占用损失"], p=["手机APP"],
          ev=["银行扣款短信截图", "转账流水"], src="银证转账流水及存管银行对账记录",
          cf="存管银行接口异常导致转账回报丢失", cn="转账发起时已过银行当日清算时点，资金于次日到账",
          rf="协调存管银行完成入账并补偿资金占用利息", rn="资金已于次日到账，向客户说明转账时间规则",
          pm=["对银证转账异常设置实时告警"], dept="清算托管部", lx=["清算托管部", "信息技术部"]),
        S(m="账户被限制交易未告知", f="客户{date}登录交易系统时提示账户受限无法交易，营业部事先未告知任何原因。",
          d=["解除账户限制并说明原因"], p=["手机APP", "网上交易客户端"],
          ev=["系统提示截图"], src="账户状态变更记录",
          cf="营业部误将客户纳入不合格账户批量限制名单", cn="客户身份证件已过期，按反洗钱规定限制交易",
          rf="当日解除限制并向客户致歉", rn="协助客户更新证件后解除限制",
          pm=["账户限制前增加短信及电话告知"], dept="运营部", lx=["合规法律部"]),
    ]),
    ("marketing.advertising", 5, (70, 10, 14, 5, 1), [
        S(m="营销人员夸大收益宣传", f="客户经理{date}推介{product}时称“保本保收益、年化不低于8%”，客户购买后产品亏损约{amount}元。",
          d=["退还本金及利息", "追究营销人员责任"], p=["营业部", "客户家中", "电话"],
          ev=["微信聊天记录截图", "宣传材料"], src="销售录音录像及宣传材料",
          cf="客户经理使用未经合规审核的宣传材料并作出收益承诺", cn="销售过程录音录像显示已充分揭示风险，未作收益承诺",
          rf="对客户损失给予部分补偿，对客户经理通报批评", rn="向客户出示双录资料并解释产品风险",
          pm=["营销材料一律经合规审核后使用", "开展营销行为规范培训"], dept="合规法律部", lx=["合规法律部", "营销管理部"]),
        S(m="营销电话频繁骚扰", f="客户多次明确拒绝后，{date}前后一周内仍接到营业部人员营销电话五次以上。",
          d=["停止营销来电并道歉"], p=["电话"],
          ev=["来电记录截图"], src="外呼系统记录",
          cf="客户拒绝营销的标记未同步至外呼系统", cn="来电系他人冒用公司名义，非营业部外呼",
          rf="将客户列入免打扰名单并致歉", rn="向客户说明核查结果并提示谨防冒名",
          pm=["外呼名单与免打扰标记实时同步"], dept="营销管理部", lx=["营销管理部"]),
    ]),
    ("service.attitude", 11, (90, 6, 1, 2, 1), [
        S(m="柜台人员服务态度差", f="客户{date}到营业部办理业务，柜台人员态度冷淡、言语不耐烦，并拒绝解释业务规则。",
          d=["要求当事人道歉并改进服务", "加强员工服务培训"], p=["营业部柜台", "营业部大厅"],
          ev=["营业部监控录像"], src="营业部监控录像及当班记录",
          cf="当班员工服务用语不规范，解释不耐心", cn="员工已按规范解释，客户要求超出业务规则范围",
          rf="当事人向客户当面致歉，营业部对其进行服务培训", rn="向客户再次解释业务规则并感谢客户监督",
          pm=["开展服务礼仪培训", "将服务评价纳入柜员考核"], dept="运营部", lx=[]),
        S(m="营业部电话长时间无人接听", f="客户{date}多次拨打营业部电话，均长时间无人接听，无法咨询交易问题。",
          d=["改进热线接听并给予答复"], p=["电话"],
          ev=["通话记录截图"], src="电话系统接听记录",
          cf="当日咨询量激增且值守人员不足", cn="客户来电时段为非营业时间，已转接语音留言",
          rf="增加值守人员并回电解答客户问题", rn="回电解答客户问题并告知营业时间",
          pm=["高峰时段增加坐席并开通回拨"], dept="客户服务中心", lx=["客户服务中心"]),
        S(m="客户经理联系不上", f="客户{date}起多次联系其客户经理咨询账户问题，均未获回复，客户认为服务缺失。",
          d=["更换客户经理", "给予明确答复"], p=["电话", "手机APP"],
          ev=["通话记录截图"], src="客户经理服务记录",
          cf="原客户经理已离职，客户未及时分配新客户经理", cn="客户经理休假期间已安排他人代为服务",
          rf="重新分配客户经理并上门致歉", rn="向客户说明代岗安排并提供联系方式",
          pm=["员工离职时同步完成客户交接"], dept="财富管理部", lx=[]),
    ]),
    ("system.failure", 8, (66, 12, 12, 2, 8), [
        S(m="交易系统开盘无法登录", f="{date}开盘后约二十分钟内，客户{app}无法登录交易系统，无法卖出{stock}，错失卖出时机，估算损失{amount}元。",
          d=["说明故障原因并赔偿损失", "提供故障期间的备用交易渠道"], p=["手机APP", "网上交易客户端"],
          ev=["登录失败截图", "行情截图"], src="交易系统运行日志",
          cf="开盘时段登录并发量超出系统容量，认证服务响应超时", cn="公司系统运行正常，客户端版本过旧导致登录失败",
          rf="公布故障说明，对可证实损失给予补偿", rn="协助客户升级客户端并说明备用交易渠道",
          pm=["扩容认证服务并开展高并发演练", "故障时及时推送备用渠道指引"], dept="信息技术部", lx=["信息技术部"]),
        S(m="行情显示延迟", f="客户称{date}盘中{app}行情刷新延迟约数分钟，导致其按错误价格下单。",
          d=["核查系统问题并给予合理补偿"], p=["手机APP"],
          ev=["行情截图", "成交回报单"], src="行情服务器日志",
          cf="行情服务器负载过高，推送延迟约3分钟", cn="行情服务正常，延迟系客户网络环境所致",
          rf="对延迟期间成交的差价损失给予补偿", rn="说明核查结果并建议客户使用有线网络或更新APP",
          pm=["行情服务增加负载监控及自动切换"], dept="信息技术部", lx=["信息技术部"]),
    ]),
    ("suitability.mis_selling", 5, (55, 12, 25, 6, 2), [
        S(m="风险等级不匹配仍销售高风险产品", f="客户风险测评为保守型(C1)，客户经理{date}仍向其销售R4级{product}，未充分揭示风险，现亏损约{amount}元。",
          d=["确认销售违规并赔偿亏损", "退还认购费"], p=["营业部", "营业部VIP室"],
          ev=["风险测评问卷", "产品认购确认书"], src="适当性匹配记录及双录资料",
          cf="销售时未进行适当性匹配，风险警示书签署不规范", cn="客户在销售前已重新测评为积极型(C4)，匹配程序完整",
          rf="按比例赔偿客户亏损并对相关人员追责", rn="向客户出示测评及双录资料，说明匹配结果",
          pm=["系统强制拦截风险不匹配的销售", "开展适当性管理专项检查"], dept="合规法律部", lx=["合规法律部", "产品销售部"]),
        S(m="工作人员代填风险测评", f="客户称开户时风险测评问卷由工作人员代为填写，测评结果与其实际风险承受能力不符。",
          d=["重新测评并核查相关人员行为"], p=["营业部柜台"],
          ev=["风险测评问卷"], src="开户录像及测评问卷",
          cf="开户录像显示员工代客户勾选测评选项", cn="开户录像显示客户本人填写问卷",
          rf="为客户重新测评并对员工进行处分", rn="为客户重新测评并出示开户录像",
          pm=["风险测评须客户本人在线完成"], dept="运营部", lx=["合规法律部"]),
    ]),
    ("staff.misconduct", 3, (30, 20, 20, 22, 8), [
        S(m="员工私下代客理财", f="客户称客户经理{date}前后以“代为操作”为由索要其交易密码并频繁买卖，造成亏损约{amount}元。",
          d=["追究员工责任并赔偿损失"], p=["营业部", "客户家中"],
          ev=["微信聊天记录截图", "交割单"], src="交易IP及MAC地址记录",
          cf="交易IP地址与员工办公设备一致，员工违规代客操作", cn="交易均由客户本人设备发起，未发现员工操作痕迹",
          rf="解除涉事员工劳动合同并向监管报告，赔偿客户部分损失", rn="向客户出示交易设备记录，说明核查结论",
          pm=["加强员工执业行为监测", "开展合规警示教育"], dept="合规法律部", lx=["合规法律部", "信息技术部"]),
        S(m="员工介绍收费荐股群", f="客户经理介绍客户加入收费荐股群，客户缴纳会费{amount}元后发现推荐股票亏损严重。",
          d=["退还会费并查处相关员工"], p=["微信群"],
          ev=["微信聊天记录截图", "转账记录"], src="员工通讯及资金往来记录",
          cf="员工违规向客户推介非法荐股群并收取介绍费", cn="荐股群与员工无关，员工未参与推介",
          rf="对员工予以开除并向公安机关报案", rn="向客户说明核查结果并提示非法荐股风险",
          pm=["严禁员工推介任何第三方荐股服务"], dept="合规法律部", lx=["合规法律部"]),
    ]),
    ("account.opening", 6, (92, 4, 1, 2, 1), [
        S(m="开户审核时间过长", f="客户{date}通过APP提交开户申请，五个工作日后仍显示审核中，多次咨询未获明确答复。",
          d=["尽快完成开户"], p=["手机APP"],
          ev=["开户进度截图"], src="开户审核工单记录",
          cf="开户申请量激增，审核岗位积压未及时处理", cn="客户上传的身份证照片不清晰，已通知重新上传",
          rf="当日完成审核并向客户致歉", rn="协助客户重新上传资料并完成开户",
          pm=["高峰期增派审核人员"], dept="运营部", lx=["运营部"]),
        S(m="科创板权限开通被拒", f="客户申请开通科创板交易权限被拒，客户称其资产及交易经验已满足要求。",
          d=["说明拒绝理由并重新审核"], p=["营业部", "手机APP"],
          ev=["资产证明"], src="权限开通审核记录",
          cf="系统误将客户的资产日均值计算错误", cn="客户前20个交易日日均资产未达50万元",
          rf="更正计算结果并开通权限", rn="向客户说明准入条件及计算口径",
          pm=["权限审核结果增加明细说明"], dept="运营部", lx=[]),
    ]),
    ("account.closing", 4, (90, 5, 3, 1, 1), [
        S(m="销户手续繁琐被反复挽留", f="客户{date}申请销户，被要求多次到营业部现场办理并被反复挽留。",
          d=["尽快办理销户"], p=["营业部柜台"],
          ev=["销户申请书"], src="销户业务办理记录",
          cf="营业部要求客户重复提交材料，存在不当挽留", cn="客户账户存在未了结的融资负债，需先了结",
          rf="当日为客户办理销户并致歉", rn="协助客户了结负债后办理销户",
          pm=["规范销户流程，禁止不当挽留"], dept="运营部", lx=[]),
        S(m="转托管后资产未转出", f="客户{date}办理转托管，三个交易日后股份仍未转入新券商。",
          d=["尽快完成转托管"], p=["营业部柜台"],
          ev=["转托管申请表"], src="登记公司转托管回报",
          cf="营业部漏报转托管指令", cn="转入方券商席位号填写错误，需客户更正",
          rf="补报指令并完成转托管", rn="协助客户更正席位号后完成转托管",
          pm=["转托管指令当日复核"], dept="清算托管部", lx=["清算托管部"]),
    ]),
    ("margin.financing", 4, (55, 15, 22, 4, 4), [
        S(m="强制平仓未提前通知", f="客户融资融券账户维持担保比例{date}低于平仓线，公司次日开盘即强制平仓，客户称未收到追保通知，损失约{amount}元。",
          d=["赔偿强平损失", "提供追保通知记录"], p=["手机APP"],
          ev=["平仓交割单", "融资融券合同"], src="追保通知短信及外呼记录",
          cf="追保通知短信因号码变更未送达，营业部未进行电话通知", cn="公司已按合同约定通过短信、电话及APP多渠道通知",
          rf="按平仓价与次日均价差额给予部分补偿", rn="向客户出示通知送达记录及合同条款",
          pm=["追保通知增加电话确认"], dept="融资融券部", lx=["融资融券部"]),
        S(m="融资利息计算有误", f="客户对{month}融资利息计算存在疑问，认为按年化{rate}%计息与合同约定不符。",
          d=["重新核算利息并退还差额"], p=["手机APP", "营业部"],
          ev=["融资融券对账单", "融资融券合同"], src="融资利息计提明细",
          cf="客户利率优惠未在系统中生效", cn="利息按合同约定利率及实际占用天数计算，无误",
          rf="重新核算并退还多收利息", rn="向客户提供利息计算明细",
          pm=["利率优惠生效后短信告知客户"], dept="融资融券部", lx=["融资融券部", "清算托管部"]),
    ]),
    ("fund.sales", 5, (80, 6, 10, 3, 1), [
        S(m="基金赎回款到账延迟", f="客户{date}赎回{product}，按约定应T+3到账，实际延迟至T+7。",
          d=["说明延迟原因并补偿利息"], p=["手机APP"],
          ev=["赎回确认单"], src="基金赎回交收记录",
          cf="公司代销清算环节处理延误", cn="基金管理人因巨额赎回延期支付，已公告",
          rf="补偿延迟期间利息并致歉", rn="向客户提供管理人公告并解释巨额赎回规则",
          pm=["代销清算增加到账时效监控"], dept="产品销售部", lx=["清算托管部"]),
        S(m="基金申购费率收取有误", f="客户{date}申购{product}，APP显示费率一折，实际按原费率收取申购费。",
          d=["退还多收的申购费"], p=["手机APP"],
          ev=["申购确认单", "费率页面截图"], src="基金费率配置记录",
          cf="费率优惠活动配置遗漏该基金", cn="该基金不在费率优惠活动范围内，页面已注明",
          rf="退还多收申购费", rn="向客户说明活动规则",
          pm=["费率配置上线前双人核对"], dept="产品销售部", lx=["产品销售部"]),
    ]),
    ("advice.investment", 3, (70, 8, 16, 5, 1), [
        S(m="投资顾问建议失误未提示风险", f="客户签约投资顾问服务，顾问{date}建议满仓买入{stock}，随后股价大跌，客户认为顾问未提示风险。",
          d=["退还投顾服务费"], p=["手机APP", "电话"],
          ev=["投顾建议推送截图", "投顾服务协议"], src="投顾建议留痕记录",
          cf="投顾建议未附风险提示且仓位建议不当", cn="投顾建议已附风险提示，投资决策由客户自主作出",
          rf="退还部分服务费并对投顾进行合规培训", rn="向客户出示建议留痕记录并说明服务协议",
          pm=["投顾建议发布前合规审核"], dept="财富管理部", lx=["合规法律部"]),
        S(m="投顾服务未按约提供", f="客户缴纳年度投顾服务费{amount}元，但近两个月未收到任何投资建议。",
          d=["退还未提供服务期间的费用"], p=["手机APP"],
          ev=["投顾服务协议", "缴费凭证"], src="投顾服务推送记录",
          cf="投顾离职后服务未交接，推送中断", cn="服务推送正常，客户关闭了APP消息通知",
          rf="按比例退还服务费", rn="协助客户开启通知并补发近期建议",
          pm=["投顾服务交接纳入离职流程"], dept="财富管理部", lx=[]),
    ]),
    ("data.personal", 2.5, (50, 20, 5, 18, 7), [
        S(m="个人信息疑似泄露", f="客户{date}后频繁收到与其账户信息相关的诈骗短信，怀疑公司泄露个人信息。",
          d=["核查信息泄露并加强保护"], p=["手机"],
          ev=["短信截图"], src="客户信息访问日志",
          cf="第三方外包人员违规导出客户联系方式", cn="访问日志未见异常，短信内容未包含公司独有信息",
          rf="终止外包合作并向监管报告，向客户致歉", rn="说明核查结果并提示防范诈骗",
          pm=["客户信息导出实行审批及水印"], dept="合规法律部", lx=["信息技术部", "合规法律部"]),
        S(m="预留手机号被他人变更", f="客户发现其预留手机号于{date}被变更，本人并未申请，担心账户安全。",
          d=["恢复手机号并查明原因"], p=["营业部", "手机APP"],
          ev=["账户信息变更记录"], src="资料变更审批记录",
          cf="柜员未核实本人身份即办理变更", cn="变更系客户本人通过APP人脸识别办理",
          rf="恢复预留手机号并对柜员追责", rn="向客户出示变更记录并协助修改",
          pm=["资料变更须本人身份核验"], dept="运营部", lx=["运营部"]),
    ]),
]  # fmt: skip

FEEDBACK_CATEGORIES = [
    ("service.suggestion", 5, [
        S(m="建议延长营业部咨询时间", f="客户建议营业部在交易日延长电话咨询时间至18点，方便上班族咨询。", d=["希望采纳建议"],
          r="已将建议转客户服务中心研究，交易日咨询热线延长至17点30分"),
        S(m="建议增加老年客户专窗", f="客户反映营业部老年客户较多，建议设置专门窗口并提供老花镜等设施。", d=["希望改进适老服务"],
          r="营业部已设置适老服务窗口并配备老花镜、放大镜"),
        S(m="建议投资者教育活动进社区", f="客户建议营业部定期到社区开展防范非法证券活动的投资者教育讲座。", d=["希望营业部组织讲座"],
          r="营业部已将社区投教活动列入季度计划"),
    ]),
    ("service.praise", 3, [
        S(m="表扬柜台员工耐心服务", f="客户来电表扬营业部柜台员工{date}耐心为其办理业务并细致讲解风险。", d=["希望公司对该员工予以表扬"],
          r="已向当事员工转达客户表扬并在营业部内通报"),
        S(m="表扬客户经理及时提醒风险", f="客户致函表扬客户经理在市场大幅波动时及时提醒其控制仓位。", d=["希望公司表扬该客户经理"],
          r="已在营业部晨会通报表扬"),
    ]),
    ("system.usability", 4, [
        S(m="建议APP增加条件单功能", f="客户建议手机APP增加止盈止损条件单功能，方便盯盘不便的投资者。", d=["希望增加该功能"],
          r="建议已提交信息技术部，条件单功能已列入版本计划"),
        S(m="APP字体过小不便老年人使用", f="客户反映手机APP交易页面字体过小，老年人阅读困难。", d=["希望提供大字版"],
          r="已向客户介绍APP关怀模式的开启方法，并将建议转信息技术部"),
    ]),
]  # fmt: skip

EVIDENCE_REF = {
    "通话录音": "LY{d:%Y%m%d}{n:04d}", "营业部监控录像": "JK-{b}-{d:%Y%m%d}", "成交回报单": "HB-{d:%Y%m%d}-{n:05d}",
    "对账单": "DZD-{d:%Y%m}-{n:05d}", "交割单": "JGD-{d:%Y%m}-{n:05d}", "开户协议": "HT-{b}-{d:%Y}-{n:04d}",
    "产品合同": "CPHT-{d:%Y}-{n:05d}", "融资融券合同": "RZHT-{b}-{n:05d}", "投顾服务协议": "TGXY-{d:%Y}-{n:05d}",
    "风险测评问卷": "FXCP-{b}-{n:06d}", "产品认购确认书": "RGQR-{d:%Y%m%d}-{n:04d}", "宣传材料": "XCCL-{b}-{n:04d}",
    "佣金调整申请表": "YJSQ-{b}-{d:%Y%m%d}-{n:03d}", "销户申请书": "XHSQ-{b}-{n:05d}", "转托管申请表": "ZTG-{b}-{n:05d}",
    "赎回确认单": "SHQR-{d:%Y%m%d}-{n:05d}", "申购确认单": "SGQR-{d:%Y%m%d}-{n:05d}", "资产证明": "ZCZM-{b}-{n:05d}",
    "账户信息变更记录": "BGJL-{b}-{d:%Y%m%d}-{n:03d}", "转账流水": "YZZZ-{d:%Y%m%d}-{n:06d}",
    "平仓交割单": "PCJG-{d:%Y%m%d}-{n:04d}", "融资融券对账单": "RZDZ-{d:%Y%m}-{n:05d}", "缴费凭证": "JFPZ-{d:%Y}-{n:05d}",
}  # fmt: skip


def evidence_ref(rng: random.Random, desc: str, branch: str, case_id: str, k: int, d: date) -> str:
    pattern = EVIDENCE_REF.get(desc)
    if pattern is None:  # screenshots and chat records the complainant handed in: filed with the case
        return f"{case_id}-FJ{k}"
    return pattern.format(d=d, b=branch, n=rng.randrange(1, 10**4 if "{n:04d}" in pattern else 10**5))


# --------------------------------------------------------------------------------------------
# Channels (R1).
# --------------------------------------------------------------------------------------------

CHANNELS = [  # name, weight on a working day, weight on a rest day
    ("phone", 29, 12), ("walk_in", 13, 0), ("online_chat", 12, 14), ("web_form", 9, 9), ("email", 7, 6),
    ("letter", 5, 0), ("comment_box", 4, 0), ("regulator_forwarded", 16, 0),
    ("judicial_or_association_forwarded", 4, 0),
]  # fmt: skip
FEEDBACK_CHANNELS = [("phone", 30), ("walk_in", 15), ("online_chat", 18), ("web_form", 12), ("email", 8),
                     ("letter", 5), ("comment_box", 12)]  # fmt: skip
ABBR = {"中国证监会深圳监管局": "深证监", "中国证监会上海监管局": "沪证监", "中国证监会北京监管局": "京证监",
        "中国证监会广东监管局": "粤证监", "中国证监会浙江监管局": "浙证监", "中国证监会四川监管局": "川证监",
        "中国证监会湖北监管局": "鄂证监"}  # fmt: skip
EXCHANGE_ABBR = {"上海证券交易所": "上证", "深圳证券交易所": "深证", "北京证券交易所": "北证"}
ASSOCIATIONS = [
    ("中国证券业协会", "中证协调〔{y}〕{n}号"),
    ("中证中小投资者服务中心", "投服纠〔{y}〕{n}号"),
    ("中证资本市场法律服务中心", "法服调〔{y}〕{n}号"),
]
LOCAL_ASSOCIATION = {"深圳": "深圳证券期货业纠纷调解中心", "上海": "上海市证券同业公会", "北京": "北京证券业协会",
                     "广州": "广东证券期货业协会", "杭州": "浙江证券业协会", "成都": "四川省证券期货业协会",
                     "武汉": "湖北省证券业协会"}  # fmt: skip
COURTS = {"深圳": ("深圳市福田区人民法院", "粤0304"), "上海": ("上海市浦东新区人民法院", "沪0115"),
          "北京": ("北京市西城区人民法院", "京0102"), "广州": ("广州市天河区人民法院", "粤0106"),
          "杭州": ("杭州市上城区人民法院", "浙0102"), "成都": ("成都高新技术产业开发区人民法院", "川0191"),
          "武汉": ("武汉市武昌区人民法院", "鄂0106")}  # fmt: skip
ARBITRATION = {"深圳": "深圳国际仲裁院", "上海": "上海国际仲裁中心", "北京": "北京仲裁委员会", "广州": "广州仲裁委员会",
               "杭州": "杭州仲裁委员会", "成都": "成都仲裁委员会", "武汉": "武汉仲裁委员会"}  # fmt: skip


def make_channel(rng: random.Random, name: str, office: Office, received: datetime):
    if name not in ("regulator_forwarded", "judicial_or_association_forwarded"):
        return name
    lag = rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 7])
    fwd = received.date() - timedelta(days=lag)
    y = fwd.year
    if name == "regulator_forwarded":
        r = rng.random()
        if r < 0.62:
            body = office.regulator
            if rng.random() < 0.55:
                ref = f"12386-{fwd:%Y%m%d}-{rng.randrange(10**5):05d}"
            else:
                ref = f"{ABBR[body]}信访〔{y}〕{rng.randrange(1, 2000)}号"
        elif r < 0.9:
            body = office.exchange
            ref = f"{EXCHANGE_ABBR[body]}投诉〔{y}〕第{rng.randrange(1, 5000):04d}号"
        else:
            body = "中国证监会投资者保护局"
            ref = f"投保转〔{y}〕{rng.randrange(1, 900)}号"
        return {name: {"body": body, "reference": ref, "forwarded_on": f"{fwd:%Y-%m-%d}", "report_back_required": True}}
    r = rng.random()
    if r < 0.45:
        body, pattern = rng.choice(ASSOCIATIONS)
        ref = pattern.format(y=y, n=rng.randrange(1, 3000))
    elif r < 0.75:
        body = LOCAL_ASSOCIATION[office.city]
        ref = f"调字〔{y}〕第{rng.randrange(1, 900)}号"
    else:
        court, code = COURTS[office.city]
        body = court
        ref = f"({y}){code}民诉前调{rng.randrange(1000, 30000)}号"
    return {name: {"body": body, "reference": ref, "forwarded_on": f"{fwd:%Y-%m-%d}", "report_back_required": False}}


def weighted(rng: random.Random, items, weight_index=1):
    total = sum(item[weight_index] for item in items)
    x = rng.random() * total
    for item in items:
        x -= item[weight_index]
        if x < 0:
            return item
    return items[-1]


def pick_weights(rng: random.Random, names, weights):
    return names[weighted(rng, list(zip(range(len(names)), weights)))[0]]


SEVERITIES = ["ordinary", "major", "compensation", "matter_of_principle", "serious_incident"]

# --------------------------------------------------------------------------------------------
# The record (R2).
# --------------------------------------------------------------------------------------------


def receipt_day(rng: random.Random) -> date:
    """A day in 2023-2024: working days busier, rest days quieter; 2024 a little busier, and a
    surge of account-opening and system complaints in the late-September 2024 rally."""
    span = (LAST_DAY - FIRST_DAY).days + 1
    while True:
        d = FIRST_DAY + timedelta(days=rng.randrange(span))
        w = 1.0 if is_workday(d) else 0.22
        if d.year == 2024:
            w *= 1.15
        if date(2024, 9, 24) <= d <= date(2024, 10, 31):
            w *= 2.2
        if rng.random() * 2.6 < w:
            return d


def receipt_time(rng: random.Random, channel: str, d: date) -> datetime:
    if channel in ("walk_in", "letter", "comment_box", "regulator_forwarded", "judicial_or_association_forwarded"):
        lo, hi = (9 * 60, 16 * 60 + 30) if channel == "walk_in" else (9 * 60 + 10, 17 * 60)
    elif channel == "phone":
        lo, hi = (8 * 60 + 30, 19 * 60) if rng.random() < 0.85 else (19 * 60, 21 * 60 + 30)
        if not is_workday(d):
            lo, hi = 9 * 60, 17 * 60
    elif channel == "online_chat":
        lo, hi = 8 * 60, 22 * 60
    else:  # web form, email: any hour, most in the evening
        lo, hi = rng.choice([(7 * 60, 12 * 60), (12 * 60, 18 * 60), (18 * 60, 23 * 60 + 50), (0, 7 * 60)])
    return at(d, rng.randrange(lo, hi), rng.randrange(60))


def pick_category(rng: random.Random, d: date):
    surge = date(2024, 9, 24) <= d <= date(2024, 10, 31)
    items = []
    for code, w, sev, scenarios in CATEGORIES:
        if surge and code in ("system.failure", "account.opening"):
            w *= 4
        elif surge and code == "trading.execution":
            w *= 2
        items.append((code, w, sev, scenarios))
    return weighted(rng, items)


def fill(text: str, slots: dict) -> str:
    return text.format(**slots)


def make_slots(rng: random.Random, occurred: date) -> dict:
    lo = rng.choice([1.5, 2, 2.5, 3])
    return {
        "stock": rng.choice(STOCKS),
        "product": rng.choice(PRODUCTS),
        "qty": rng.choice([100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 10000]),
        "date": f"{occurred.month}月{occurred.day}日",
        "month": f"{occurred.year}年{occurred.month}月",
        "app": rng.choice(["手机APP", "网上交易客户端", "手机APP"]),
        "rate_lo": f"{lo:g}",
        "rate_hi": f"{lo + rng.choice([1, 2, 3, 5]):g}",
        "rate": rng.choice(["6.5", "7.2", "7.8", "8.35"]),
        "amount": "0",
    }


def money_yuan(rng: random.Random, severity: str, code: str) -> int:
    """An amount of a loss or claim in yuan, larger for graver matters."""
    scale = {"ordinary": (200, 8000), "major": (5000, 120000), "compensation": (1000, 300000),
             "matter_of_principle": (20000, 800000), "serious_incident": (50000, 2000000)}[severity]  # fmt: skip
    if code == "fees.commission":
        scale = (scale[0] // 10 + 50, max(2000, scale[1] // 20))
    lo, hi = scale
    # log-uniform, rounded the way people state amounts
    x = lo * (hi / lo) ** rng.random()
    step = 10 if x < 2000 else 100 if x < 50000 else 1000
    return max(step, int(x // step) * step)


TAGS_EXTRA = [("high_net_worth", 0.05), ("repeat_complainant", 0.05), ("new_client", 0.08)]


def make_complaint(rng: random.Random):
    """The complaint record and the facts the event history needs."""
    d = receipt_day(rng)
    hq = rng.random() < 0.1
    office = HQ_OFFICE if hq else weighted(rng, [(o, o.weight) for o in OFFICES])[0]
    feedback = rng.random() < 0.10
    workday = is_workday(d)
    if feedback:
        ch = weighted(rng, FEEDBACK_CHANNELS)[0]
        if not workday and ch in ("walk_in", "letter", "comment_box"):
            ch = rng.choice(["phone", "online_chat", "web_form"])
    else:
        ch = weighted(rng, CHANNELS, 1 if workday else 2)[0]
    received = receipt_time(rng, ch, d)
    # A head-office complaint is about a branch (R10, L684).
    about = weighted(rng, [(o, o.weight) for o in OFFICES])[0] if hq else office
    channel = make_channel(rng, ch, about, received)
    complainant, age, institutional = make_complainant(rng, about, ch, d)

    if feedback:
        code, _, scenarios = weighted(rng, FEEDBACK_CATEGORIES)
        sc = rng.choice(scenarios)
        severity = "ordinary"
    else:
        code, _, sev_w, scenarios = pick_category(rng, d)
        sc = rng.choice(scenarios)
        severity = pick_weights(rng, SEVERITIES, sev_w)
    occurred_day = d - timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 7, 10, 14, 20, 30]))
    if occurred_day == d and minute_of(received) < 10 * 60:
        occurred_day = d - timedelta(days=1)
    slots = make_slots(rng, occurred_day)
    amount = money_yuan(rng, severity, code)
    slots["amount"] = f"{amount:,}"
    facts: dict = {"account": fill(sc["f"], slots)}
    if rng.random() < 0.82:
        if occurred_day == d:
            occ = max(at(d, 9 * 60 + 15), received - timedelta(minutes=rng.randrange(20, 300)))
        elif "开盘" in sc["f"]:
            occ = at(occurred_day, rng.randrange(9 * 60 + 30, 9 * 60 + 50), rng.randrange(60))
        else:
            occ = at(occurred_day, rng.randrange(9 * 60 + 15, 15 * 60), rng.randrange(60))
        facts["occurred_at"] = ts(occ)
    if not feedback and rng.random() < 0.75:
        place = rng.choice(sc["p"])
        facts["place"] = about.name + place[3:] if place.startswith("营业部") else place
    demand = rng.choice(sc["d"])

    # Who is complained about (R2, R12).
    respondent: dict = {}
    person = None
    receiver = rng.choice(office.receivers)
    if not feedback and code in ("service.attitude", "staff.misconduct", "marketing.advertising",
                                 "suitability.mis_selling", "advice.investment", "trading.information_leak"):
        if rng.random() < 0.8:
            r = rng.random()
            if r < 0.12:
                person = about.supervisors[0]  # the operations supervisor himself: the other one handles
            elif r < 0.32 and code == "service.attitude":
                person = rng.choice([x for x in about.receivers if x != receiver])
            else:
                person = rng.choice(about.staff)
            respondent["person"] = person
    if hq:
        respondent["branch"] = about.name
    if not feedback and rng.random() < 0.35:
        respondent["department"] = sc["dept"]
    elif hq and rng.random() < 0.3:
        respondent["department"] = "运营部"

    complaint = {
        "id": "",  # assigned once all cases are sorted by time of receipt
        "kind": "feedback" if feedback else "complaint",
        "channel": channel,
        "complainant": complainant,
        "respondent": {k: respondent[k] for k in ("person", "branch", "department") if k in respondent},
        "receiver": receiver,
        "branch": office.name,
        "received_at": ts(received),
        "matter": fill(sc["m"], slots),
        "facts": facts,
        "demand": demand,
    }
    if severity == "compensation" or (severity in ("major", "serious_incident", "matter_of_principle") and rng.random() < 0.4):
        fen = amount * 100 + (rng.randrange(1, 100) if rng.random() < 0.35 else 0)
        complaint["claimed_amount"] = {"minor_units": fen, "currency": "CNY"}
    complaint["severity"] = severity
    complaint["category"] = code
    # Evidence whose originals are kept (L89).
    if not feedback:
        descs = list(sc["ev"])
        if ch == "phone" and rng.random() < 0.7:
            descs.append("通话录音")
        if ch == "walk_in" and rng.random() < 0.3:
            descs.append("营业部监控录像")
        n = rng.choice([0, 1, 1, 2, 2, 3])
        chosen = []
        for desc in descs:
            if len(chosen) < n and rng.random() < 0.8 and desc not in chosen:
                chosen.append(desc)
        complaint["evidence"] = chosen  # references filled in once the id is known
    tags = []
    if age is not None and age >= 60:
        tags.append("elderly_investor")
    if institutional:
        tags.append("institutional_client")
    if code == "margin.financing":
        tags.append("margin_client")
    for tag, p in TAGS_EXTRA:
        if rng.random() < p:
            tags.append(tag)
    if severity == "serious_incident" and rng.random() < 0.4:
        tags.append("media_attention")
    if code == "system.failure" and severity in ("major", "serious_incident", "compensation") and rng.random() < 0.3:
        tags.append("group_complaint")
    if tags:
        complaint["tags"] = tags

    info = {
        "office": office, "about": about, "scenario": sc, "feedback": feedback, "severity": severity,
        "channel": ch, "person": person, "amount": amount, "code": code, "institutional": institutional,
        "forwarding": channel[ch] if isinstance(channel, dict) else None, "received": received,
    }  # fmt: skip
    return complaint, info


# --------------------------------------------------------------------------------------------
# The event history (R4-R7, R10-R24).
# --------------------------------------------------------------------------------------------

ACK_VIA = {"phone": "phone", "walk_in": "in_person", "online_chat": "online", "web_form": "sms", "email": "email",
           "letter": "phone", "comment_box": "phone", "regulator_forwarded": "phone",
           "judicial_or_association_forwarded": "phone"}  # fmt: skip
SATISFACTION = [("very_satisfied", 24), ("satisfied", 44), ("neutral", 17), ("dissatisfied", 11), ("very_dissatisfied", 4)]
REPROMISE_REASONS = ["需调取交易所委托及成交记录，无法按原定时间答复", "相关部门尚未回复联系单，需延后答复",
                     "需向总部相关部门核实情况", "经办人员外出，经与客户沟通另约答复时间", "需调阅营业部监控录像核实"]  # fmt: skip
EXTENSION_REASONS = ["需调取交易所及登记公司数据，调查无法在时限内完成", "涉及多个部门会同核查，情况复杂",
                     "客户补充提交了新的证据材料，需进一步核实", "涉及赔偿金额较大，须提交总经理办公会研究",
                     "需等待存管银行出具书面核查结果"]  # fmt: skip
WAIT_REASONS = ["等待客户提供交割单及资金流水", "等待客户确认委托时间及方式", "等待客户提供身份证明材料",
                "等待客户回电核实情况"]  # fmt: skip
WITHDRAW_REASONS = ["客户表示问题已自行解决，撤回投诉", "经解释后客户表示理解，主动撤回投诉",
                    "客户与营业部协商一致，撤回投诉", "客户来电表示不再追究"]  # fmt: skip
REOPEN_REASONS = ["客户对处理结果不满意，要求重新核查", "客户补充提交新的证据材料", "回访时客户表示问题未实际解决",
                  "客户认为补偿金额不足，要求重新处理"]  # fmt: skip


class History:
    """Builds one case's events in time order, following the transition table."""

    def __init__(self, rng: random.Random, complaint: dict, info: dict, case_id: str):
        self.rng = rng
        self.c = complaint
        self.info = info
        self.id = case_id
        self.events: list[tuple[datetime, dict]] = []
        self.t: datetime | None = None
        self.stage = "registered"
        self.owner = complaint["receiver"]
        self.answer_by: datetime | None = None
        self.promise_watch = False
        self.repromises_left = 0
        self.target: datetime | None = None  # when the answer is planned to go out
        self.forms = 0
        self.fault = False  # the latest investigation's finding: was the firm at fault?
        self.halt_at: str | None = None  # a milestone at which a still-open case stops
        self.halted = False

    # --- time ---

    def soon(self, lo: int, hi: int, base: datetime | None = None) -> datetime:
        """`lo`..`hi` minutes after the last event (or `base`), moved into working hours."""
        t = (base or self.t) + timedelta(minutes=self.rng.randint(lo, hi), seconds=self.rng.randrange(60))
        if not in_work(t):
            d = t.date()
            if not (is_workday(d) and minute_of(t) < WORK_START):
                d = next_workday(d)
            t = at(d, WORK_START + self.rng.randrange(0, 75), self.rng.randrange(60))
        return max(t, self.t)

    def workdays(self, lo: int, hi: int, base: datetime | None = None, start=WORK_START, end=WORK_END - 10) -> datetime:
        """A working moment `lo`..`hi` working days after the last event (or `base`)."""
        n = self.rng.randint(lo, hi)
        b = base or self.t
        if n == 0:
            return self.soon(20, 240, b)
        d = add_workdays(b.date(), n)
        t = at(d, self.rng.randrange(start, end), self.rng.randrange(60))
        return max(t, self.t + timedelta(minutes=1))

    def days(self, lo: int, hi: int) -> datetime:
        """A working moment `lo`..`hi` calendar days after the last event."""
        d = self.t.date() + timedelta(days=self.rng.randint(lo, hi))
        while not is_workday(d):
            d += timedelta(days=1)
        return max(at(d, self.rng.randrange(WORK_START, WORK_END - 10), self.rng.randrange(60)), self.t)

    # --- recording ---

    def add(self, t: datetime, actor: str, name: str, body: dict | None = None) -> None:
        if self.halted:
            return
        assert self.t is None or t >= self.t, (self.id, name, t, self.t)
        assert t.microsecond == 0, (self.id, name, t)
        if name != "registered":
            assert actor != self.info["person"] or name not in HANDLING_ACTIONS, (self.id, name)
        self.maybe_repromise(t, name)
        self.t = t
        self.events.append((t, {"at": ts(t), "actor": actor, "action": {name: body if body is not None else {}}}))
        if name in ("result_fed_back", "withdrawn"):
            self.promise_watch = False  # answered (or no longer owed)

    def milestone(self, name: str) -> bool:
        """Whether the case carries on past `name`; a still-open case stops at its halt point."""
        if self.halt_at == name and not self.halted:
            self.halted = True
        return not self.halted

    def maybe_repromise(self, t: datetime, name: str) -> None:
        """R6: when a promised answer time will pass before the answer, tell the customer why and
        agree a new time — most of the time. The rest are broken promises, left for a report."""
        if not self.promise_watch or self.answer_by is None or t <= self.answer_by:
            return
        if name in ("answer_time_promised", "answer_time_repromised", "withdrawn"):
            return
        if self.repromises_left <= 0 or self.rng.random() < 0.15:
            self.promise_watch = False
            return  # the promise is broken without a word
        self.repromises_left -= 1
        rt = max(self.t, self.answer_by - timedelta(minutes=self.rng.randint(10, 120)))
        rt = min(rt, t)
        goal = max(self.target or t, t)
        new = at(goal.date(), 17 * 60 + 30) if minute_of(goal) < 17 * 60 else goal + timedelta(minutes=30)
        new = max(new, rt + timedelta(minutes=30))
        assert rt.microsecond == 0 and new.microsecond == 0, (self.id, rt, new)
        self.t = rt
        self.events.append((rt, {"at": ts(rt), "actor": self.owner, "action": {"answer_time_repromised": {
            "answer_by": ts(new), "reason": self.rng.choice(REPROMISE_REASONS)}}}))
        self.answer_by = new
        self.promise_watch = True

    def plan(self, days: int) -> None:
        """Plans the answer `days` working days from now (0: later today)."""
        if days == 0:
            self.target = self.soon(40, 330)
        else:
            self.target = at(add_workdays(self.t.date(), days), self.rng.randrange(10 * 60, 17 * 60), self.rng.randrange(60))

    def toward(self, frac: float) -> datetime:
        """A working moment about `frac` of the way from the last event to the planned answer."""
        if self.target is None or self.target <= self.t:
            return self.t + timedelta(minutes=self.rng.randint(3, 40), seconds=self.rng.randrange(60))
        t = self.t + (self.target - self.t) * (frac * self.rng.uniform(0.6, 1.2))
        t = t.replace(microsecond=0)
        if not in_work(t):
            t = self.soon(0, 0, t)
        return min(max(t, self.t), self.target)

    def at_target(self) -> datetime:
        if self.target is None or self.target <= self.t:
            return self.soon(5, 90)
        return self.target

    def promise(self, actor: str, same_day_ok: bool) -> None:
        """R6/R7: a definite answer time — 15:30 today by default, otherwise within 3 days. Most
        promises are made to fit the planned answer; an optimistic few will need a re-promise."""
        t = self.soon(1, 8)
        goal = self.target or t
        if same_day_ok and is_workday(t.date()) and minute_of(t) < 15 * 60 and goal.date() == t.date():
            answer_by = at(t.date(), 15 * 60 + 30)
        else:
            n = 0
            d = t.date()
            while d < goal.date() and n < 3:
                d = next_workday(d)
                n += 1
            if n > 1 and self.rng.random() < 0.2:
                n -= 1  # optimistic
            n = max(n, 1) if minute_of(t) >= 16 * 60 or not is_workday(t.date()) else n
            answer_by = at(add_workdays(t.date(), n), self.rng.choice([15 * 60 + 30, 17 * 60, 17 * 60 + 30]))
            if answer_by < t:
                answer_by = at(next_workday(t.date()), 12 * 60)
        self.add(t, actor, "answer_time_promised", {"answer_by": ts(answer_by)})
        self.answer_by = answer_by
        self.promise_watch = True
        self.repromises_left = 2

    def progress(self, via=None) -> None:
        via = via or self.rng.choice(["phone", "phone", "sms", "sms", "email", "online"])
        self.add(self.soon(10, 300), self.owner, "progress_update_sent", {"via": via})


def plan_days(rng: random.Random, severity: str, first_round: bool, feedback: bool = False) -> int:
    """Working days from assignment to the answer (R14: investigate in 3, resolve in 5)."""
    if feedback:  # R3: within 10 working days
        return weighted(rng, [(0, 12), (1, 20), (2, 20), (3, 15), (5, 15), (8, 12), (10, 6)])[0]
    if not first_round:
        return rng.randint(2, 6)
    table = {
        "ordinary": [(0, 24), (1, 25), (2, 20), (3, 15), (4, 8), (5, 4), (7, 4)],
        "major": [(2, 20), (3, 30), (4, 25), (5, 15), (8, 10)],
        "compensation": [(2, 15), (3, 30), (4, 25), (5, 18), (9, 12)],
        "matter_of_principle": [(5, 20), (7, 30), (10, 30), (15, 20)],
        "serious_incident": [(5, 15), (8, 30), (12, 35), (18, 20)],
    }[severity]
    return weighted(rng, table)[0]


HANDLING_ACTIONS = ("assigned", "handed_over", "escalated", "investigation_reported", "resolution_proposed",
                    "resolution_decided", "result_fed_back", "closed")  # fmt: skip


def pick_other(rng: random.Random, people: list[str], avoid) -> str:
    choices = [p for p in people if p != avoid]
    return rng.choice(choices)


def build_history(rng: random.Random, complaint: dict, info: dict, case_id: str) -> list[dict]:
    h = History(rng, complaint, info, case_id)
    office: Office = info["office"]
    about: Office = info["about"]
    sc = info["scenario"]
    severity = info["severity"]
    ch = info["channel"]
    person = info["person"]
    receiver = complaint["receiver"]
    received = info["received"]
    feedback = info["feedback"]
    regulator = ch == "regulator_forwarded"
    days_left = (LAST_DAY - received.date()).days

    # Some cases received in the last months are still open at the end of 2024: where they stop.
    p_open = (0.8 if days_left < 30 else 0.7 if days_left < 60 else 0.56 if days_left < 90
              else 0.18 if days_left < 180 else 0.025 if days_left < 365 else 0.0)  # fmt: skip
    if rng.random() < p_open:
        if days_left < 5:
            h.halt_at = rng.choice(["registered", "assigned", "assigned", "investigation", "decided", "fed_back"])
        elif days_left < 14:
            h.halt_at = rng.choice(["assigned", "investigation", "investigation", "proposed", "decided", "fed_back"])
        else:
            h.halt_at = rng.choice(["investigation", "investigation", "investigation", "proposed", "decided",
                                    "fed_back", "fed_back"])  # fmt: skip
        if feedback:
            h.halt_at = {"registered": "registered", "assigned": "assigned"}.get(h.halt_at, "fed_back")

    # R2: registered on receipt (or on the next working morning for mail received after hours).
    if in_work(received):
        reg = received + timedelta(minutes=rng.randint(1, 25), seconds=rng.randrange(60))
    else:
        h.t = received
        reg = h.soon(0, 0)
    if reg > AS_OF:  # received on the evening of the last day: the duty officer registers it at once
        reg = min(AS_OF, received + timedelta(minutes=rng.randint(1, 10)))
    h.t = received
    h.add(reg, receiver, "registered")

    # R4: acknowledged within one working day.
    via = ACK_VIA[ch]
    if ch in ("phone", "walk_in", "online_chat"):
        ack = h.soon(0, 6)
    elif reg.date() != received.date():  # received after hours: acknowledged on the first working morning
        ack = h.soon(5, 120)
    else:
        ack = h.workdays(0, 1) if rng.random() < 0.5 else h.soon(10, 180)
    body = {"via": via} if rng.random() < 0.95 else {}
    h.add(ack, receiver, "acknowledged", body)

    if feedback:
        feedback_history(h, rng, complaint, info)
        return h.events

    hq = office.is_hq
    # On-the-spot settlement (R30) for simple ordinary matters raised in person or by phone.
    on_spot = (severity == "ordinary" and ch in ("walk_in", "phone", "online_chat") and rng.random() < 0.3
               and not hq and h.halt_at is None)  # fmt: skip

    # R6/R7: the answer time, fitted to the planned handling time.
    if not on_spot:
        days = plan_days(rng, severity, True) + (1 if hq and rng.random() < 0.5 else 0)
        h.plan(days)
        h.promise(receiver, same_day_ok=severity == "ordinary" and not regulator)

    # R10: the operations supervisor handles — never the person complained about (R12).
    route = None
    if hq:
        route = pick_weights(rng, ["self", "branch", "hq"], [30 if severity == "ordinary" else 0, 40, 30])
    if route == "self":
        handler = receiver
    elif route == "branch":
        handler = pick_other(rng, about.supervisors, person)
    else:
        handler = pick_other(rng, office.supervisors, person)
    decide_gm = about.gm if route == "branch" else office.gm
    if not h.milestone("registered"):
        return h.events
    h.add(h.soon(2, 40) if not on_spot else h.soon(0, 5), receiver, "assigned", {"handler": handler})
    if handler != receiver and rng.random() < 0.2:
        reason = "首问责任人移交运营主管跟进" if not hq else "移交营业部处理并报告结果" if route == "branch" else "移交专人跟进处理"
        h.add(h.soon(1, 30), receiver, "handed_over", {"to": handler, "reason": reason})
        h.owner = handler
    if not h.milestone("assigned"):
        return h.events

    if on_spot:
        t = h.soon(5, 40)
        plan = sc["rn"] if rng.random() < 0.7 else sc["rf"]
        h.fault = plan == sc["rf"]
        h.add(t, handler, "resolution_proposed", {"plan": plan})
        h.add(h.soon(1, 10), handler, "resolution_decided",
              {"decision": "当场解决", "by": "handler", "notify_authorities": False})
        h.add(h.soon(1, 15), handler, "result_fed_back",
              {"via": "in_person" if ch == "walk_in" else "phone" if ch == "phone" else "online",
               "summary": "当场处理完毕，致谢并请继续支持"})
        h.add(h.soon(10, 200), handler, "closed", close_out(rng, sc, plan, fault=plan == sc["rf"], spot=True))
        finish(h, rng, complaint, info, handler, 0, route=route, decide_gm=decide_gm)
        return h.events

    decide(h, rng, complaint, info, route, handler, decide_gm, first_round=True)
    return h.events


def close_out(rng: random.Random, sc: dict, result: str, fault: bool, spot: bool = False, extra: str = "") -> dict:
    cause = sc["cf"] if fault else sc["cn"]
    measures = sc["pm"][0] if len(sc["pm"]) == 1 or rng.random() < 0.75 else "；".join(sc["pm"])
    if not fault and rng.random() < 0.5:
        measures = rng.choice(["加强业务规则解释", "加强投资者教育", "完善客户沟通话术"])
    return {"cause": cause + extra, "result": ("当场解决：" if spot else "") + result, "department": sc["dept"],
            "preventive_measures": measures}  # fmt: skip


def decide(h: History, rng, complaint, info, route, handler, decide_gm, first_round: bool) -> None:
    """Handling from assignment (or reopening) to the decision, result feedback and close."""
    sc = info["scenario"]
    severity = info["severity"]
    office: Office = info["office"]
    about: Office = info["about"]
    person = info["person"]
    receiver = complaint["receiver"]
    regulator = info["channel"] == "regulator_forwarded"
    hq = office.is_hq
    current = handler
    branch_code = about.code

    # Withdrawal before a decision (some complainants drop it).
    withdraw = rng.random() < (0.04 if first_round else 0.02)
    withdraw_point = rng.choice(["early", "investigation", "decided"]) if withdraw else None

    # R10, R13: escalation of major, compensation, principle and incident matters.
    if severity in ("major", "compensation"):
        if route in ("self", "hq") and hq:
            h.add(h.soon(10, 120), current, "escalated",
                  {"level": "head_office_brokerage", "to": HQ_HEAD, "reason": reason_for(severity)})
            current = HQ_HEAD
        else:
            h.add(h.soon(10, 120), current, "escalated",
                  {"level": "branch_general_manager", "to": decide_gm, "reason": reason_for(severity)})
            current = decide_gm
    elif severity in ("matter_of_principle", "serious_incident"):
        if not hq:
            h.add(h.soon(5, 60), current, "escalated",
                  {"level": "branch_general_manager", "to": decide_gm, "reason": reason_for(severity)})
            current = decide_gm
        code = info["code"]
        if severity == "serious_incident":
            level, to = "general_manager", GENERAL_MANAGER
        elif code.startswith(("marketing", "suitability", "staff", "advice", "fund")):
            level, to = "marketing_director", MARKETING_DIRECTOR
        else:
            level, to = "operations_director", OPERATIONS_DIRECTOR
        h.add(h.soon(10, 240), current, "escalated",
              {"level": level, "to": to, "reason": "根据影响情况向公司领导汇报" if severity == "matter_of_principle"
               else "严重事故，须填写事故调查表并明确责任人"})  # fmt: skip
        current = to
    elif first_round and route != "self" and rng.random() < 0.06:
        if hq or rng.random() < 0.5:
            lv, to = ("branch_general_manager", decide_gm) if not hq else ("head_office_brokerage", HQ_HEAD)
        else:
            lv, to = "head_office_brokerage", pick_other(rng, HQ_SUPERVISORS, None)
        h.add(h.soon(30, 600), current, "escalated", {"level": lv, "to": to, "reason": "运营主管无法协调解决"})
        current = to

    if withdraw_point == "early":
        withdraw_case(h, rng, complaint, info)
        return

    # R11: a liaison form for cross-department complaints, answered at once.
    investigator = handler if current in (GENERAL_MANAGER, MARKETING_DIRECTOR, OPERATIONS_DIRECTOR) else current
    if route == "self":
        investigator = handler
    if sc.get("lx") and rng.random() < (0.32 if severity != "ordinary" else 0.16) and route != "self":
        h.forms += 1
        depts = list(sc["lx"])
        if route == "hq" and about.name not in depts:
            depts.append(about.name)  # head office handles it with the branch's help (L696)
        if len(depts) > 1 and rng.random() < 0.35:
            depts = depts[:1]
        form = f"LXD-{h.id}-{h.forms}"
        signer = HQ_HEAD if hq and route != "branch" else pick_other(rng, about.supervisors, person)
        h.add(h.soon(15, 180), receiver, "liaison_form_opened",
              {"form": form, "departments": depts, "signed_off_by": signer})
        unanswered = h.halt_at == "investigation" and rng.random() < 0.5
        for i, dept in enumerate(depts):
            if unanswered and i == len(depts) - 1:
                break
            actor = (about.supervisors[1] if dept == about.name else dept_staff(branch_code, dept))
            h.add(h.soon(20, 300), actor, "liaison_answered",
                  {"form": form, "department": dept, "answer": liaison_answer(rng, dept, sc)})
    fault = rng.random() < (0.45 if severity == "ordinary" else 0.6)
    h.fault = fault
    # R14: beyond the 5-working-day limit, an extension with its reason and approver (a few
    # overrun without one).
    planned = 0
    d = h.t.date()
    while h.target is not None and d < h.target.date():
        d = next_workday(d)
        planned += 1
    if planned >= 3 and rng.random() < 0.5:  # R16: progress reported while handling
        h.progress()
    if planned > 5 and rng.random() < 0.85 or planned == 5 and rng.random() < 0.3:
        h.add(h.toward(0.25), investigator, "extension_granted",
              {"reason": rng.choice(EXTENSION_REASONS),
               "approved_by": GENERAL_MANAGER if severity == "serious_incident" else (decide_gm if not hq else HQ_HEAD),
               "working_days": max(1, planned - 5 + rng.choice([0, 0, 1, 2, 3]))})  # fmt: skip
    wait_for_customer(h)
    if h.halt_at == "investigation" and rng.random() < 0.6:
        h.progress()
    if not h.milestone("investigation"):
        return
    h.add(h.toward(0.45), investigator, "investigation_reported",
          {"summary": (f"经核查{sc['src']}，" if rng.random() < 0.3 else "") + (sc["cf"] if fault else sc["cn"])})
    if withdraw_point == "investigation":
        withdraw_case(h, rng, complaint, info)
        return

    # R14: a resolution plan, R18: decided by the authority the severity needs.
    plan = sc["rf"] if fault else sc["rn"]
    body: dict = {"plan": plan}
    comp = None
    if fault and complaint.get("claimed_amount") and severity != "ordinary":
        claimed = complaint["claimed_amount"]["minor_units"]
        comp = claimed * rng.choice([10, 20, 30, 50, 60, 80, 100]) // 100
        comp -= comp % 100
        if comp > 0:
            body["compensation"] = {"minor_units": comp, "currency": "CNY"}
    h.add(h.toward(0.45), investigator, "resolution_proposed", body)
    if not h.milestone("proposed"):
        return
    if severity == "ordinary":
        by, decider = "handler", investigator
        if current != investigator and current != handler:  # escalated ordinary matters
            by, decider = ("head_office", current) if current.startswith("HQ") else ("branch_general_manager", current)
    elif severity in ("major", "compensation"):
        if hq and route != "branch":
            by, decider = "head_office", HQ_HEAD
        else:
            by, decider = "branch_general_manager", decide_gm
    else:
        by, decider = "management_meeting", GENERAL_MANAGER
    if by == "management_meeting":
        words = "经总经理办公会议研究，同意处理方案" if rng.random() < 0.6 else "经公司投诉处理委员会会议研究，同意处理方案"
        decided_t = h.toward(0.6)
    else:
        words = "同意处理方案" if by != "handler" else rng.choice(["按方案处理", "同意按方案执行"])
        decided_t = h.toward(0.5)
    decision = words + (f"，补偿{comp // 100}元" if comp else "")
    notify = by == "management_meeting" and (severity == "serious_incident" or rng.random() < 0.4)
    h.add(decided_t, decider, "resolution_decided", {"decision": decision, "by": by, "notify_authorities": notify})
    if withdraw_point == "decided":
        withdraw_case(h, rng, complaint, info)
        return
    if planned >= 4 and rng.random() < 0.3:
        h.progress()
    if not h.milestone("decided"):
        return

    # R19/R20: the result, in writing in principle, with thanks and a request for support.
    h.promise_watch = h.promise_watch and h.answer_by is not None
    if hq and route == "branch":
        feeder = handler  # the branch answers, and reports to head office's receiver (L694)
    else:
        feeder = receiver if rng.random() < 0.4 else investigator
    via = pick_weights(rng, ["letter", "email", "phone", "in_person", "sms"], [30, 24, 30, 10, 6])
    summary = f"致谢，告知：{plan}{'，补偿' + str(comp // 100) + '元' if comp else ''}；请继续支持"
    h.add(h.at_target(), feeder, "result_fed_back", {"via": via, "summary": summary})
    h.promise_watch = False
    if regulator:
        fwd = info["forwarding"]
        if not h.milestone("fed_back"):
            return
        h.add(h.workdays(0, 3), current if current.startswith(("HQ", "ZB")) else handler, "reported_to_regulator",
              {"summary": f"已向{fwd['body']}书面反馈处理情况（{fwd['reference']}）"})
    elif not h.milestone("fed_back"):
        return

    # Not satisfied with the answer: reopened at once, or taken beyond the firm (R22).
    r = rng.random()
    if first_round and r < 0.04:
        reopen(h, rng, complaint, info, route, handler, decide_gm)
        return
    if 0.04 <= r < 0.04 + (0.05 if severity != "ordinary" else 0.012):
        dispute(h, rng, complaint, info, handler)
        return
    closer = handler if handler != person else investigator
    if hq and route == "branch":
        closer = receiver  # head office's receiver records the branch's result and closes
    h.add(h.workdays(0, 2), closer, "closed", close_out(rng, sc, plan + (f"，补偿{comp // 100}元" if comp else ""), fault))
    finish(h, rng, complaint, info, handler, 0 if first_round else 1, route=route, decide_gm=decide_gm)


def wait_for_customer(h: History) -> None:
    """Some cases wait for the customer (documents, a confirmation): the deadline clock stops
    (clock_paused) and restarts when it arrives (clock_resumed). Drawn from a generator of its
    own, seeded by the case id, so the main stream is not consumed."""
    wait = random.Random(f"wait:{h.id}")
    if h.halted or wait.random() >= 0.08:
        return
    paused = h.t + timedelta(minutes=wait.randint(5, 90), seconds=wait.randrange(60))
    resumed = paused + timedelta(hours=wait.randint(2, 40), seconds=wait.randrange(60))
    for t, name, body in ((paused, "clock_paused", {"reason": wait.choice(WAIT_REASONS)}), (resumed, "clock_resumed", {})):
        h.t = t
        h.events.append((t, {"at": ts(t), "actor": h.owner, "action": {name: body}}))


def reason_for(severity: str) -> str:
    return {"major": "重大情况，须向营业部总经理汇报处理", "compensation": "涉及赔偿，须向营业部总经理汇报处理",
            "matter_of_principle": "原则性问题，须提交管理层会议讨论", "serious_incident": "严重事故，须上报并开展事故调查"}[severity]  # fmt: skip


def liaison_answer(rng: random.Random, dept: str, sc: dict) -> str:
    if dept.endswith("营业部"):
        return "营业部已提供客户开户及交易资料，配合总部核查"
    return rng.choice([f"已提供{sc['src']}", "已核查并回复意见", "已确认相关记录，意见附后"])


def withdraw_case(h: History, rng, complaint, info) -> None:
    h.promise_watch = False
    h.add(h.toward(0.5), complaint["receiver"], "withdrawn", {"reason": rng.choice(WITHDRAW_REASONS)})
    volume = h.t.year
    if info["channel"] == "regulator_forwarded":
        fwd = info["forwarding"]
        h.add(h.workdays(0, 2), complaint["receiver"], "reported_to_regulator",
              {"summary": f"客户已撤回投诉，已向{fwd['body']}反馈（{fwd['reference']}）"})
    h.add(h.workdays(3, 15), info["office"].receivers[0], "archived", {"volume": volume})


def finish(h: History, rng, complaint, info, handler, round_no: int, route=None, decide_gm=None) -> None:
    """After the close: the callback visit one to two months later (R21), then the archive (R24);
    a dissatisfied customer may have the case reopened or take it further (R22)."""
    close_year = h.t.year
    office: Office = info["office"]
    if rng.random() < (0.9 if not info["feedback"] else 0.55):
        h.add(h.days(30, 60), rng.choice(office.receivers), "callback_visited",
              {"via": pick_weights(rng, ["phone", "in_person", "online"], [86, 9, 5]),
               "satisfaction": weighted(rng, SATISFACTION)[0]})
        if h.halted:
            return
        sat = h.events[-1][1]["action"]["callback_visited"]["satisfaction"]
        if sat in ("dissatisfied", "very_dissatisfied") and not info["feedback"] and round_no == 0:
            r = rng.random()
            if r < 0.35:
                reopen(h, rng, complaint, info, route, handler, decide_gm)
                return
            if r < 0.6:
                dispute(h, rng, complaint, info, handler)
                return
    h.add(h.workdays(1, 12), office.receivers[0], "archived", {"volume": close_year})


def reopen(h: History, rng, complaint, info, route, handler, decide_gm) -> None:
    h.add(h.workdays(0, 3), handler, "reopened", {"reason": rng.choice(REOPEN_REASONS)})
    h.plan(plan_days(rng, info["severity"], False))
    h.promise(handler, same_day_ok=False)
    decide(h, rng, complaint, info, route, handler, decide_gm, first_round=False)


DISPUTE_ROUTES = [("mediation", 30), ("appeal", 18), ("negotiation", 16), ("arbitration", 12), ("litigation", 9),
                  ("exchange_ruling", 9), ("higher_appeal", 6)]  # fmt: skip
DISPUTE_DAYS = {"negotiation": (7, 30), "mediation": (14, 70), "appeal": (15, 50), "arbitration": (90, 240),
                "litigation": (120, 360), "exchange_ruling": (30, 90), "higher_appeal": (60, 180)}  # fmt: skip
OUTCOMES = {
    "negotiation": [("settled", 70), ("withdrawn", 20), ("dismissed", 10)],
    "mediation": [("settled", 62), ("withdrawn", 13), ("dismissed", 25)],
    "appeal": [("dismissed", 55), ("partly_upheld", 25), ("upheld", 10), ("withdrawn", 10)],
    "arbitration": [("dismissed", 40), ("partly_upheld", 35), ("upheld", 15), ("settled", 10)],
    "litigation": [("dismissed", 45), ("partly_upheld", 25), ("upheld", 10), ("settled", 15), ("withdrawn", 5)],
    "exchange_ruling": [("dismissed", 45), ("partly_upheld", 30), ("settled", 25)],
    "higher_appeal": [("dismissed", 70), ("partly_upheld", 20), ("upheld", 10)],
}
OUTCOME_WORDS = {"upheld": "支持客户全部请求", "partly_upheld": "支持客户部分请求", "dismissed": "驳回客户请求",
                 "settled": "双方达成调解协议", "withdrawn": "客户撤回申请"}  # fmt: skip


def dispute(h: History, rng, complaint, info, handler) -> None:
    about: Office = info["about"]
    route = weighted(rng, DISPUTE_ROUTES)[0]
    y = h.t.year
    if route == "negotiation":
        body, ref = about.name, None
    elif route == "mediation":
        body = rng.choice([LOCAL_ASSOCIATION[about.city], "中证资本市场法律服务中心", "中国证券业协会证券纠纷调解中心"])
        ref = f"调〔{y}〕{rng.randrange(1, 2000)}号"
    elif route == "appeal":
        body, ref = about.regulator, f"12386-{h.t:%Y%m%d}-{rng.randrange(10**5):05d}"
    elif route == "arbitration":
        body, ref = ARBITRATION[about.city], f"（{y}）仲案字第{rng.randrange(100, 9000)}号"
    elif route == "litigation":
        court, code = COURTS[about.city]
        body, ref = court, f"（{y}）{code}民初{rng.randrange(1000, 60000)}号"
    elif route == "exchange_ruling":
        body, ref = about.exchange, f"纠纷〔{y}〕{rng.randrange(1, 900)}号"
    else:
        body, ref = "中国证监会", f"复核〔{y}〕{rng.randrange(1, 500)}号"
    opened = {"route": route, "body": body}
    if ref:
        opened["reference"] = ref
    h.add(h.workdays(1, 10), handler, "dispute_opened", opened)
    if route in ("arbitration", "litigation") and rng.random() < 0.5 and h.owner != "HQHG011":
        h.add(h.soon(60, 600), h.owner, "handed_over", {"to": "HQHG011", "reason": "移交合规法律部应诉"})
        h.owner = "HQHG011"
    lo, hi = DISPUTE_DAYS[route]
    total = rng.randint(lo, hi)
    updates = rng.randint(0, 2 if total < 60 else 4)
    for _ in range(updates):
        h.add(h.days(total // (updates + 1) // 2, max(1, total // (updates + 1))), h.owner, "progress_update_sent",
              {"via": rng.choice(["phone", "letter", "email"])})
    if rng.random() < 0.03:
        h.add(h.days(5, 20), complaint["receiver"], "withdrawn", {"reason": "客户撤回纠纷申请及投诉"})
        h.add(h.workdays(3, 10), info["office"].receivers[0], "archived", {"volume": h.t.year})
        return
    h.add(h.days(lo // 2, max(lo // 2 + 1, total // 2)), h.owner, "dispute_concluded", dispute_end(rng, route, complaint))
    sc = info["scenario"]
    outcome = h.events[-1][1]["action"]["dispute_concluded"]["outcome"] if not h.halted else "dismissed"
    h.add(h.workdays(1, 5), handler, "closed", close_out(rng, sc, OUTCOME_WORDS[outcome] + "，纠纷已了结", fault=h.fault))
    close_year = h.t.year
    if rng.random() < 0.6:
        h.add(h.days(30, 60), rng.choice(info["office"].receivers), "callback_visited",
              {"via": "phone", "satisfaction": weighted(rng, [("neutral", 40), ("dissatisfied", 30), ("satisfied", 25),
                                                               ("very_dissatisfied", 5)])[0]})  # fmt: skip
    h.add(h.workdays(1, 12), info["office"].receivers[0], "archived", {"volume": close_year})


def dispute_end(rng: random.Random, route: str, complaint: dict) -> dict:
    outcome = weighted(rng, OUTCOMES[route])[0]
    body = {"outcome": outcome, "summary": OUTCOME_WORDS[outcome]}
    claimed = (complaint.get("claimed_amount") or {}).get("minor_units")
    if claimed and outcome in ("upheld", "partly_upheld", "settled"):
        share = 100 if outcome == "upheld" else rng.choice([20, 30, 40, 50, 60, 70])
        award = claimed * share // 100
        award -= award % 100
        if award:
            body["award"] = {"minor_units": award, "currency": "CNY"}
            body["summary"] += f"，公司支付{award // 100}元"
    return body


def feedback_history(h: History, rng: random.Random, complaint: dict, info: dict) -> None:
    """R3: feedback is acknowledged, classified, acted on within 10 working days, answered."""
    office: Office = info["office"]
    sc = info["scenario"]
    receiver = complaint["receiver"]
    h.plan(plan_days(rng, "ordinary", True, feedback=True))
    if rng.random() < 0.4:
        h.promise(receiver, same_day_ok=False)
    handler = rng.choice(office.supervisors)
    if not h.milestone("registered"):
        return
    h.add(h.soon(5, 240), receiver, "assigned", {"handler": handler})
    if not h.milestone("assigned"):
        return
    if rng.random() < 0.3:
        h.progress()
    if rng.random() < 0.05:
        h.add(h.workdays(1, 3), receiver, "withdrawn", {"reason": "客户表示无需答复"})
        h.add(h.workdays(3, 10), office.receivers[0], "archived", {"volume": h.t.year})
        return
    if h.halt_at == "fed_back":
        h.halted = True
        return
    h.add(h.at_target(), handler, "result_fed_back",
          {"via": pick_weights(rng, ["phone", "sms", "email", "letter"], [50, 20, 20, 10]),
           "summary": f"感谢宝贵意见：{sc['r']}；请继续支持"})
    h.promise_watch = False
    h.add(h.workdays(0, 2), handler, "closed",
          {"cause": "客户提出意见建议", "result": sc["r"], "department": "客户服务中心" if not office.is_hq else "经纪业务管理部",
           "preventive_measures": "意见建议纳入月度客户服务质量报告"})  # fmt: skip
    finish(h, rng, complaint, info, handler, 1)


# --------------------------------------------------------------------------------------------
# The file.
# --------------------------------------------------------------------------------------------


def generate(n_cases: int) -> list[str]:
    rng = random.Random(SEED)
    drafts = [make_complaint(rng) for _ in range(n_cases)]
    # Ids in order of receipt, per office and year: SZFT-2024-00042.
    order = sorted(range(n_cases), key=lambda i: (drafts[i][0]["received_at"], i))
    counters: dict[tuple[str, int], int] = {}
    lines = []
    for i in order:
        complaint, info = drafts[i]
        received = info["received"]
        key = (info["office"].code, received.year)
        counters[key] = counters.get(key, 0) + 1
        case_id = f"{info['office'].code}-{received.year}-{counters[key]:05d}"
        complaint["id"] = case_id
        if "evidence" in complaint:
            complaint["evidence"] = [
                {"description": desc, "reference": evidence_ref(rng, desc, info["about"].code, case_id, k + 1, received.date())}
                for k, desc in enumerate(complaint["evidence"])
            ]
            if not complaint["evidence"]:
                del complaint["evidence"]
        # Keep serde's field order so that the file is exactly what tousu writes back.
        ordered = {}
        for field in ("id", "kind", "channel", "complainant", "respondent", "receiver", "branch", "received_at",
                      "matter", "facts", "demand", "claimed_amount", "severity", "category", "evidence", "tags"):
            if field in complaint:
                ordered[field] = complaint[field]
        events = build_history(rng, ordered, info, case_id)
        kept = [e for t, e in events if t <= AS_OF]
        case = {"schema_version": 1, "complaint": ordered, "events": kept}
        lines.append(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
    return lines


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=os.path.join(here, "sample_cases.jsonl"))
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    args = parser.parse_args()
    lines = generate(args.cases)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")


if __name__ == "__main__":
    main()
