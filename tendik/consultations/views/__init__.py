"""Web views of the consultations module, by sub-domain."""
