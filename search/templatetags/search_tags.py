from django import template

from search.views import FACET_LABELS

register = template.Library()


@register.filter
def facet_label(name):
    return FACET_LABELS.get(name, name)
