"""The search server: a WSGI app on waitress serving the built site, ``/search``,
``/api/search`` and the archived captures (``app.py`` puts it together).
"""
