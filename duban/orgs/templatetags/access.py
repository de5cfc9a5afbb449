"""The access gate in templates: a link is shown only where it leads somewhere."""

from django import template

from duban.orgs.access import Access, Action

register = template.Library()


@register.filter
def may_read(user, obj) -> bool:
    """``{% if request.user|may_read:org %}``: the page of ``obj`` opens for this user."""
    return Access.of(user).may(Action.READ, obj)
