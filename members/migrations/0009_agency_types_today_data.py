from django.db import migrations


def forwards(apps, schema_editor):
    from members.taxonomy import load_today_types

    load_today_types(apps.get_model("members", "AgencyType"))


class Migration(migrations.Migration):
    dependencies = [("members", "0008_agency_types_today")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
