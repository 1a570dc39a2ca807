"""REST API of the protection module (/api/v1/protection/)."""
