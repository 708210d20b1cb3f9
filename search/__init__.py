"""Search: Vietnamese analysis, the Whoosh index, queries, the site builder and server."""
