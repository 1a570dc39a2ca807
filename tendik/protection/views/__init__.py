"""Web pages of the protection module, split by sub-domain."""
