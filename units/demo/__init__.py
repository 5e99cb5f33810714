"""Demo data, one organisation profile per database (``seed_demo --profile …``):

- ``commune`` / ``ward``: xã Sơn Tây Thượng / phường Cẩm Thành (tỉnh Quảng Ngãi) after the 2025 reform;
- ``province``: UBND tỉnh Quảng Ngãi with its Sở, ban, ngành and some of its communes and wards;
- ``district``: huyện Mộ Đức before the reform, for documents from before 1 July 2025.

Unit names are real (the village names of the commune are illustrative); people are fictional.
Directive texts are written for the demo.
"""

from units.demo.common import DEMO_PASSWORD, SeedResult
from units.demo.commune import seed_demo_commune
from units.demo.district import seed_demo_district
from units.demo.province import seed_demo_province
from units.demo.volume import seed_volume

PROFILES = ("commune", "ward", "province", "district")


def seed_profile(profile: str, *, size: int = 8) -> SeedResult:
    if profile == "commune":
        return seed_demo_commune(size=size)
    if profile == "ward":
        return seed_demo_commune(ward=True, size=size)
    if profile == "province":
        return seed_demo_province(size=size)
    if profile == "district":
        return seed_demo_district()
    raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")


__all__ = [
    "DEMO_PASSWORD",
    "PROFILES",
    "SeedResult",
    "seed_demo_commune",
    "seed_demo_district",
    "seed_demo_province",
    "seed_profile",
    "seed_volume",
]
