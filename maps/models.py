from django.db import models


class DataVersion(models.Model):
    """One row, bumped by database triggers (see migration 0001) on every write to the tables behind
    the public layers: assets, municipalities, reuse projects and organisations.

    Layers, tiles and OGC responses take their ETag from it, which costs one primary-key read
    instead of an aggregate over every public asset.
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"data version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
