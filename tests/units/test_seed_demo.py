import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from directives.models import Directive
from tasks.models import Task
from tasks.status import StatusCategory, StatusContext, category_q
from units.demo import DEMO_PASSWORD
from units.models import Unit


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_status(capsys):
    call_command("seed_demo")
    counts = (Unit.objects.count(), Directive.objects.count(), Task.objects.count())
    call_command("seed_demo")
    assert (Unit.objects.count(), Directive.objects.count(), Task.objects.count()) == counts
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE).count() >= 10
    ctx = StatusContext.for_today()
    for category in StatusCategory:
        assert Task.objects.filter(category_q(category, ctx)).exists(), category
    out = capsys.readouterr().out
    assert "chutich" in out and DEMO_PASSWORD in out


@pytest.mark.django_db
def test_every_demo_login_works():
    from units.demo.district import PEOPLE

    call_command("seed_demo", quiet=True)
    for username in ["admin", *(p[0] for p in PEOPLE)]:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username


@pytest.mark.django_db
def test_seed_volume_adds_tasks_in_bulk():
    call_command("seed_demo", tasks=1200, units=7, quiet=True)
    assert Unit.objects.filter(name__startswith="Đơn vị thử nghiệm").count() == 7
    assert Task.objects.filter(directive__symbol="KH-TN").count() == 1200
