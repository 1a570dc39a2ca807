"""Participation API, one module per sub-domain; routes in tendik/participation/api_urls.py."""
