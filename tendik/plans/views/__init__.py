"""Web pages of the plans module, by sub-domain: catalogue, local plans, reports, dashboard, exports."""
