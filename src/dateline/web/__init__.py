"""web/: ``dateline serve`` — pages rendered on the server and a JSON API over a corpus.

    app.py       create_app(db): FastAPI app on a read-only corpus; pages + /api + static
    pages.py     HTML routes (Jinja2 templates in templates/, autoescaping on)
    browse.py    read-only queries the pages and the API share
    api.py       /api/: the same data as JSON (records as dateline.article/1)
    security.py  headers (CSP without inline script …), request size and time limits
"""
