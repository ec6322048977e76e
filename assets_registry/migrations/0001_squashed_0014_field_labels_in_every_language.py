"""assets_registry 0001-0014 in one migration, for a fast `migrate` of a new database.

Each model is created once with its final fields, labels, indexes, constraints and triggers (the
pgtrigger/pghistory triggers are in CreateModel's "triggers" option, installed with the table).
Kept by hand: the jurisdictions of Italy and the Netherlands (0012) and the unaccent extension
(0013). Left out, being no-ops on an empty database (they only correct existing rows):
0004_mark_listed_dates_unknown and 0007_hide_earlier_snapshot_assets.

The replaced migrations stay until every database has applied this one.
"""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.comparison
import django.utils.timezone
import pgtrigger.compiler
from django.conf import settings
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import assets_registry.jurisdiction
from assets_registry.jurisdiction_presets import load_jurisdictions


# From 0012_jurisdictions_of_italy_and_the_netherlands.
def load(apps, schema_editor):
    load_jurisdictions(apps)


def unload(apps, schema_editor):
    apps.get_model("assets_registry", "Jurisdiction").objects.filter(
        country__in=["IT", "NL"]
    ).delete()



class Migration(migrations.Migration):

    replaces = [('assets_registry', '0001_initial'), ('assets_registry', '0002_municipality_region_province_codes'), ('assets_registry', '0003_unknown_status_dates_and_snapshot_confirmation'), ('assets_registry', '0004_mark_listed_dates_unknown'), ('assets_registry', '0005_municipality_history'), ('assets_registry', '0006_asset_identity'), ('assets_registry', '0007_hide_earlier_snapshot_assets'), ('assets_registry', '0008_asset_protected_location'), ('assets_registry', '0009_asset_deleted_reason'), ('assets_registry', '0010_public_location_and_published_indexes'), ('assets_registry', '0011_jurisdiction'), ('assets_registry', '0012_jurisdictions_of_italy_and_the_netherlands'), ('assets_registry', '0013_unaccent'), ('assets_registry', '0014_field_labels_in_every_language')]

    initial = True

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Jurisdiction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(help_text='ISO 3166-1 alpha-2, e.g. IT, NL', max_length=2, unique=True, verbose_name='country')),
                ('name', models.CharField(help_text='e.g. Italy', max_length=100, verbose_name='name')),
                ('language', models.CharField(help_text='The language the official wording below is written in', max_length=10, validators=[assets_registry.jurisdiction.validate_language], verbose_name='language of the law')),
                ('register_title', models.CharField(max_length=200, verbose_name='register title')),
                ('register_legal_basis', models.CharField(help_text='Citation as the law writes it, e.g. art. 48, comma 3, lett. c), D.Lgs. 159/2011', max_length=300, verbose_name='legal basis of the register')),
                ('register_intro', models.TextField(help_text='What the register lists, and why', verbose_name='register introduction')),
                ('allocating_body', models.CharField(help_text='Who decides the destination', max_length=300, verbose_name='allocating body')),
                ('other_measures', models.TextField(blank=True, help_text='Measures outside the lifecycle that bring a property in, e.g. closures', verbose_name='other measures')),
            ],
            options={
                'verbose_name': 'jurisdiction',
                'verbose_name_plural': 'jurisdictions',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Municipality',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('country', models.CharField(help_text='ISO 3166-1 alpha-2, e.g. IT, NL', max_length=2, verbose_name='country')),
                ('code', models.CharField(help_text="Official code in its country's scheme: ISTAT (IT), CBS (NL), INSEE (FR), LAU", max_length=20, verbose_name='code')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('region', models.CharField(blank=True, max_length=200, verbose_name='region')),
                ('province', models.CharField(blank=True, max_length=200, verbose_name='province')),
                ('boundary', django.contrib.gis.db.models.fields.MultiPolygonField(srid=4326, verbose_name='boundary')),
                ('representative_point', django.contrib.gis.db.models.fields.PointField(blank=True, editable=False, null=True, srid=4326, verbose_name='representative point')),
                ('population', models.PositiveIntegerField(blank=True, null=True, verbose_name='population')),
                ('is_published', models.BooleanField(default=False, help_text="Publish this municipality's assets on the public maps and register", verbose_name='is published')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('last_asset_number', models.PositiveIntegerField(default=0, editable=False, verbose_name='last asset number')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('province_code', models.CharField(blank=True, max_length=20, verbose_name='province code')),
                ('region_code', models.CharField(blank=True, max_length=20, verbose_name='region code')),
            ],
            options={
                'verbose_name_plural': 'municipalities',
                'ordering': ['name'],
                'indexes': [models.Index(condition=models.Q(('is_published', True)), fields=['id'], include=('slug',), name='municipality_published')],
                'constraints': [models.UniqueConstraint(fields=('country', 'code'), name='municipality_unique_code')],
            },
        ),
        migrations.CreateModel(
            name='Asset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(editable=False, help_text='Stable public reference', max_length=40, unique=True, verbose_name='reference')),
                ('external_source', models.CharField(blank=True, help_text='Who issued the external id, e.g. ANBSC', max_length=40, verbose_name='external source')),
                ('external_id', models.CharField(blank=True, help_text='e.g. I-PA-123456', max_length=80, verbose_name='external id')),
                ('kind', models.CharField(choices=[('building_unit', 'Building unit'), ('land', 'Land'), ('company', 'Company'), ('movable', 'Movable goods')], max_length=20, verbose_name='kind')),
                ('category', models.CharField(blank=True, max_length=120, verbose_name='category')),
                ('subcategory', models.CharField(blank=True, max_length=200, verbose_name='subcategory')),
                ('title', models.CharField(blank=True, help_text='Short public name', max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, help_text='Public description', verbose_name='description')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('location', django.contrib.gis.db.models.fields.PointField(blank=True, null=True, srid=4326, verbose_name='location')),
                ('location_precision', models.CharField(choices=[('exact', 'Exact (building or parcel)'), ('street', 'Street'), ('municipality_centroid', 'Municipality centroid'), ('unknown', 'Unknown')], default='unknown', max_length=30, verbose_name='location precision')),
                ('parcels', django.contrib.gis.db.models.fields.MultiPolygonField(blank=True, null=True, srid=4326, verbose_name='parcels')),
                ('cadastral_reference', models.CharField(blank=True, help_text='e.g. sheet 12, parcel 345, sub-unit 6', max_length=200, verbose_name='cadastral reference')),
                ('floor_area_m2', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='floor area (m²)')),
                ('land_area_m2', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='land area (m²)')),
                ('condition', models.CharField(choices=[('unknown', 'Unknown'), ('good', 'Good'), ('needs_repair', 'Needs repair'), ('derelict', 'Derelict')], default='unknown', max_length=20, verbose_name='condition')),
                ('occupancy', models.CharField(choices=[('unknown', 'Unknown'), ('vacant', 'Vacant'), ('occupied_by_former_owner', 'Occupied by the former owner'), ('occupied_by_third_party', 'Occupied by a third party'), ('in_use', 'In use by the concessionaire')], default='unknown', max_length=30, verbose_name='occupancy')),
                ('estimated_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='estimated value')),
                ('confiscated_share', models.DecimalField(blank=True, decimal_places=2, help_text='Percent of the asset confiscated; empty when not known', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='confiscated share')),
                ('court', models.CharField(blank=True, max_length=200, verbose_name='court')),
                ('case_number', models.CharField(blank=True, max_length=100, verbose_name='case number')),
                ('procedure_type', models.CharField(blank=True, choices=[('', 'Unknown'), ('criminal', 'Criminal proceeding'), ('prevention', 'Prevention measure')], default='', max_length=20, verbose_name='procedure type')),
                ('internal_notes', models.TextField(blank=True, verbose_name='internal notes')),
                ('status', models.CharField(choices=[('seized', 'Seized'), ('confiscated_first_instance', 'Confiscated (first instance)'), ('confiscated_appeal', 'Confiscated (appeal)'), ('confiscated_final', 'Confiscated (final)'), ('released', 'Released (seizure or confiscation revoked)'), ('allocated', 'Allocated'), ('delivered', 'Delivered'), ('revoked_allocation', 'Allocation revoked'), ('for_sale', 'For sale'), ('sold', 'Sold'), ('demolished', 'Demolished')], editable=False, max_length=40, verbose_name='status')),
                ('status_date', models.DateField(editable=False, null=True, verbose_name='status date')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='assets_registry.municipality', verbose_name='municipality')),
                ('pending_confirmation', models.BooleanField(default=False, editable=False, help_text='Off the public pages until an officer confirms it (old snapshot rows)', verbose_name='pending confirmation')),
                ('protected_location', models.BooleanField(default=False, help_text='Sensitive place (e.g. a shelter): public pages, layers and exports show only its municipality, never the address, coordinates, parcels or cadastral reference', verbose_name='protected location')),
                ('deleted_reason', models.TextField(blank=True, editable=False, verbose_name='reason for deletion')),
            ],
            options={
                'ordering': ['reference'],
                'permissions': [('national_administrator', 'Acts as national administrator for every municipality')],
                'indexes': [models.Index(fields=['external_source', 'external_id'], name='assets_regi_externa_537c42_idx'), django.contrib.postgres.indexes.GistIndex(models.F('location'), condition=models.Q(('deleted_at__isnull', True), ('status__in', ['allocated', 'confiscated_final', 'delivered', 'demolished', 'for_sale', 'revoked_allocation', 'sold'])), name='asset_public_location')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('external_id', ''), _negated=True), fields=('external_source', 'external_id'), name='asset_unique_external_id'), models.CheckConstraint(condition=models.Q(('confiscated_share__isnull', True), models.Q(('confiscated_share__gte', 0), ('confiscated_share__lte', 100)), _connector='OR'), name='asset_confiscated_share_percent')],
                'triggers': [pgtrigger.compiler.Trigger(name='asset_no_hard_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='534e82fc56ebc6641826962b921f4f5f4f3b9f95', operation='DELETE', pgid='pgtrigger_asset_no_hard_delete_300ee', table='assets_registry_asset', when='BEFORE')), pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "assets_registry_assethistory" ("address", "cadastral_reference", "case_number", "category", "condition", "confiscated_share", "court", "created_at", "created_by_id", "deleted_at", "deleted_by_id", "deleted_reason", "description", "estimated_value", "external_id", "external_source", "floor_area_m2", "id", "internal_notes", "kind", "land_area_m2", "location", "location_precision", "municipality_id", "occupancy", "parcels", "pending_confirmation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "procedure_type", "protected_location", "reference", "status", "status_date", "subcategory", "title", "updated_at", "version") VALUES (NEW."address", NEW."cadastral_reference", NEW."case_number", NEW."category", NEW."condition", NEW."confiscated_share", NEW."court", NEW."created_at", NEW."created_by_id", NEW."deleted_at", NEW."deleted_by_id", NEW."deleted_reason", NEW."description", NEW."estimated_value", NEW."external_id", NEW."external_source", NEW."floor_area_m2", NEW."id", NEW."internal_notes", NEW."kind", NEW."land_area_m2", NEW."location", NEW."location_precision", NEW."municipality_id", NEW."occupancy", NEW."parcels", NEW."pending_confirmation", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."procedure_type", NEW."protected_location", NEW."reference", NEW."status", NEW."status_date", NEW."subcategory", NEW."title", NEW."updated_at", NEW."version"); RETURN NULL;', hash='02bd520effef75a22dd0930b2e8235c986516ff9', operation='INSERT', pgid='pgtrigger_insert_insert_ff348', table='assets_registry_asset', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "assets_registry_assethistory" ("address", "cadastral_reference", "case_number", "category", "condition", "confiscated_share", "court", "created_at", "created_by_id", "deleted_at", "deleted_by_id", "deleted_reason", "description", "estimated_value", "external_id", "external_source", "floor_area_m2", "id", "internal_notes", "kind", "land_area_m2", "location", "location_precision", "municipality_id", "occupancy", "parcels", "pending_confirmation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "procedure_type", "protected_location", "reference", "status", "status_date", "subcategory", "title", "updated_at", "version") VALUES (NEW."address", NEW."cadastral_reference", NEW."case_number", NEW."category", NEW."condition", NEW."confiscated_share", NEW."court", NEW."created_at", NEW."created_by_id", NEW."deleted_at", NEW."deleted_by_id", NEW."deleted_reason", NEW."description", NEW."estimated_value", NEW."external_id", NEW."external_source", NEW."floor_area_m2", NEW."id", NEW."internal_notes", NEW."kind", NEW."land_area_m2", NEW."location", NEW."location_precision", NEW."municipality_id", NEW."occupancy", NEW."parcels", NEW."pending_confirmation", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."procedure_type", NEW."protected_location", NEW."reference", NEW."status", NEW."status_date", NEW."subcategory", NEW."title", NEW."updated_at", NEW."version"); RETURN NULL;', hash='aacced763d077526a5882f81153e2ef6f572acc5', operation='UPDATE', pgid='pgtrigger_update_update_db738', table='assets_registry_asset', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='AssetHistory',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('reference', models.CharField(editable=False, help_text='Stable public reference', max_length=40, verbose_name='reference')),
                ('external_source', models.CharField(blank=True, help_text='Who issued the external id, e.g. ANBSC', max_length=40, verbose_name='external source')),
                ('external_id', models.CharField(blank=True, help_text='e.g. I-PA-123456', max_length=80, verbose_name='external id')),
                ('kind', models.CharField(choices=[('building_unit', 'Building unit'), ('land', 'Land'), ('company', 'Company'), ('movable', 'Movable goods')], max_length=20, verbose_name='kind')),
                ('category', models.CharField(blank=True, max_length=120, verbose_name='category')),
                ('subcategory', models.CharField(blank=True, max_length=200, verbose_name='subcategory')),
                ('title', models.CharField(blank=True, help_text='Short public name', max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, help_text='Public description', verbose_name='description')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('location', django.contrib.gis.db.models.fields.PointField(blank=True, null=True, srid=4326, verbose_name='location')),
                ('location_precision', models.CharField(choices=[('exact', 'Exact (building or parcel)'), ('street', 'Street'), ('municipality_centroid', 'Municipality centroid'), ('unknown', 'Unknown')], default='unknown', max_length=30, verbose_name='location precision')),
                ('parcels', django.contrib.gis.db.models.fields.MultiPolygonField(blank=True, null=True, srid=4326, verbose_name='parcels')),
                ('cadastral_reference', models.CharField(blank=True, help_text='e.g. sheet 12, parcel 345, sub-unit 6', max_length=200, verbose_name='cadastral reference')),
                ('floor_area_m2', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='floor area (m²)')),
                ('land_area_m2', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='land area (m²)')),
                ('condition', models.CharField(choices=[('unknown', 'Unknown'), ('good', 'Good'), ('needs_repair', 'Needs repair'), ('derelict', 'Derelict')], default='unknown', max_length=20, verbose_name='condition')),
                ('occupancy', models.CharField(choices=[('unknown', 'Unknown'), ('vacant', 'Vacant'), ('occupied_by_former_owner', 'Occupied by the former owner'), ('occupied_by_third_party', 'Occupied by a third party'), ('in_use', 'In use by the concessionaire')], default='unknown', max_length=30, verbose_name='occupancy')),
                ('estimated_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='estimated value')),
                ('confiscated_share', models.DecimalField(blank=True, decimal_places=2, help_text='Percent of the asset confiscated; empty when not known', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='confiscated share')),
                ('court', models.CharField(blank=True, max_length=200, verbose_name='court')),
                ('case_number', models.CharField(blank=True, max_length=100, verbose_name='case number')),
                ('procedure_type', models.CharField(blank=True, choices=[('', 'Unknown'), ('criminal', 'Criminal proceeding'), ('prevention', 'Prevention measure')], default='', max_length=20, verbose_name='procedure type')),
                ('internal_notes', models.TextField(blank=True, verbose_name='internal notes')),
                ('status', models.CharField(choices=[('seized', 'Seized'), ('confiscated_first_instance', 'Confiscated (first instance)'), ('confiscated_appeal', 'Confiscated (appeal)'), ('confiscated_final', 'Confiscated (final)'), ('released', 'Released (seizure or confiscation revoked)'), ('allocated', 'Allocated'), ('delivered', 'Delivered'), ('revoked_allocation', 'Allocation revoked'), ('for_sale', 'For sale'), ('sold', 'Sold'), ('demolished', 'Demolished')], editable=False, max_length=40, verbose_name='status')),
                ('status_date', models.DateField(editable=False, null=True, verbose_name='status date')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('deleted_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='assets_registry.asset')),
                ('municipality', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='assets_registry.municipality', verbose_name='municipality')),
                ('pending_confirmation', models.BooleanField(default=False, editable=False, help_text='Off the public pages until an officer confirms it (old snapshot rows)', verbose_name='pending confirmation')),
                ('protected_location', models.BooleanField(default=False, help_text='Sensitive place (e.g. a shelter): public pages, layers and exports show only its municipality, never the address, coordinates, parcels or cadastral reference', verbose_name='protected location')),
                ('deleted_reason', models.TextField(blank=True, editable=False, verbose_name='reason for deletion')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MunicipalityMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('officer', 'Municipal officer'), ('manager', 'Municipal manager')], default='officer', max_length=20, verbose_name='role')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='assets_registry.municipality', verbose_name='municipality')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='municipality_memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'municipality'), name='municipality_membership_unique')],
            },
        ),
        migrations.CreateModel(
            name='MunicipalityPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('anpr_id', models.PositiveIntegerField(unique=True)),
                ('code', models.CharField(help_text='ISTAT code during this period', max_length=6)),
                ('cadastral_code', models.CharField(blank=True, help_text='Kept when ISTAT renumbers a municipality', max_length=4)),
                ('name', models.CharField(max_length=200)),
                ('province_code', models.CharField(blank=True, max_length=3)),
                ('province_abbreviation', models.CharField(blank=True, max_length=2)),
                ('valid_from', models.DateField()),
                ('valid_to', models.DateField(blank=True, help_text='Empty: still valid', null=True)),
            ],
            options={
                'ordering': ['code', 'valid_from'],
                'indexes': [models.Index(fields=['code'], name='assets_regi_code_534193_idx'), models.Index(fields=['cadastral_code'], name='assets_regi_cadastr_ae4739_idx')],
            },
        ),
        migrations.CreateModel(
            name='StatusEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('seized', 'Seized'), ('confiscated_first_instance', 'Confiscated (first instance)'), ('confiscated_appeal', 'Confiscated (appeal)'), ('confiscated_final', 'Confiscated (final)'), ('released', 'Released (seizure or confiscation revoked)'), ('allocated', 'Allocated'), ('delivered', 'Delivered'), ('revoked_allocation', 'Allocation revoked'), ('for_sale', 'For sale'), ('sold', 'Sold'), ('demolished', 'Demolished')], max_length=40, verbose_name='status')),
                ('effective_date', models.DateField(blank=True, null=True, verbose_name='effective date')),
                ('reference', models.CharField(blank=True, help_text='Decree or deed reference', max_length=200, verbose_name='reference')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('asset', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_events', to='assets_registry.asset', verbose_name='asset')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('read_on', models.DateField(blank=True, null=True, verbose_name='read on')),
            ],
            options={
                'ordering': ['asset', models.OrderBy(django.db.models.functions.comparison.Coalesce('effective_date', 'read_on'), nulls_first=True), 'recorded_at', 'id'],
                'indexes': [models.Index(fields=['asset', '-effective_date', '-recorded_at'], name='assets_regi_asset_i_8b7bf3_idx')],
                'triggers': [pgtrigger.compiler.Trigger(name='status_event_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='ffe5e328dee814563bfca3242ca385eaf2126772', operation='UPDATE OR DELETE', pgid='pgtrigger_status_event_append_only_0248e', table='assets_registry_statusevent', when='BEFORE')), pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "assets_registry_statuseventhistory" ("asset_id", "effective_date", "id", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "read_on", "recorded_at", "recorded_by_id", "reference", "status") VALUES (NEW."asset_id", NEW."effective_date", NEW."id", NEW."note", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."read_on", NEW."recorded_at", NEW."recorded_by_id", NEW."reference", NEW."status"); RETURN NULL;', hash='03682053300daa50a16eb2469f6c750ac95f98a9', operation='INSERT', pgid='pgtrigger_insert_insert_65145', table='assets_registry_statusevent', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='StatusEventHistory',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('status', models.CharField(choices=[('seized', 'Seized'), ('confiscated_first_instance', 'Confiscated (first instance)'), ('confiscated_appeal', 'Confiscated (appeal)'), ('confiscated_final', 'Confiscated (final)'), ('released', 'Released (seizure or confiscation revoked)'), ('allocated', 'Allocated'), ('delivered', 'Delivered'), ('revoked_allocation', 'Allocation revoked'), ('for_sale', 'For sale'), ('sold', 'Sold'), ('demolished', 'Demolished')], max_length=40, verbose_name='status')),
                ('effective_date', models.DateField(blank=True, null=True, verbose_name='effective date')),
                ('reference', models.CharField(blank=True, help_text='Decree or deed reference', max_length=200, verbose_name='reference')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('asset', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='assets_registry.asset', verbose_name='asset')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='assets_registry.statusevent')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('read_on', models.DateField(blank=True, null=True, verbose_name='read on')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='AssetIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40)),
                ('identifier', models.CharField(max_length=80)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('asset', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='identities', to='assets_registry.asset')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('source', 'identifier'), name='asset_identity_unique_source_id')],
            },
        ),
        migrations.CreateModel(
            name='JurisdictionStage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('seized', 'Seized'), ('confiscated_first_instance', 'Confiscated (first instance)'), ('confiscated_appeal', 'Confiscated (appeal)'), ('confiscated_final', 'Confiscated (final)'), ('released', 'Released (seizure or confiscation revoked)'), ('allocated', 'Allocated'), ('delivered', 'Delivered'), ('revoked_allocation', 'Allocation revoked'), ('for_sale', 'For sale'), ('sold', 'Sold'), ('demolished', 'Demolished')], max_length=40, verbose_name='status')),
                ('name', models.CharField(max_length=200, verbose_name='official name')),
                ('legal_basis', models.CharField(blank=True, max_length=200, verbose_name='legal basis')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='assets_registry.jurisdiction')),
            ],
            options={
                'verbose_name': 'stage',
                'verbose_name_plural': 'stages',
                'ordering': ['jurisdiction', 'id'],
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'status'), name='jurisdiction_stage_unique')],
            },
        ),
        migrations.CreateModel(
            name='JurisdictionWording',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, validators=[assets_registry.jurisdiction.validate_language], verbose_name='language')),
                ('key', models.CharField(choices=[('register_title', 'register title'), ('register_intro', 'register introduction'), ('allocating_body', 'allocating body'), ('other_measures', 'other measures'), ('stage:seized', 'Seized'), ('stage:confiscated_first_instance', 'Confiscated (first instance)'), ('stage:confiscated_appeal', 'Confiscated (appeal)'), ('stage:confiscated_final', 'Confiscated (final)'), ('stage:released', 'Released (seizure or confiscation revoked)'), ('stage:allocated', 'Allocated'), ('stage:delivered', 'Delivered'), ('stage:revoked_allocation', 'Allocation revoked'), ('stage:for_sale', 'For sale'), ('stage:sold', 'Sold'), ('stage:demolished', 'Demolished')], max_length=60, verbose_name='what')),
                ('text', models.TextField(verbose_name='text')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='wordings', to='assets_registry.jurisdiction')),
            ],
            options={
                'verbose_name': 'translated wording',
                'verbose_name_plural': 'translated wordings',
                'ordering': ['jurisdiction', 'language', 'key'],
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'language', 'key'), name='jurisdiction_wording_unique')],
            },
        ),
        # 0012: Italy and the Netherlands (assets_registry/jurisdiction_presets.py).
        migrations.RunPython(load, unload),
        # 0013: the register's search ignores accents (open_data.register).
        UnaccentExtension(),
    ]
