"""The statistics the 好差评 standard publishes (GB/T 39735): kept as aggregates, updated with each rating."""

from __future__ import annotations

from onego.ratings.models import Rating


def count_rating(rating: Rating) -> None:
    """Add one stored rating to the aggregates, inside the transaction that stored it. The aggregates and this
    function's body come with the statistics (issue 17, part 3)."""
