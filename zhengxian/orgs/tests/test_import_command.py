"""manage.py import_org: the page's checks and writes on the command line, with a bar."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zhengxian.orgs.importing.testing import person_row, xlsx
from zhengxian.orgs.models import Person


def test_the_command_imports_with_a_progress_bar_and_prints_the_passwords_once(
    org, tmp_path, capsys
):
    path = tmp_path / "people.xlsx"
    path.write_bytes(
        xlsx(people=[person_row(f"命令{n}", "CX-XH", 账号=f"cli{n}") for n in range(3)])
    )

    call_command("import_org", str(path), "--as", org.user("office").username, "--progress")

    out, err = capsys.readouterr()
    assert "[##########--------------------]     1/3" in err
    assert "[##############################]     3/3" in err
    assert "people created 3" in out and out.count("\n" + "cli") == 3
    assert Person.objects.filter(name__startswith="命令").count() == 3


def test_a_file_with_a_problem_imports_nothing_and_fails(org, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(people=[person_row("好人", "CX-XH"), person_row("无单位", "CX-NOPE")]))

    with pytest.raises(CommandError):
        call_command("import_org", str(path), "--as", org.user("office").username)

    assert "CX-NOPE" in capsys.readouterr().err
    assert not Person.objects.filter(name="好人").exists()
