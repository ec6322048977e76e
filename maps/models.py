from django.db import models


class DataVersion(models.Model):
    """One row, bumped by database triggers (migrations 0001-0006) once at the commit of every
    transaction writing to the tables behind the public layers: assets, municipalities, reuse
    projects and organisations; and monitoring reports, which the cached evaluation dashboard
    sums.
    changed_at is the commit's clock time and never goes back (Last-Modified must not).

    Layers, tiles and OGC responses take their ETag from it, which costs one primary-key read
    instead of an aggregate over every public asset.
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"data version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
