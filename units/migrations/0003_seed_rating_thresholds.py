from decimal import Decimal

from django.db import migrations

# The civil-service rating scale (NĐ 90/2020/NĐ-CP) with starting thresholds on the
# on-time rate; each People's Committee adjusts them in the admin.
DEFAULTS = [
    ("Hoàn thành xuất sắc nhiệm vụ", Decimal("95"), 0, 10),
    ("Hoàn thành tốt nhiệm vụ", Decimal("85"), None, 20),
    ("Hoàn thành nhiệm vụ", Decimal("70"), None, 30),
    ("Không hoàn thành nhiệm vụ", Decimal("0"), None, 40),
]


def seed(apps, schema_editor):
    RatingThreshold = apps.get_model("units", "RatingThreshold")
    for name, rate, max_overdue, ordering in DEFAULTS:
        RatingThreshold.objects.get_or_create(
            name=name,
            defaults={"min_on_time_rate": rate, "max_overdue": max_overdue, "ordering": ordering},
        )


def unseed(apps, schema_editor):
    RatingThreshold = apps.get_model("units", "RatingThreshold")
    RatingThreshold.objects.filter(name__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0002_rating_threshold")]

    operations = [migrations.RunPython(seed, unseed)]
