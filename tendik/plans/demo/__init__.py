"""Demo data of the plans module (local plans, budgets, two reporting periods) for `load_plans_demo`."""
