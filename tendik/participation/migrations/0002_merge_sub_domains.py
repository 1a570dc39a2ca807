# Joins the four sub-domains' first migrations while they are built in parallel; squashed into one before landing.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_bodies"),
        ("participation", "0001_monitoring"),
        ("participation", "0001_reserve_trainings"),
        ("participation", "0001_vawp"),
    ]

    operations = []
