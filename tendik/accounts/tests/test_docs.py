"""docs/modules/accounts.md shows the role → permission table as roles.py defines it."""

from __future__ import annotations

from pathlib import Path

from tendik.accounts.roles import ROLE_PERMISSIONS, Perm, Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "modules" / "accounts.md"


def test_permission_table_matches_the_code() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| `") and "." in line.split("|")[1]]
    header = next(line for line in DOC.read_text().splitlines() if line.startswith("| permission |"))
    roles = [cell.strip() for cell in header.strip("|").split("|")[1:]]
    assert roles == [r.value for r in Role]
    documented = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        documented[cells[0].strip("`")] = {role for role, mark in zip(roles, cells[1:], strict=True) if mark}
    assert documented == {p.value: {r.value for r in Role if p in ROLE_PERMISSIONS[r]} for p in Perm}


def test_every_permission_has_a_label_in_peoples_words() -> None:
    from tendik.accounts.roles import PERM_LABELS

    assert set(PERM_LABELS) == set(Perm)
    for perm, label in PERM_LABELS.items():
        assert "." not in str(label) and perm.value not in str(label)
