"""REST API of the plans module under /api/v1/plans/ (serializers and viewsets by sub-domain)."""
