"""Three-language catalogue texts; the helpers are shared by every app (tendik.core.i18n)."""

from tendik.core.i18n import LANGUAGES, current_lang, localized, pick

__all__ = ["LANGUAGES", "current_lang", "localized", "pick"]
