from django import template

register = template.Library()


@register.simple_tag
def described(field):
    """The bound field with aria-describedby naming its help text and errors, and
    aria-invalid when it has errors, so screen readers announce them with the input."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    ids += [f"{field.auto_id}_error{n}" for n in range(1, len(field.errors) + 1)]
    attrs = field.field.widget.attrs
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    else:
        attrs.pop("aria-describedby", None)
    if field.errors:
        attrs["aria-invalid"] = "true"
    else:
        attrs.pop("aria-invalid", None)
    return field
