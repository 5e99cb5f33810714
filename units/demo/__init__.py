"""Demo data: a district modelled on huyện Mộ Đức (Quảng Ngãi) before the 2025 reform.

Unit names are real (departments per domain.md §2.4/§7, the 12 xã and thị trấn of
Mộ Đức); people are fictional. Directive texts are written for the demo.
"""

from units.demo.district import DEMO_PASSWORD, SeedResult, seed_demo_district
from units.demo.volume import seed_volume

__all__ = ["DEMO_PASSWORD", "SeedResult", "seed_demo_district", "seed_volume"]
