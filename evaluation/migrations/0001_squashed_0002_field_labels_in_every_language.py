"""evaluation 0001-0002 in one migration, for a fast `migrate` of a new database: each model
created once with its final fields, labels and triggers. The replaced migrations stay until every
database has applied this one.
"""

import django.db.models.deletion
import pgtrigger.compiler
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('evaluation', '0001_good_practice_sheet'), ('evaluation', '0002_field_labels_in_every_language')]

    initial = True

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        ('reuse_projects', '0008_field_labels_in_every_language'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GoodPracticeSheet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], default='draft', max_length=20, verbose_name='status')),
                ('summary', models.CharField(blank=True, help_text='One sentence for the list', max_length=300, verbose_name='summary')),
                ('context', models.TextField(blank=True, help_text='The neighbourhood, the asset, the problem', verbose_name='context')),
                ('actions', models.TextField(blank=True, verbose_name='what was done')),
                ('partners', models.TextField(blank=True, verbose_name='partners')),
                ('costs', models.TextField(blank=True, help_text='Works, running costs', verbose_name='costs')),
                ('total_cost', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='total cost (EUR)')),
                ('funding', models.TextField(blank=True, verbose_name='funding')),
                ('difficulties', models.TextField(blank=True, verbose_name='what went wrong')),
                ('lessons', models.TextField(blank=True, verbose_name='what was learned')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact name')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                ('review_note', models.TextField(blank=True, editable=False, verbose_name='review note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='submitted at')),
                ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='reviewed at')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='published at')),
                ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('project', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='good_practice_sheet', to='reuse_projects.reuseproject', verbose_name='project')),
                ('reviewed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
            ],
            options={
                'ordering': ['-published_at', '-updated_at'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "evaluation_goodpracticesheethistory" ("actions", "contact_email", "contact_name", "context", "costs", "created_at", "created_by_id", "difficulties", "funding", "id", "lessons", "partners", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "published_at", "review_note", "reviewed_at", "reviewed_by_id", "status", "submitted_at", "summary", "total_cost", "updated_at") VALUES (NEW."actions", NEW."contact_email", NEW."contact_name", NEW."context", NEW."costs", NEW."created_at", NEW."created_by_id", NEW."difficulties", NEW."funding", NEW."id", NEW."lessons", NEW."partners", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."project_id", NEW."published_at", NEW."review_note", NEW."reviewed_at", NEW."reviewed_by_id", NEW."status", NEW."submitted_at", NEW."summary", NEW."total_cost", NEW."updated_at"); RETURN NULL;', hash='969aa3f00093caf41956c38243767645bea27d4a', operation='INSERT', pgid='pgtrigger_insert_insert_4e62e', table='evaluation_goodpracticesheet', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "evaluation_goodpracticesheethistory" ("actions", "contact_email", "contact_name", "context", "costs", "created_at", "created_by_id", "difficulties", "funding", "id", "lessons", "partners", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "project_id", "published_at", "review_note", "reviewed_at", "reviewed_by_id", "status", "submitted_at", "summary", "total_cost", "updated_at") VALUES (NEW."actions", NEW."contact_email", NEW."contact_name", NEW."context", NEW."costs", NEW."created_at", NEW."created_by_id", NEW."difficulties", NEW."funding", NEW."id", NEW."lessons", NEW."partners", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."project_id", NEW."published_at", NEW."review_note", NEW."reviewed_at", NEW."reviewed_by_id", NEW."status", NEW."submitted_at", NEW."summary", NEW."total_cost", NEW."updated_at"); RETURN NULL;', hash='2db92fd8c9760648b1920d5f68beaeb0b761b239', operation='UPDATE', pgid='pgtrigger_update_update_3b33b', table='evaluation_goodpracticesheet', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='GoodPracticeSheetHistory',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], default='draft', max_length=20, verbose_name='status')),
                ('summary', models.CharField(blank=True, help_text='One sentence for the list', max_length=300, verbose_name='summary')),
                ('context', models.TextField(blank=True, help_text='The neighbourhood, the asset, the problem', verbose_name='context')),
                ('actions', models.TextField(blank=True, verbose_name='what was done')),
                ('partners', models.TextField(blank=True, verbose_name='partners')),
                ('costs', models.TextField(blank=True, help_text='Works, running costs', verbose_name='costs')),
                ('total_cost', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='total cost (EUR)')),
                ('funding', models.TextField(blank=True, verbose_name='funding')),
                ('difficulties', models.TextField(blank=True, verbose_name='what went wrong')),
                ('lessons', models.TextField(blank=True, verbose_name='what was learned')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact name')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                ('review_note', models.TextField(blank=True, editable=False, verbose_name='review note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='submitted at')),
                ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='reviewed at')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='published at')),
                ('created_by', models.ForeignKey(db_constraint=False, editable=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='evaluation.goodpracticesheet')),
                ('project', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='reuse_projects.reuseproject', verbose_name='project')),
                ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
