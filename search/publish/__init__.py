"""The publishing layer: the static website (``website/``) and the HTTP server
(``server/``) that serves it with live search, side by side because each uses the
other (the builder asks the index for topic pages; the server renders the site's
search page).
"""
