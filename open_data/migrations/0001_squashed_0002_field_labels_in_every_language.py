"""open_data 0001-0002 in one migration, for a fast `migrate` of a new database: the model
created once with its final fields and labels. The replaced migrations stay until every database
has applied this one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('open_data', '0001_initial'), ('open_data', '0002_field_labels_in_every_language')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(max_length=255, verbose_name='original name')),
                ('stored_name', models.CharField(max_length=120, verbose_name='stored name')),
                ('preset', models.CharField(max_length=40, verbose_name='preset')),
                ('columns', models.JSONField(blank=True, default=dict, help_text='field -> column, if custom', verbose_name='columns')),
                ('source', models.CharField(blank=True, max_length=40, verbose_name='source')),
                ('srid', models.PositiveIntegerField(default=4326, verbose_name='srid')),
                ('skip_bad_rows', models.BooleanField(default=False, verbose_name='skip bad rows')),
                ('report', models.JSONField(verbose_name='report')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('committed_at', models.DateTimeField(blank=True, null=True, verbose_name='committed at')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='import_runs', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
    ]
