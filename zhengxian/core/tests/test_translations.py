"""The Chinese catalogue is complete, and the compiled .mo says exactly what the .po says.

The interface speaks zh-hans by default, so an untranslated or fuzzy entry shows English (or a
wrong guess by msgmerge) to cadres. `make messages` extracts new strings; each must then be
translated and compiled before committing (docs/developing.md, "Front end").

The .po is read by the small parser below (no polib in the project) and the .mo by Python's own
`gettext.GNUTranslations`, so the check needs no gettext tools. Sync is checked by content, not
by file times: a fresh git checkout gives every file the same time.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
ZH_PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
ZH_MO = ZH_PO.with_suffix(".mo")
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

# %(name)s, %(month)02d, %s, %% — what Python's %-formatting reads.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0\- +]*\d*(?:\.\d+)?[sdifr%]")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key gettext uses: "context\\x04msgid"."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    def label(self) -> str:
        ctx = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{ctx}"


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included; obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # the field a continuation line extends

    def close() -> None:
        nonlocal entry, target
        if entry is not None and target is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#"):
            if target is not None:  # a comment after the strings starts the next entry
                close()
            if line.startswith("#,"):
                entry = entry or Entry(line=number)
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"
            text = ast.literal_eval(line)
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] != "msgctxt":
            close()
        entry = entry or Entry(line=number)
        text = ast.literal_eval(rest)
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index] = text
            target = ("msgstr", index)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, text)
            target = (keyword, None)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    close()
    return entries


def _header(entries: list[Entry]) -> Entry:
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, "the catalogue must start with its header"
    return header


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid != "" or e.msgctxt is not None]


@pytest.fixture(scope="module")
def zh_entries() -> list[Entry]:
    assert ZH_PO.exists(), f"{ZH_PO} is missing: run make messages"
    return parse_po(ZH_PO)


def test_parser_reads_contexts_plurals_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "Ol"\n'
        'msgctxt "period status"\nmsgid "Open"\nmsgstr "未公示"\n\n'
        'msgid "%(n)s unit"\nmsgid_plural "%(n)s units"\nmsgstr[0] "%(n)s 个"\n"单位"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "旧"\n',
        encoding="utf-8",
    )
    header, ctx, plural = parse_po(po)
    assert header.msgstr[0] == "Plural-Forms: nplurals=1; plural=0;\n"
    assert (ctx.key, ctx.msgstr, ctx.flags) == (
        "period status\x04Open",
        {0: "未公示"},
        {"fuzzy", "python-format"},
    )
    assert (plural.msgid_plural, plural.msgstr) == ("%(n)s units", {0: "%(n)s 个单位"})


def test_zh_hans_header_is_final_with_one_plural_form(zh_entries):
    header = _header(zh_entries)
    assert "fuzzy" not in header.flags, "clear the fuzzy flag of the header"
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_zh_hans_every_entry_is_translated_and_not_fuzzy(zh_entries):
    messages = _messages(zh_entries)
    assert len(messages) > 500, "the catalogue looks truncated"
    untranslated = [e.label() for e in messages if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.label() for e in messages if "fuzzy" in e.flags]
    wrong_forms = [
        e.label() for e in messages if e.msgid_plural is not None and set(e.msgstr) != {0}
    ]
    assert not untranslated, "untranslated (run make messages, then translate):\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, "fuzzy (check the translation, then remove the flag):\n" + "\n".join(fuzzy)
    assert not wrong_forms, "Chinese has one plural form, msgstr[0] only:\n" + "\n".join(
        wrong_forms
    )


def test_zh_hans_translations_keep_the_placeholders(zh_entries):
    wrong = []
    for e in _messages(zh_entries):
        # One Chinese form serves singular and plural: it may follow either English one.
        expected = [sorted(PLACEHOLDER.findall(e.msgid))]
        if e.msgid_plural is not None:
            expected.append(sorted(PLACEHOLDER.findall(e.msgid_plural)))
        for text in e.msgstr.values():
            if text and sorted(PLACEHOLDER.findall(text)) not in expected:
                wrong.append(f"{e.label()} → {text!r}")
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


def _mo_differences(entries: list[Entry], mo_path: Path) -> list[str]:
    """Where the compiled catalogue does not say what the .po says.

    An empty msgstr means the id; so does a fuzzy one, which msgfmt leaves out.
    """
    with mo_path.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    problems = []
    for e in _messages(entries):
        msgstr = {} if "fuzzy" in e.flags else e.msgstr
        if e.msgid_plural is None:
            expected = {1: msgstr.get(0) or e.msgid}
        else:
            index = {n: mo.plural(n) for n in (1, 2, 5)}
            expected = {
                n: msgstr.get(index[n]) or (e.msgid if n == 1 else e.msgid_plural) for n in index
            }
        for n, want in expected.items():
            if e.msgid_plural is None:
                got = mo.gettext(e.msgid) if e.msgctxt is None else mo.pgettext(e.msgctxt, e.msgid)
            elif e.msgctxt is None:
                got = mo.ngettext(e.msgid, e.msgid_plural, n)
            else:
                got = mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
            if got != want:
                problems.append(f"{e.label()}: the .mo gives {got!r}, the .po {want!r}")
                break
    keys = {e.key for e in _messages(entries)} | {""}
    problems += [
        f"the .mo holds {key!r}, which the .po no longer has"
        for key in sorted(mo._catalog, key=str)
        if (key[0] if isinstance(key, tuple) else key) not in keys
    ]
    return problems


def test_zh_hans_mo_matches_the_po(zh_entries):
    assert ZH_MO.exists(), f"{ZH_MO} is missing: run make messages"
    problems = _mo_differences(zh_entries, ZH_MO)
    assert not problems, "the .mo is out of date (run make messages):\n" + "\n".join(problems)


def test_english_catalogue_is_complete_and_compiled():
    """The English ids are the English text, so msgstr may stay empty; the catalogue must exist."""
    assert EN_PO.exists() and EN_MO.exists(), "run make messages to create the English catalogue"
    entries = parse_po(EN_PO)
    assert "fuzzy" not in _header(entries).flags, "clear the fuzzy flag of the header"
    problems = _mo_differences(entries, EN_MO)
    assert not problems, "the English .mo is out of date (run make messages):\n" + "\n".join(
        problems
    )


def test_indicator_source_labels_are_in_the_catalogue(zh_entries):
    """Source labels are message ids translated at run time: mark them with gettext_noop."""
    from zhengxian.engine.sources import registry

    assert registry.ready  # the scoring app populated it
    translated = {e.key for e in _messages(zh_entries) if all(e.msgstr.values())}
    missing = sorted(
        f"{source.name}: {source.label!r}"
        for source in registry.all()
        if source.label not in translated
    )
    assert not missing, "wrap the label in gettext_noop, then run make messages:\n" + "\n".join(
        missing
    )
