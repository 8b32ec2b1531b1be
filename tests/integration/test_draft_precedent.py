"""Precedents for 一、五、六: comparable organs first (kind, region, recent year), never the
organ's own report or a draft, from storage or from the retrieval index."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from base.settings import Settings
from drafting.compose import compose, draft_to_report
from drafting.data import prepare_data
from drafting.precedent import (
    IndexPrecedents,
    Precedent,
    StorePrecedents,
    Wanted,
    default_finder,
    rank_score,
)
from ingest.model import AnnualReport
from retrieval.indexing import index_report
from retrieval.search_index import forget_open_indexes
from storage import Store
from tests.auxil.fake_embeddings import fake_embeddings
from tests.auxil.layouts import sample_data

PROBLEMS = ["政策解读的形式比较单一，图解和视频解读偏少", "村务公开栏更新不够及时，内容不够规范"]
WANTED = Wanted(
    "五", "东城镇人民政府", 2023, "乡镇", "东城区", "政策解读不够深入，公开栏更新不及时"
)

# organ, year, kind, region, status
REPORTS: tuple[tuple[str, int, str, str, str], ...] = (
    ("西城镇人民政府", 2022, "乡镇", "东城区", "published"),  # same kind, same region, last year
    ("北城镇人民政府", 2019, "乡镇", "东城区", "published"),  # same kind and region, older
    ("南城镇人民政府", 2022, "乡镇", "南区", "published"),  # same kind, other region
    ("东城区教育局", 2022, "部门", "东城区", "published"),  # other kind, same region
    ("东城镇人民政府", 2022, "乡镇", "东城区", "published"),  # the organ itself: never
    ("中城镇人民政府", 2022, "乡镇", "东城区", "draft"),  # a draft: never
    ("新城镇人民政府", 2024, "乡镇", "东城区", "published"),  # a later year: never
)


def _report(organ: str, year: int) -> tuple[AnnualReport, str]:
    dd = prepare_data(sample_data(organ=organ, year=year, facts={"存在问题": PROBLEMS}))
    draft = compose(dd).draft
    return draft_to_report(draft, dd.data), f"{organ}{year}.pdf"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'xxgk.sqlite3'}")
    store.upgrade()
    for organ, year, kind, region, status in REPORTS:
        report, source = _report(organ, year)
        digest = hashlib.sha256(f"{organ}{year}{status}".encode()).hexdigest()
        store.add_report(
            report,
            source_name=source,
            content_hash=digest,
            status=status,
            text=report.full_text,
            organ_kind=kind,
            region=region,
        )
    yield store
    store.close()


def _who(found: list[Precedent]) -> list[tuple[str, int | None]]:
    return [(p.organ, p.year) for p in found]


def test_rank_prefers_kind_then_region_then_recency() -> None:
    def score(kind: str, region: str, year: int) -> float:
        return rank_score(Precedent("五", "x", "某镇", year, region, kind, "s"), WANTED, 0.0)

    assert (
        score("乡镇", "东城区", 2022) > score("乡镇", "东城区", 2019) > score("乡镇", "南区", 2022)
    )
    assert score("乡镇", "南区", 2022) > score("部门", "东城区", 2022)


def test_store_precedents_are_ranked_and_filtered(store: Store) -> None:
    found = StorePrecedents(store).find(WANTED, k=4)
    assert _who(found) == [
        ("西城镇人民政府", 2022),
        ("北城镇人民政府", 2019),
        ("南城镇人民政府", 2022),
        ("东城区教育局", 2022),
    ]
    first = found[0]
    assert (first.section, first.kind, first.region, first.source) == (
        "五",
        "乡镇",
        "东城区",
        "西城镇人民政府2022.pdf",
    )
    assert first.text.startswith("（一）存在的主要问题。一是政策解读的形式比较单一")
    assert (
        first.citation == "西城镇人民政府2022年政府信息公开工作年度报告（西城镇人民政府2022.pdf）"
    )


@pytest.fixture
def indexed(tmp_path: Path, store: Store) -> Iterator[Settings]:
    """Every stored report also in the search index (fake embeddings)."""
    with fake_embeddings() as name:
        settings = Settings(home=tmp_path / "home", embedding_provider=name)
        for record in store.list_reports():
            report, _ = _report(record.organ_name or "", record.year or 0)
            organ = store.get_organ(record.organ_name or "")
            index_report(
                settings,
                str(record.id),
                report,
                organ=record.organ_name or "",
                region=organ.region if organ else None,
                year=record.year,
                status=record.status,
                source_name=record.source_name,
            )
        yield settings
        forget_open_indexes()


def test_index_precedents_use_the_retrieval_index(indexed: Settings, store: Store) -> None:
    found = IndexPrecedents(indexed, store).find(WANTED, k=3)
    assert _who(found) == [
        ("西城镇人民政府", 2022),
        ("北城镇人民政府", 2019),
        ("南城镇人民政府", 2022),
    ]
    assert all(p.section == "五" and "政策解读" in p.text for p in found)
    finder = default_finder(indexed, store)
    assert finder is not None
    assert _who(finder.find(WANTED, 1)) == [("西城镇人民政府", 2022)]


def test_index_query_names_no_organ_or_year(indexed: Settings, store: Store) -> None:
    """The overview names its organ and year; the search must not narrow itself to them."""
    wanted = Wanted(
        "一",
        "东城镇人民政府",
        2023,
        "乡镇",
        "东城区",
        "2023年，东城镇人民政府认真贯彻落实条例，西城镇、北城镇经验值得借鉴",
    )
    found = IndexPrecedents(indexed, store).find(wanted, k=2)
    assert _who(found) == [("西城镇人民政府", 2022), ("北城镇人民政府", 2019)]


def test_without_an_index_storage_is_used(tmp_path: Path, store: Store) -> None:
    finder = default_finder(Settings(home=tmp_path / "empty"), store)
    assert isinstance(finder, StorePrecedents)
    assert default_finder(Settings(home=tmp_path / "empty"), None) is None


def test_overview_precedent_query(store: Store) -> None:
    wanted: dict[str, Any] = {
        "section": "一",
        "organ": "东城镇人民政府",
        "year": 2023,
        "kind": "乡镇",
        "region": "东城区",
    }
    found = StorePrecedents(store).find(Wanted(**wanted), k=2)
    assert _who(found) == [("西城镇人民政府", 2022), ("北城镇人民政府", 2019)]
    assert found[0].text.startswith("2022年，西城镇人民政府")
