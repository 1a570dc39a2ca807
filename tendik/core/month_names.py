"""Month names as dates show them ("30 ноября", "30-ноябрь"), overriding Django's own catalogue where it is wrong for
us: Kyrgyz month names are written in lower case inside a date. Django looks these up with the context
"alt. month"; the project's catalogues take precedence over Django's, so the translations in tendik/core/locale win.
"""

from django.utils.translation import pgettext_lazy

ALT_MONTHS = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
