from django.db import migrations


def forwards(apps, schema_editor):
    """Ship the frameworks in reviews/frameworks.py (edition 1, no partnership), as editable data."""
    from reviews.frameworks import FRAMEWORKS

    Framework = apps.get_model("reviews", "ReviewFramework")
    Question = apps.get_model("reviews", "Question")
    for name, (source, description, sections) in FRAMEWORKS.items():
        if Framework.objects.filter(partnership=None, name=name).exists():
            continue
        framework = Framework.objects.create(name=name, source=source, description=description)
        order = 0
        for section, questions in sections:
            for text, guidance in questions:
                order += 1
                Question.objects.create(framework=framework, section=section, order=order, text=text, guidance=guidance)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
