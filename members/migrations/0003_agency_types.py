from django.db import migrations


def forwards(apps, schema_editor):
    from members.taxonomy import load_agency_types

    load_agency_types(apps.get_model("members", "AgencyType"))


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
