"""A migration operation for many AlterField at once.

Translating every field label produced hundreds of AlterField operations that change only what
Django keeps in Python (verbose names, help texts). Each AlterField re-renders its model and the
models related to it, so those migrations alone took 14 of the 20 seconds of `migrate`, paid again
by every test database. `AlterFields` applies the same operations and renders each model once.
"""

from django.db import migrations
from django.db.migrations.utils import field_is_referenced


class AlterFields(migrations.operations.base.Operation):
    """The given AlterField operations of one app, with one reload per model.

    The database side is each AlterField's own, so a change that does reach the database (a
    max_length, a null) is still applied; a label change is a no-op there as with AlterField.
    """

    category = migrations.operations.base.OperationCategory.ALTERATION

    def __init__(self, operations):
        fields = [(op.model_name_lower, op.name_lower) for op in operations]
        if len(set(fields)) != len(fields):
            # One field altered twice would read the wrong "before" state in database_forwards.
            raise ValueError("AlterFields: each field may be altered only once")
        self.operations = operations

    def deconstruct(self):
        return (self.__class__.__name__, [self.operations], {})

    def state_forwards(self, app_label, state):
        # ProjectState.alter_field without its reload_model, which runs once per model below.
        delays = {}
        for op in self.operations:
            field = op.field
            if not op.preserve_default:
                field = field.clone()
                field.default = migrations.operations.fields.NOT_PROVIDED
            model_key = app_label, op.model_name_lower
            fields = state.models[model_key].fields
            if state._relations is not None:
                old_field = fields.pop(op.name)
                if old_field.is_relation:
                    state.resolve_model_field_relations(model_key, op.name, old_field)
                fields[op.name] = field
                if field.is_relation:
                    state.resolve_model_field_relations(model_key, op.name, field)
            else:
                fields[op.name] = field
            delay = not field.is_relation and not field_is_referenced(
                state, model_key, (op.name, field)
            )
            delays[model_key] = delays.get(model_key, True) and delay
        for model_key, delay in delays.items():
            state.reload_model(*model_key, delay=delay)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for op in self.operations:
            op.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for op in reversed(self.operations):
            op.database_backwards(app_label, schema_editor, from_state, to_state)

    def references_model(self, name, app_label):
        return any(op.references_model(name, app_label) for op in self.operations)

    def references_field(self, model_name, name, app_label):
        return any(op.references_field(model_name, name, app_label) for op in self.operations)

    def describe(self):
        return f"Alter {len(self.operations)} fields"

    @property
    def migration_name_fragment(self):
        return "alter_fields"
