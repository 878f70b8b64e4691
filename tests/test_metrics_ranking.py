"""Rankings 排名: competition rank, bottom N with ties at the boundary, rank change 升位."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from app.metrics.ranking import bottom_n, competition_rank, rank_change

scores_strategy = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=10).map(float)),
    min_size=0,
    max_size=25,
)


def test_competition_rank_is_1_2_2_4() -> None:
    ranks = competition_rank(pd.Series([90.0, 80.0, 80.0, 70.0], index=list("abcd")))
    assert ranks.tolist() == [1, 2, 2, 4]
    assert str(ranks.dtype) == "Int64"
    assert ranks.index.tolist() == list("abcd")


def test_competition_rank_ascending_and_missing_scores() -> None:
    ranks = competition_rank(pd.Series([3.0, None, 1.0, 3.0]), ascending=True)
    assert ranks[0] == 2 and ranks[2] == 1 and ranks[3] == 2
    assert ranks.isna().tolist() == [False, True, False, False]


def test_bottom_1_and_bottom_2() -> None:
    scores = pd.Series([90.0, 85.0, 80.0, 70.0], index=["A", "B", "C", "D"])
    assert bottom_n(scores, 1).tolist() == [False, False, False, True]
    assert bottom_n(scores, 2).tolist() == [False, False, True, True]


def test_ties_at_the_boundary_are_all_included() -> None:
    # bottom 2 of 95, 90, 80, 80, 75: 75 has none below, both 80s have one below.
    scores = pd.Series([95.0, 90.0, 80.0, 80.0, 75.0])
    assert bottom_n(scores, 2).tolist() == [False, False, True, True, True]
    # A tie for last: both are the bottom 1.
    assert bottom_n(pd.Series([90.0, 70.0, 70.0]), 1).tolist() == [False, True, True]


def test_bottom_n_ignores_missing_scores_and_empty_input() -> None:
    assert bottom_n(pd.Series([None, 50.0, 60.0]), 1).tolist() == [False, True, False]
    assert bottom_n(pd.Series([], dtype="float64"), 2).empty
    assert competition_rank(pd.Series([], dtype="float64")).empty


def test_rank_change_positive_means_moved_up() -> None:
    change = rank_change(pd.Series([1, 5, 3, None]), pd.Series([3, 2, 3, 1]))
    assert change[:3].tolist() == [2, -3, 0]
    assert pd.isna(change[3])


@settings(max_examples=60, deadline=None)
@given(scores_strategy)
def test_competition_rank_invariants(values: list[float | None]) -> None:
    scores = pd.Series(values, dtype="float64")
    ranks = competition_rank(scores)
    present = scores.dropna()
    assert ranks.isna().tolist() == scores.isna().tolist()
    for i, score in present.items():
        better = int((present > score).sum())
        assert ranks[i] == better + 1  # the definition of competition ranking
        assert 1 <= ranks[i] <= len(present)
    if len(present):
        assert ranks.min() == 1


@settings(max_examples=60, deadline=None)
@given(scores_strategy, st.integers(min_value=0, max_value=6))
def test_bottom_n_invariants(values: list[float | None], n: int) -> None:
    scores = pd.Series(values, dtype="float64")
    bottom = bottom_n(scores, n)
    present = scores.dropna()
    if len(present) >= n:
        assert bottom.sum() >= n
    for i, score in scores.items():
        if math.isnan(score):
            assert not bottom[i]
        else:
            assert bottom[i] == (int((present < score).sum()) < n)
    # Whoever scores no better than a bottom unit is also bottom.
    if bottom.any():
        worst_kept = scores[bottom].max()
        assert bottom[scores <= worst_kept].all()
