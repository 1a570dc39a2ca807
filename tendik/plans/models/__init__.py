from .catalogue import Goal, Measure, MeasureLevel, Plan, PlanArea, PlanKind, PlanStatus, SdgTarget

__all__ = ["Goal", "Measure", "MeasureLevel", "Plan", "PlanArea", "PlanKind", "PlanStatus", "SdgTarget"]
