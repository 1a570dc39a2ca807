import pytest

from tendik.core.params import MAX_ID, id_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("0", None),
        ("-3", None),
        ("4.2", None),
        ("٣", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 30, None),
    ],
)
def test_id_param_reads_only_plain_ids_in_range(raw, expected):
    assert id_param(raw) == expected
