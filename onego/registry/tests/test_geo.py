"""Standard addresses and distances."""

from __future__ import annotations

import pytest

from onego.registry import geo


@pytest.mark.django_db
def test_an_address_is_found_whatever_its_spaces_and_full_width_digits():
    geo.add_point("广州市白云区嘉禾街金铂天地商业广场 3 层 312 号", 23.247812, 113.270923, source="test")

    assert geo.locate("广州市白云区嘉禾街金铂天地商业广场３层３１２号") == (23.247812, 113.270923)
    assert geo.locate("广州市白云区嘉禾街金铂天地商业广场 3 层 313 号") is None
    assert geo.locate("") is None


def test_distances_match_known_values():
    # one degree of latitude is ~111.2 km; Baiyun's Yuntai Garden to Baiyun Mountain's Moxing Ridge is ~2.9 km
    assert geo.distance_m((23.0, 113.0), (24.0, 113.0)) == pytest.approx(111_195, rel=1e-3)
    assert geo.distance_m((23.1512, 113.2906), (23.1512, 113.2906)) == 0
    assert 2_000 < geo.distance_m((23.1490, 113.2930), (23.1750, 113.2960)) < 3_000
