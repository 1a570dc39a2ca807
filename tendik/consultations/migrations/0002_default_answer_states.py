"""The default answer states and the moves allowed between them (an administrator may change them later)."""

from django.db import migrations

STATES = [
    # code, ru, ky, en, is_initial, requires_text, requires_measure, is_final, tone
    ("not_answered", "Без ответа", "Жооп берилген жок", "Not answered", True, False, False, False, ""),
    ("under_review", "На рассмотрении", "Каралууда", "Under review", False, False, False, False, "warn"),
    ("accepted", "Принята", "Кабыл алынды", "Accepted", False, False, True, True, "ok"),
    ("partially_accepted", "Принята частично", "Жарым-жартылай кабыл алынды", "Partially accepted",
     False, True, False, True, "ok"),
    ("rejected", "Отклонена", "Четке кагылды", "Rejected", False, True, False, True, "bad"),
    ("already_in_plan", "Уже учтена в плане", "Планда мурунтан эле бар", "Already in the plan",
     False, False, True, True, "ok"),
]
TRANSITIONS = [
    *[("not_answered", s[0]) for s in STATES[1:]],
    *[("under_review", s[0]) for s in STATES[2:]],
    *[(s[0], "under_review") for s in STATES[2:]],
]


def forwards(apps, schema_editor):
    AnswerState = apps.get_model("consultations", "AnswerState")
    AnswerTransition = apps.get_model("consultations", "AnswerTransition")
    by_code = {}
    for order, (code, ru, ky, en, initial, req_text, req_measure, final, tone) in enumerate(STATES):
        by_code[code], _ = AnswerState.objects.get_or_create(
            code=code,
            defaults={"name_ru": ru, "name_ky": ky, "name_en": en, "is_initial": initial, "requires_text": req_text,
                      "requires_measure": req_measure, "is_final": final, "tone": tone, "order": order},
        )
    for a, b in TRANSITIONS:
        AnswerTransition.objects.get_or_create(from_state=by_code[a], to_state=by_code[b])


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
