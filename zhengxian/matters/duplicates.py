"""Near-duplicate and repeat detection for matters, over Chinese text.

Text is normalised (NFKC folds full-width letters and digits, lower case, punctuation,
symbols, spaces and a few particles such as 的/了 dropped) and cut into its
characters and overlapping character bigrams ("路灯坏" → 路 灯 坏 路灯 灯坏). Chinese has no
spaces; bigrams match shared words and the single characters catch rewordings (积水 / 又积水,
坏了 / 不亮 share little, but 路灯 and 灯 do), without a dictionary or a model. Boilerplate
every complaint shares (反映, 希望, 尽快, 解决 …) is ignored, as bigrams and as characters,
so that it does not make unrelated matters look alike.

Similarity is the cosine of the two sets, |A ∩ B| / √(|A|·|B|), in [0, 1].

- A **likely duplicate** is an *open* matter the reporter can see with similarity
  ≥ ``DUPLICATE_THRESHOLD`` (0.45). The reporter sees them and may link the report to one
  instead of filing a new matter.
- A **repeat** is an earlier matter (open or closed, within ``REPEAT_WINDOW_DAYS``) from the
  same requester or place — same enterprise, site, requester phone, or the same requester
  name or place in the same community — about the same thing: the similarity of the two
  texts, once the words of the shared place, requester, enterprise or site are taken out of
  both, is ≥ ``REPEAT_THRESHOLD`` (0.3). The matter came back; it is flagged with
  ``repeat_of``.

The thresholds were set on the real-looking texts in ``tests/test_duplicates.py``: rewordings
of one problem score 0.5–0.75, different problems at the same place 0.2–0.45 (the place's
name is shared); with the place taken out, different problems score about 0 and rewordings
0.38–0.72.

Candidates are narrowed in SQL through the `MatterGram` inverted index: a matter whose
cosine with the new text reaches t must share at least t²·|A| bigrams with it (since
|A ∩ B| ≤ |B|), so the index query loses no true match and only the few matters that pass
are scored in Python.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Matter, MatterGram

DUPLICATE_THRESHOLD = 0.45
REPEAT_THRESHOLD = 0.3
REPEAT_WINDOW_DAYS = 365
MAX_TEXT = 600  # characters of title + description that are compared and indexed
MAX_CANDIDATES = 50

_DROPPED_CHARS = frozenset("的了吗呢啊吧呀着哦嘛")
# Bigrams of phrases that nearly every report contains; they carry no topic.
STOP_GRAMS = frozenset(
    {
        "反映",
        "希望",
        "尽快",
        "请求",
        "要求",
        "解决",
        "处理",
        "问题",
        "居民",
        "群众",
        "社区",
        "帮忙",
        "协调",
        "情况",
        "存在",
        "目前",
        "现在",
        "已经",
        "一直",
        "非常",
        "比较",
        "严重",
        "影响",
        "相关",
        "部门",
        "有关",
        "我们",
        "他们",
        "反应",
        "诉求",
    }
)
_STOP_CHARS = frozenset("".join(STOP_GRAMS))


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(
        char
        for char in folded
        if unicodedata.category(char)[0] in {"L", "N"} and char not in _DROPPED_CHARS
    )


def grams(text: str) -> frozenset[str]:
    """The characters and character bigrams of ``text``, without boilerplate ones."""
    clean = normalise(text)[:MAX_TEXT]
    pairs = {clean[i : i + 2] for i in range(len(clean) - 1)} - STOP_GRAMS
    return frozenset(pairs | (set(clean) - _STOP_CHARS))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def matter_text(title: str, description: str = "") -> str:
    return f"{title} {description}"


def grams_of(matter: Matter) -> frozenset[str]:
    return grams(matter_text(matter.title, matter.description))


@dataclass(frozen=True)
class Candidate:
    matter: Matter
    score: float


def likely_duplicates(
    *,
    text: str,
    candidates: QuerySet[Matter],
    threshold: float = DUPLICATE_THRESHOLD,
    limit: int = 5,
) -> list[Candidate]:
    """Open matters among ``candidates`` whose text is near ``text``, best first.

    ``candidates`` is the reporter's scope (and usually open matters only); two queries
    whatever its size: the index narrows, then the survivors are loaded and scored.
    """
    wanted = grams(text)
    if not wanted:
        return []
    least_shared = max(1, math.ceil(threshold * threshold * len(wanted) - 1e-9))
    rows = (
        MatterGram.objects.filter(gram__in=sorted(wanted), matter__in=candidates.values("pk"))
        .values("matter")
        .annotate(shared=Count("id"))
        .filter(shared__gte=least_shared)
        .order_by("-shared", "-matter")[:MAX_CANDIDATES]
    )
    ids = [row["matter"] for row in rows]
    return _ranked(wanted, Matter.objects.filter(pk__in=ids), threshold, limit)


def _ranked(
    wanted: frozenset[str], matters: Iterable[Matter], threshold: float, limit: int
) -> list[Candidate]:
    scored = [Candidate(m, similarity(wanted, grams_of(m))) for m in matters]
    kept = [c for c in scored if c.score >= threshold]
    kept.sort(key=lambda c: (-c.score, -c.matter.pk))
    return kept[:limit]


def find_repeat_of(matter: Matter) -> Matter | None:
    """The most recent earlier matter from the same requester or place about the same thing."""
    same_source = Q(pk__in=[])
    if matter.enterprise_id:
        same_source |= Q(enterprise_id=matter.enterprise_id)
    if matter.site_id:
        same_source |= Q(site_id=matter.site_id)
    if matter.requester_phone:
        same_source |= Q(requester_phone=matter.requester_phone)
    if matter.target_unit_id and matter.requester_name:
        same_source |= Q(target_unit_id=matter.target_unit_id, requester_name=matter.requester_name)
    if matter.target_unit_id and matter.place:
        same_source |= Q(target_unit_id=matter.target_unit_id, place=matter.place)
    since = matter.reported_on - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    earlier = (
        Matter.objects.filter(
            same_source, reported_on__gte=since, reported_on__lte=matter.reported_on
        )
        .exclude(pk=matter.pk)
        .select_related("enterprise", "site")
        .order_by("-reported_on", "-id")[:MAX_CANDIDATES]
    )
    for candidate in earlier:  # newest first: the first match is the one it repeats
        shared = _source_grams(matter) | _source_grams(candidate)
        if similarity(grams_of(matter) - shared, grams_of(candidate) - shared) >= REPEAT_THRESHOLD:
            return candidate
    return None


def _source_grams(matter: Matter) -> frozenset[str]:
    """The words naming where a matter comes from: its place, requester, enterprise, site."""
    names = [matter.place, matter.requester_name]
    if matter.enterprise is not None:
        names.append(matter.enterprise.name)
    if matter.site is not None:
        names.append(matter.site.name)
    return grams(" ".join(n for n in names if n))


def index_matter(matter: Matter) -> None:
    """(Re)builds the matter's bigram index rows."""
    MatterGram.objects.filter(matter=matter).delete()
    MatterGram.objects.bulk_create(
        [MatterGram(matter=matter, gram=gram) for gram in sorted(grams_of(matter))]
    )


def unindex_matter(matter: Matter) -> None:
    MatterGram.objects.filter(matter=matter).delete()
