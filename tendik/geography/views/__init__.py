"""Web pages of the geography app: public browsing (browse.py) and the administrators' import (imports.py)."""
