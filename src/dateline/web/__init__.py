"""web/: ``dateline serve`` — pages rendered on the server and a JSON API over a corpus.

app.py            create_app(db): FastAPI on a read-only corpus (one connection per
                  thread); pages + /api + static/ (StaticFiles only)
pages.py          search, quotes, timeline, status; pages_article.py, pages_entity.py,
                  pages_map.py (world-atlas TopoJSON projected to SVG on the server);
                  pages_common.py; Jinja2 templates in templates/ (autoescaping on),
                  one partial per stage in templates/partials/
browse.py         read-only, parametrized queries the pages and the API share;
                  browse_search.py: the search page's facets and pages
api.py            /api/: the same data as JSON (records as dateline.article/1),
                  signed cursors, streaming JSON Lines export
security.py       headers (CSP without inline script …), request size and time limits,
                  JSON errors
"""
