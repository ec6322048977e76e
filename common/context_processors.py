def database_read_only(request):
    """Lets base.html tell signed-in users that saving is impossible while the primary is down."""
    return {"database_read_only": getattr(request, "database_read_only", False)}
