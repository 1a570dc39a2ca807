"""Three-language texts; the helpers are shared by every app (tendik.core.i18n)."""

from tendik.core.i18n import LANGUAGES, current_lang, localized, pick, pick_json

__all__ = ["LANGUAGES", "current_lang", "localized", "pick", "pick_json"]
