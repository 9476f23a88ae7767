"""The indicator tree editor of the campaign office: add, edit and delete dimensions and
leaves. Each change is checked by the campaign file's rules on the whole campaign (see
``services.indicator_node_*``); once a period is published the tree is frozen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengxian.core.errors import DomainError
from zhengxian.engine.sources import registry
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from . import services
from .forms import DimensionForm, LeafForm, node_initial
from .models import Campaign, IndicatorNode, PeriodStatus
from .selectors import campaign_get_for, campaign_has_published_period, dimensions_of

FIRST_CHILD = "first_child."


def _campaign_for_editing(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = campaign_get_for(request.user, campaign_id)
    require(request.user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    return campaign


def _node(campaign: Campaign, node_id: int) -> IndicatorNode:
    node = IndicatorNode.objects.filter(campaign=campaign, pk=node_id).first()
    if node is None:
        raise Http404
    return node


def _frozen(request: HttpRequest, campaign: Campaign) -> HttpResponse | None:
    """Back to the campaign, saying why, when the tree can no longer change."""
    published = campaign_has_published_period(campaign)
    if published is None:
        return None
    messages.error(
        request,
        _(
            "The indicator tree can no longer change: the results of %(period)s were published "
            "with it, and published results must stay explainable by the tree that produced "
            "them."
        )
        % {"period": published.label},
    )
    return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)


def _after_change(request: HttpRequest, campaign: Campaign, message: str) -> HttpResponse:
    messages.success(request, message)
    if campaign.periods.filter(status=PeriodStatus.PREVIEW).exists():
        messages.warning(
            request,
            _(
                "Periods in preview were scored with the previous tree: score them again "
                "before publishing."
            ),
        )
    return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)


def _show_errors(error: ValidationError, form: Any, first_child_form: Any = None) -> None:
    """A service's errors on the form (and on the first leaf's form for keys
    ``first_child.<field>``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        target, name = form, key
        if key.startswith(FIRST_CHILD) and first_child_form is not None:
            target, name = first_child_form, key[len(FIRST_CHILD) :]
        field = None if name == NON_FIELD_ERRORS or name not in target.fields else name
        target.add_error(field, errors)


def _context(campaign: Campaign, **extra: Any) -> dict[str, Any]:
    return {"campaign": campaign, "sources": registry.all(), **extra}


@login_required
def node_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_for_editing(request, campaign_id)
    if (frozen := _frozen(request, campaign)) is not None:
        return frozen
    is_leaf = (request.POST or request.GET).get("kind", "leaf") != "dimension"
    dimensions = dimensions_of(campaign)
    parent_id = request.GET.get("parent")
    initial = {"parent": parent_id} if parent_id and parent_id.isdigit() else {}
    data = request.POST or None
    form: DimensionForm | LeafForm
    first: LeafForm | None = None
    if is_leaf:
        form = LeafForm(data, dimensions=dimensions, initial=initial)
    else:
        form = DimensionForm(data, dimensions=dimensions, initial=initial)
        first = LeafForm(data, prefix="leaf", initial={"when_empty": "full"})
    if request.method == "POST" and form.is_valid() and (first is None or first.is_valid()):
        try:
            node = services.indicator_node_create(
                campaign=campaign,
                parent=form.cleaned_data["parent"],
                is_leaf=is_leaf,
                fields=form.node_fields(),
                actor=request.user,
                first_child=first.node_fields() if first is not None else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)
        except ValidationError as error:
            _show_errors(error, form, first)
        else:
            return _after_change(
                request, campaign, _("%(name)s added to the indicator tree.") % {"name": node.name}
            )
    context = _context(campaign, form=form, first_form=first, node=None, is_leaf=is_leaf)
    return render(request, "campaigns/node_form.html", context)


@login_required
def node_edit(request: HttpRequest, campaign_id: int, node_id: int) -> HttpResponse:
    campaign = _campaign_for_editing(request, campaign_id)
    node = _node(campaign, node_id)
    if (frozen := _frozen(request, campaign)) is not None:
        return frozen
    dimensions = dimensions_of(campaign).exclude(pk=node.pk)
    form_class = LeafForm if node.is_leaf else DimensionForm
    form = form_class(request.POST or None, dimensions=dimensions, initial=node_initial(node))
    if request.method == "POST" and form.is_valid():
        try:
            node = services.indicator_node_update(
                node=node,
                parent=form.cleaned_data["parent"],
                fields=form.node_fields(),
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)
        except ValidationError as error:
            _show_errors(error, form)
        else:
            return _after_change(request, campaign, _("%(name)s saved.") % {"name": node.name})
    context = _context(campaign, form=form, first_form=None, node=node, is_leaf=node.is_leaf)
    return render(request, "campaigns/node_form.html", context)


@login_required
def node_delete(request: HttpRequest, campaign_id: int, node_id: int) -> HttpResponse:
    campaign = _campaign_for_editing(request, campaign_id)
    node = _node(campaign, node_id)
    if (frozen := _frozen(request, campaign)) is not None:
        return frozen
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.indicator_node_delete(node=node, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("campaigns:campaign_detail", campaign_id=campaign.pk)
        except ValidationError as error:
            errors = error.messages
        else:
            return _after_change(
                request,
                campaign,
                _("%(name)s deleted from the indicator tree.") % {"name": node.name},
            )
    descendants = IndicatorNode.objects.filter(campaign=campaign, parent=node).count()
    context = {"campaign": campaign, "node": node, "errors": errors, "children": descendants}
    return render(request, "campaigns/node_confirm_delete.html", context)
