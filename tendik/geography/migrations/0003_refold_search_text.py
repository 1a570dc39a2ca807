"""Re-fold stored search texts with the wider folding of normalise_name (ң→н, ө→о, ү→у, hyphens→spaces)."""

from django.db import migrations

_FOLD = str.maketrans({"ё": "е", "ң": "н", "ӊ": "н", "ө": "о", "ү": "у", "-": " ", "‐": " ", "–": " ", "—": " "})


def refold(apps, schema_editor):
    Unit = apps.get_model("geography", "AdministrativeUnit")
    for unit in Unit.objects.only("pk", "search_text").iterator():
        text = " ".join(unit.search_text.lower().translate(_FOLD).split())
        if text != unit.search_text:
            Unit.objects.filter(pk=unit.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("geography", "0002_boundaries_names_imports")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
