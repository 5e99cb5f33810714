from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from tasks.status import StatusCategory, StatusContext
from units import selectors
from units.filters import UnitFilterSet
from units.models import Unit
from units.tables import UnitTable


class UnitListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = UnitTable
    filterset_class = UnitFilterSet
    template_name = "units/unit_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return selectors.unit_list_with_counts(ctx=StatusContext.for_today())


class UnitDetailView(LoginRequiredMixin, DetailView):
    model = Unit
    template_name = "units/unit_detail.html"

    def get_queryset(self):
        return Unit.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.unit_category_counts(unit=self.object, ctx=StatusContext.for_today())
        context["category_counts"] = [(c, counts[c.value]) for c in StatusCategory]
        context["members"] = selectors.unit_members(unit=self.object)
        context["children"] = self.object.children.filter(is_active=True)
        context["aliases"] = self.object.aliases.all()
        return context


class ProfileView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own page: who they are, their units, their settings."""

    template_name = "units/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.request.user.memberships.select_related("unit").order_by(
            "unit__ordering"
        )
        return context
