"""Admin of participation: each sub-domain registers its models in its own module."""

from tendik.participation.admin import bodies  # noqa: F401
