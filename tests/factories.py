"""factory_boy factories for the foundation models. Apps add their own beside their tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from directives.models import Clause, Directive
from tasks.models import Task
from units.models import Membership, Unit
from units.text import fold


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn An"  # Vietnamese full name, family name first (see units/demo)
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Phòng thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    kind = Unit.Kind.DEPARTMENT
    name_key = factory.LazyAttribute(lambda o: fold(o.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.SPECIALIST


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    kind = Directive.Kind.KE_HOACH
    number = factory.Sequence(lambda n: str(100 + n))
    symbol = "KH-UBND"
    issuer = "UBND huyện Mộ Đức"
    place = "Mộ Đức"
    issued_on = dt.date(2026, 1, 5)
    subject = factory.Sequence(lambda n: f"Triển khai nhiệm vụ số {n}")


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    directive = factory.SubFactory(DirectiveFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n + 1)
    text = "Rà soát thủ tục hành chính."


class TaskFactory(factory.django.DjangoModelFactory):
    """A task created directly (no history); use tasks.services.task_create to test writes."""

    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")
    lead_unit = factory.SubFactory(UnitFactory)
    deadline = dt.date(2026, 3, 31)
    original_deadline = factory.SelfAttribute("deadline")
    search_text = factory.LazyAttribute(lambda o: fold(o.title))
