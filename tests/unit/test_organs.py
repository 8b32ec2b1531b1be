"""Organ identity: one definition of the kinds, names normalised and validated the same way
everywhere, aliases for search only."""

from __future__ import annotations

import pytest

import organs
from deadlines.reporting import OrganKind as DeadlineKind
from ingest.model import ORGAN_KINDS, organ_kind_from_name
from storage.tables import ORGAN_KINDS as STORED_KINDS
from xxgk.services import organs as roster


def test_the_kinds_have_one_definition() -> None:
    assert DeadlineKind is organs.OrganKind
    assert set(organs.REPORTING_KINDS) == {k.value for k in organs.OrganKind}
    assert ORGAN_KINDS == organs.REPORTING_KINDS
    assert STORED_KINDS == roster.KINDS == organs.KINDS
    assert organs.SUPERVISOR_KIND in organs.KINDS
    street = "城南街道办事处"
    assert organ_kind_from_name(street) == organs.kind_from_name(street) == "街道"


def test_names_are_normalised_and_validated() -> None:
    assert organs.normalise_name(" 东城镇 人民政府\n") == "东城镇人民政府"
    assert organs.normalise_name("ＡＢ县（试点）") == "AB县(试点)"
    assert organs.validate_name("东城镇人民政府") == "东城镇人民政府"
    for bad in ("/some/dir/evil", "../../x/y", "东城镇/evil", "<b>镇</b>", "", "abc", "镇" * 61):
        with pytest.raises(organs.OrganNameError):
            organs.validate_name(bad)


def test_aliases_narrow_but_identity_is_the_full_name() -> None:
    dawa, jinxiang = "大洼区平安镇人民政府", "金乡县平安镇人民政府"
    assert "平安镇" in organs.aliases(dawa) and "平安镇" in organs.aliases(jinxiang)
    assert organs.resolve("平安镇", [dawa, jinxiang]) == {dawa, jinxiang}
    assert organs.mentioned("平安镇2021年新收几件", [dawa, jinxiang]) == {dawa, jinxiang}
    assert organs.same_organ(dawa, " 大洼区 平安镇人民政府")
    assert not organs.same_organ(dawa, jinxiang) and not organs.same_organ(dawa, "平安镇")


def test_government_and_reporting_kinds() -> None:
    assert organs.is_government("东城镇人民政府", None)
    assert not organs.is_government("某某县教育局", None)
    assert organs.is_government(None, "街道") and not organs.is_government(None, "部门")
    assert organs.is_reporting_kind(None) and organs.is_reporting_kind("乡镇")
    assert not organs.is_reporting_kind("督导")
