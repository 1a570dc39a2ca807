"""Portal views, one module per page family: `home` (front page), `public` (public territory and plan pages),
`opendata` (downloads, data package, Open SDG)."""

from tendik.portal.views.home import home

__all__ = ["home"]
